// The HTML report: `w2t run --report FILE` (and mc, need, sensitivity, ops) writes one page
// holding its data as JSON and this script, which draws every chart offline.
import "./style.css";
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
  type Option,
} from "./charts";
import { el, fill, link } from "./dom";
import type { Ops, Parameter, ReportData } from "./types";

declare global {
  interface Window {
    W2T_REPORT: ReportData;
  }
}

function section(title: string, note = ""): HTMLElement {
  const s = el("section", null, el("h2", null, title), note ? el("p", { class: "muted" }, note) : null);
  document.querySelector("main")!.appendChild(s);
  return s;
}

// A heading row of a table.
const headings = (...names: string[]) => el("tr", null, names.map((n) => el("th", null, n)));

function chart(parent: HTMLElement, option: Option, tall = false) {
  const div = document.createElement("div");
  div.className = tall ? "chart tall" : "chart";
  div.dataset.chart = "";
  parent.appendChild(div);
  draw(div, option);
}

function assumptions(parent: HTMLElement, parameters: Parameter[]) {
  const rows = parameters.map((p) => {
    const source: (Node | string)[] = p.formula
      ? [`= ${p.formula}`]
      : p.source.url
        ? [link(p.source.url, p.source.title ?? p.source.url), ` ${p.source.publisher ?? ""} ${p.source.date ?? ""}`]
        : [p.source.title ?? ""];
    const range = p.low !== undefined && p.high !== undefined && p.low !== p.high ? `${human(p.low)} – ${human(p.high)}` : "";
    return el(
      "tr",
      null,
      el("td", { title: p.note ?? "" }, p.path),
      el("td", { class: "num" }, human(p.value)),
      el("td", null, p.unit),
      el("td", { class: "num" }, range),
      el("td", null, el("span", { class: `confidence ${p.confidence}` }, p.confidence)),
      el("td", null, source),
    );
  });
  parent.appendChild(el("table", null, headings("parameter", "value", "unit", "range", "", "source"), rows));
}

// The answer of `w2t need`: its figures, nested ones by their dotted names.
function needSection(need: Record<string, unknown>) {
  const rows: HTMLTableRowElement[] = [];
  const walk = (value: unknown, name: string) => {
    if (typeof value === "number") rows.push(el("tr", null, el("td", null, name), el("td", { class: "num" }, human(value))));
    else if (typeof value === "string") rows.push(el("tr", null, el("td", null, name), el("td", null, value)));
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
    }
  };
  walk(need, "");
  const s = section("The question asked (w2t need)", "What the build-out needs, or what the wafer supply buys; the assumptions it rests on are in the table at the end.");
  s.appendChild(el("table", null, headings("figure", "value"), rows));
}

// The answer of `w2t ops`: headline figures, then its charts.
function opsSection(ops: Ops) {
  const s = section(
    "Fleet operations (w2t ops)",
    `The fleet switched on in ${ops.month}, simulated event by event for ${ops.days} days, ${ops.replications} replications, ${ops.failure_law} failures.`,
  );
  s.appendChild(el("table", null, figuresTable(opsFigures(ops))));
  chart(s, opsTimelineOption(ops));
  chart(s, opsSitesOption(ops));
  chart(s, opsFailuresOption(ops));
  if (ops.serving) chart(s, opsLatencyOption(ops));
}

function render(data: ReportData) {
  const v = data.view;
  const s = v.summary;
  document.title = `wafer2token — ${v.scenario.id}`;
  fill(
    document.body,
    el(
      "header",
      null,
      el("h1", null, "wafer2token"),
      el("span", { class: "muted" }, `${v.scenario.title || v.scenario.id} · ${v.scenario.start}..${v.scenario.end} · w2t ${data.version}`),
    ),
    el("section", { class: "kpis", id: "kpis" }),
    el("main"),
  );
  const kpis: [string, string][] = [
    ["GW of IT online", human(s.gw_online)],
    ["accelerators switched on", human(s.accelerators_installed)],
    ["energy", `${human(s.energy_mwh / 1e6)} TWh`],
    ["operational CO2e", `${human(s.co2e_operational_t / 1e6)} Mt`],
    ["capex", `${human(s.capex_usd)} $`],
    ["tokens a day served", human(s.tokens_per_day_served)],
    ["$ per million tokens", human(s.usd_per_million_tokens)],
  ];
  fill(
    document.getElementById("kpis")!,
    kpis.map(([label, value]) => el("div", { class: "kpi" }, el("div", { class: "value" }, value), el("div", { class: "label" }, label))),
  );
  if (data.need) needSection(data.need);
  if (data.ops) opsSection(data.ops);
  chart(section("Where the memory wafers go", "Wafer starts by maker and product, the wafers behind the accelerators each buyer got, and whether they are switched on at the span's end."), flowsOption(v), true);
  chart(section("Supply and what binds it"), supplyOption(v), true);
  const sites = section("Sites");
  for (const [metric, title] of [["pue", "PUE by site"], ["energy", "Energy a month"], ["co2e_operational", "Operational CO2e a month"], ["capex", "Capex a month"]]) {
    chart(sites, perEntityOption(v, "sites", metric, title));
  }
  chart(section("Demand against capacity"), demandOption(v));
  if (data.mc) {
    const mc = section("Uncertainty", `P5–P95 over ${data.mc.samples} Monte Carlo samples (seed ${data.mc.seed}).`);
    for (const band of data.mc.series) chart(mc, fanOption(data.mc, band.name));
  }
  if (data.sensitivity) chart(section("What matters most"), tornadoOption(data.sensitivity), true);
  assumptions(section("Assumptions", "Every number of the run with its unit, range, confidence (P official, R press or analyst, S aggregator, E estimate) and source."), data.parameters);
}

render(window.W2T_REPORT);
