// The w2t JSON API (docs/api.yaml), from the dashboard.
import type { MonteCarlo, Parameter, RunView, Sensitivity, StoredRun } from "./types";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const doc = text.length > 0 ? JSON.parse(text) : {};
  if (!response.ok) throw new ApiError(doc.code ?? String(response.status), doc.message ?? response.statusText, doc.path ?? "");
  return doc as T;
}

export type Overrides = Record<string, string>;

export const api = {
  data: () => call<{ scenario: string; parameters: Parameter[] }>("GET", "api/data"),
  run: (set: Overrides, store = false) => call<RunView>("POST", "api/run", { set, store }),
  mc: (set: Overrides, samples: number) => call<MonteCarlo>("POST", "api/mc", { set, samples }),
  sensitivity: (set: Overrides, metric: string) =>
    call<Sensitivity>("POST", "api/sensitivity", { set, metric, top: 12, samples: 0 }),
  runs: () => call<StoredRun[]>("GET", "api/runs"),
  storedRun: (id: number) => call<Record<string, unknown>>("GET", `api/runs/${id}`),
  diff: (a: number, b: number) => call<Record<string, unknown>>("GET", `api/runs/${a}/diff/${b}`),
};
