// The HTML report's script: one self-contained file (charts and styles) that
// `w2t run --report` inlines into the page it writes.
import { defineConfig } from "vite";

export default defineConfig({
  // A library build leaves process.env.NODE_ENV to its user; the page has no process.
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  build: {
    outDir: "dist/report",
    emptyOutDir: true,
    cssCodeSplit: false,
    lib: {
      entry: "src/report.ts",
      name: "w2tReport",
      formats: ["iife"],
      fileName: () => "report.js",
      cssFileName: "report",
    },
  },
});
