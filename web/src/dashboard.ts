// The dashboard: one run of the model drawn as charts, re-run on every edit.
import "./style.css";
import { api, ApiError, type Inputs, type Overrides } from "./api";
import { el, fill, link } from "./dom";
import {
  demandOption,
  draw,
  fanOption,
  figuresTable,
  flowsOption,
  human,
  opsFailuresOption,
  opsFigures,
  opsLatencyOption,
  opsSitesOption,
  opsTimelineOption,
  perEntityOption,
  supplyOption,
  tornadoOption,
} from "./charts";
import type { MonteCarlo, Ops, Parameter, RunView, Sensitivity, StoredRun } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state: {
  overrides: Overrides;
  scenarioYaml?: string;
  base?: RunView;
  view?: RunView;
  parameters: Parameter[];
  mc?: MonteCarlo;
  sensitivity?: Sensitivity;
  ops?: Ops;
  tab: string;
} = { overrides: {}, parameters: [], tab: "flows" };

const inputs = (): Inputs => ({ set: state.overrides, scenario_yaml: state.scenarioYaml });

function status(text: string, error = false) {
  const s = $("status");
  s.textContent = text;
  s.className = error ? "status error" : "status";
}

function describe(e: unknown): string {
  if (e instanceof ApiError) return `${e.where ? e.where + ": " : ""}${e.path ? e.path + ": " : ""}${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

// The headline figures, with their change from the unedited run.
function kpis(view: RunView, base?: RunView) {
  const s = view.summary;
  const b = base?.summary;
  const items: [string, number, number | undefined, string][] = [
    ["GW of IT online", s.gw_online, b?.gw_online, ""],
    ["accelerators switched on", s.accelerators_installed, b?.accelerators_installed, ""],
    ["energy", s.energy_mwh / 1e6, b ? b.energy_mwh / 1e6 : undefined, " TWh"],
    ["operational CO2e", s.co2e_operational_t / 1e6, b ? b.co2e_operational_t / 1e6 : undefined, " Mt"],
    ["capex", s.capex_usd, b?.capex_usd, " $"],
    ["tokens a day served", s.tokens_per_day_served, b?.tokens_per_day_served, ""],
    ["$ per million tokens", s.usd_per_million_tokens, b?.usd_per_million_tokens, ""],
    ["$ per GPU-hour", s.usd_per_gpu_hour, b?.usd_per_gpu_hour, ""],
  ];
  fill(
    $("kpis"),
    items.map(([label, value, old, unit]) => {
      let delta: Node | null = null;
      if (old !== undefined && old !== 0 && Object.keys(state.overrides).length > 0 && value !== old) {
        const change = (value - old) / Math.abs(old);
        delta = el("span", { class: `delta ${change > 0 ? "up" : "down"}` }, `${change > 0 ? "+" : ""}${(100 * change).toFixed(1)}%`);
      }
      return el("div", { class: "kpi" }, el("div", { class: "value" }, `${human(value)}${unit}`, delta), el("div", { class: "label" }, label));
    }),
  );
}

function drawTab() {
  // The kept runs are listed even when the model has not run (yet).
  if (state.tab === "runs") {
    void runsTable();
    return;
  }
  const view = state.view;
  if (view === undefined) return;
  switch (state.tab) {
    case "flows":
      draw($("chart-flows"), flowsOption(view));
      break;
    case "supply":
      draw($("chart-supply"), supplyOption(view));
      break;
    case "sites":
      draw($("chart-pue"), perEntityOption(view, "sites", "pue", "PUE by site"));
      draw($("chart-energy"), perEntityOption(view, "sites", "energy", "Energy a month by site"));
      draw($("chart-carbon"), perEntityOption(view, "sites", "co2e_operational", "Operational CO2e a month by site"));
      draw($("chart-capex"), perEntityOption(view, "sites", "capex", "Capex a month by site"));
      siteTable(view);
      break;
    case "demand":
      draw($("chart-demand"), demandOption(view));
      break;
    case "uncertainty":
      if (state.mc) draw($("chart-fan"), fanOption(state.mc, $<HTMLSelectElement>("mc-series").value));
      if (state.sensitivity) draw($("chart-tornado"), tornadoOption(state.sensitivity));
      break;
    case "operations":
      if (state.ops) {
        const ops = state.ops;
        fill($("ops-figures"), figuresTable(opsFigures(ops)));
        draw($("chart-ops-timeline"), opsTimelineOption(ops));
        draw($("chart-ops-sites"), opsSitesOption(ops));
        draw($("chart-ops-failures"), opsFailuresOption(ops));
        if (ops.serving) draw($("chart-ops-latency"), opsLatencyOption(ops));
      }
      break;
  }
}

// A heading row of a table.
const headings = (...names: string[]) => el("tr", null, names.map((n) => el("th", null, n)));

function siteTable(view: RunView) {
  const num = (text: string | number) => el("td", { class: "num" }, text);
  fill(
    $("site-table"),
    headings("site", "type", "GW", "accelerators", "energy MWh", "water m³", "CO2e t", "capex $", "$/GPU-h"),
    Object.entries(view.summary.sites).map(([id, s]) =>
      el(
        "tr",
        null,
        el("td", null, id),
        el("td", null, s.site_type ?? ""),
        num(s.gw_online),
        num(human(s.accelerators_installed)),
        num(human(s.energy_mwh)),
        num(human(s.water_m3)),
        num(human(s.co2e_operational_t)),
        num(human(s.capex_usd)),
        num(s.usd_per_gpu_hour.toFixed(2)),
      ),
    ),
  );
}

async function rerun(store = false) {
  status(store ? "keeping the run…" : "running…");
  const started = performance.now();
  try {
    state.view = await api.run(inputs(), store);
    if (state.base === undefined) state.base = state.view;
    const edits = Object.entries(state.overrides);
    $("edits").textContent = edits.length === 0 ? "none" : edits.map(([k, v]) => `${k}=${v}`).join(", ");
    $("scenario").textContent = `${state.view.scenario.title || state.view.scenario.id} · ${state.view.scenario.start}..${state.view.scenario.end}`;
    kpis(state.view, state.base);
    drawTab();
    status(`${store ? "kept; " : ""}ran in ${Math.round(performance.now() - started)} ms`);
  } catch (e) {
    status(describe(e), true);
  }
}

function parameterTable() {
  const filter = $<HTMLInputElement>("filter").value.toLowerCase();
  const shown = state.parameters
    .filter((p) => filter === "" || p.path.toLowerCase().includes(filter) || (p.note ?? "").toLowerCase().includes(filter))
    .slice(0, 300);
  const source = (p: Parameter): Node | string => {
    if (p.formula) return el("span", { class: "muted" }, `= ${p.formula}`);
    const title = p.source.title ?? "";
    return p.source.url ? link(p.source.url, title, { target: "_blank", rel: "noopener" }) : title;
  };
  const edited = (p: Parameter) => state.overrides[p.path] !== undefined;
  fill(
    $("params"),
    headings("parameter", "value", "unit", "range", "", "source"),
    shown.map((p) => {
      const value = edited(p) ? state.overrides[p.path].split(" ")[0] : String(Number(p.value.toPrecision(6)));
      const cell = p.formula
        ? el("td", { class: "num" }, human(p.value))
        : el("td", null, el("input", { "data-path": p.path, "data-unit": p.unit, value, class: edited(p) ? "edited" : "" }));
      const range = p.low !== undefined && p.high !== undefined && p.low !== p.high ? `${human(p.low)} – ${human(p.high)}` : "";
      return el(
        "tr",
        null,
        el("td", { title: p.note ?? "" }, p.path),
        cell,
        el("td", null, p.unit),
        el("td", { class: "num" }, range),
        el("td", null, el("span", { class: `confidence ${p.confidence}` }, p.confidence)),
        el("td", null, source(p)),
      );
    }),
  );
}

async function runsTable() {
  try {
    const runs: StoredRun[] = await api.runs();
    fill(
      $("runs"),
      headings("", "id", "created", "kind", "scenario", "command"),
      runs.map((r) =>
        el(
          "tr",
          null,
          el("td", null, el("input", { type: "checkbox", "data-run": r.id })),
          el("td", null, r.id),
          el("td", null, r.created),
          el("td", null, r.kind),
          el("td", null, r.scenario_id),
          el("td", null, el("code", null, r.command)),
        ),
      ),
    );
  } catch (e) {
    fill($("runs"), el("tr", null, el("td", { class: "error" }, describe(e))));
  }
}

function download(name: string, text: string, type: string) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

function seriesCsv(view: RunView): string {
  const header = ["month", ...view.series.map((s) => `${s.stage}/${s.entity}/${s.metric} (${s.unit})`)];
  const lines = view.months.map((m, t) => [m, ...view.series.map((s) => s.values[t])].join(","));
  return [header.join(","), ...lines].join("\n") + "\n";
}

function wire() {
  document.querySelectorAll<HTMLButtonElement>("nav button").forEach((b) =>
    b.addEventListener("click", () => {
      state.tab = b.dataset.tab ?? "flows";
      document.querySelectorAll("nav button").forEach((x) => x.classList.toggle("active", x === b));
      document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === `tab-${state.tab}`));
      drawTab();
    }),
  );
  $("filter").addEventListener("input", parameterTable);
  $("params").addEventListener("keydown", (event) => {
    const input = event.target as HTMLInputElement;
    if ((event as KeyboardEvent).key !== "Enter" || !input.dataset.path) return;
    state.overrides[input.dataset.path] = `${input.value} ${input.dataset.unit === "1" ? "" : input.dataset.unit}`.trim();
    input.classList.add("edited");
    void rerun();
  });
  $("reset").addEventListener("click", () => {
    state.overrides = {};
    parameterTable();
    void rerun();
  });
  $("keep").addEventListener("click", () => void rerun(true));
  $("download-json").addEventListener("click", () => state.view && download("w2t-run.json", JSON.stringify(state.view, null, 1), "application/json"));
  $("download-csv").addEventListener("click", () => state.view && download("w2t-run.csv", seriesCsv(state.view), "text/csv"));
  $("mc-series").addEventListener("change", drawTab);
  $("mc-run").addEventListener("click", async () => {
    const samples = Number($<HTMLInputElement>("mc-samples").value);
    $("mc-status").textContent = "running…";
    const started = performance.now();
    try {
      // One after the other: the server runs one study at a time.
      state.mc = await api.mc(inputs(), samples);
      state.sensitivity = await api.sensitivity(inputs(), $<HTMLSelectElement>("tornado-metric").value);
      const select = $<HTMLSelectElement>("mc-series");
      if (select.options.length === 0) fill(select, state.mc.series.map((s) => el("option", null, s.name)));
      $("mc-status").textContent = `${state.mc.samples} samples in ${Math.round(performance.now() - started)} ms`;
      drawTab();
    } catch (e) {
      $("mc-status").textContent = describe(e);
    }
  });
  $("ops-run").addEventListener("click", async () => {
    $("ops-status").textContent = "simulating…";
    const started = performance.now();
    try {
      const days = Number($<HTMLInputElement>("ops-days").value);
      const replications = Number($<HTMLInputElement>("ops-replications").value);
      state.ops = await api.ops(inputs(), days, replications, $<HTMLSelectElement>("ops-law").value);
      $("ops-status").textContent = `${human(state.ops.fleet.accelerators)} accelerators, ${days} days × ${replications} in ${Math.round(performance.now() - started)} ms`;
      drawTab();
    } catch (e) {
      $("ops-status").textContent = describe(e);
    }
  });
  $("compare").addEventListener("click", async () => {
    const ticked = [...document.querySelectorAll<HTMLInputElement>("#runs input:checked")].map((i) => Number(i.dataset.run));
    if (ticked.length !== 2) {
      $("diff").textContent = "Tick two runs.";
      return;
    }
    try {
      const [a, b] = ticked.sort((x, y) => x - y);
      fill($("diff"), diffTable(await api.diff(a, b)));
    } catch (e) {
      $("diff").textContent = describe(e);
    }
  });
}

// Which parameters differ between two kept runs, and which figures moved.
function diffTable(d: Record<string, unknown>): HTMLTableElement[] {
  const params = (d.parameters ?? []) as { path: string; old: number | null; new: number; unit: string }[];
  const figures = (d.figures ?? []) as { path: string; old: number; new: number; relative?: number }[];
  const row = (cells: string[]) => el("tr", null, cells.map((c) => el("td", null, c)));
  return [
    el(
      "table",
      null,
      headings("parameter that differs", "old", "new", "unit"),
      params.map((p) => row([p.path, p.old === null ? "—" : human(p.old), human(p.new), p.unit])),
    ),
    el(
      "table",
      null,
      headings(`figure that moved (${d.figures_unchanged} unchanged)`, "old", "new", "change"),
      figures.map((f) => row([f.path, human(f.old), human(f.new), f.relative === undefined ? "" : `${(100 * f.relative).toFixed(2)}%`])),
    ),
  ];
}

async function loadParameters() {
  try {
    const data = await api.data(inputs());
    state.parameters = data.parameters;
    parameterTable();
  } catch (e) {
    status(describe(e), true);
  }
}

async function start() {
  wire();
  // A scenario file of the user's replaces the current one only if it runs.
  $("open").addEventListener("change", async () => {
    const file = $<HTMLInputElement>("open").files?.[0];
    if (file === undefined) return;
    const text = await file.text();
    status(`opening ${file.name}…`);
    try {
      const view = await api.run({ set: {}, scenario_yaml: text });
      state.scenarioYaml = text;
      state.overrides = {};
      state.base = view;
      $("scenario-file").textContent = file.name;
      await loadParameters();
      await rerun();
    } catch (e) {
      status(`${file.name} not opened: ${describe(e)}`, true);
    }
    $<HTMLInputElement>("open").value = "";
  });
  const metrics = ["contract_gw_per_year", "gw_online", "accelerators_built", "energy", "capex", "tokens_per_day_served"];
  fill($("tornado-metric"), metrics.map((m) => el("option", null, m)));
  await loadParameters();
  await rerun();
}

void start();
