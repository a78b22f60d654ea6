// The HTML report: `w2t run --report FILE` (and mc, need, sensitivity, ops) writes one page
// holding its data as JSON and this script, which draws every chart offline.
import "./style.css";
import {
  demandOption,
  draw,
  escape,
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
import type { Ops, Parameter, ReportData } from "./types";

declare global {
  interface Window {
    W2T_REPORT: ReportData;
  }
}

function section(title: string, note = ""): HTMLElement {
  const s = document.createElement("section");
  s.innerHTML = `<h2>${title}</h2>${note ? `<p class="muted">${note}</p>` : ""}`;
  document.querySelector("main")!.appendChild(s);
  return s;
}

function chart(parent: HTMLElement, option: Option, tall = false) {
  const div = document.createElement("div");
  div.className = tall ? "chart tall" : "chart";
  div.dataset.chart = "";
  parent.appendChild(div);
  draw(div, option);
}

function assumptions(parent: HTMLElement, parameters: Parameter[]) {
  const rows = parameters.map((p) => {
    const source = p.formula
      ? `= ${escape(p.formula)}`
      : p.source.url
        ? `<a href="${escape(p.source.url)}">${escape(p.source.title ?? p.source.url)}</a> ${escape(p.source.publisher ?? "")} ${escape(p.source.date ?? "")}`
        : escape(p.source.title ?? "");
    const range = p.low !== undefined && p.high !== undefined && p.low !== p.high ? `${human(p.low)} – ${human(p.high)}` : "";
    return `<tr><td title="${escape(p.note ?? "")}">${escape(p.path)}</td><td class="num">${human(p.value)}</td><td>${escape(p.unit)}</td>` +
      `<td class="num">${range}</td><td><span class="confidence ${p.confidence}">${p.confidence}</span></td><td>${source}</td></tr>`;
  });
  const table = document.createElement("table");
  table.innerHTML = "<tr><th>parameter</th><th>value</th><th>unit</th><th>range</th><th></th><th>source</th></tr>" + rows.join("");
  parent.appendChild(table);
}

// The answer of `w2t need`: its figures, nested ones by their dotted names.
function needSection(need: Record<string, unknown>) {
  const rows: string[] = [];
  const walk = (value: unknown, name: string) => {
    if (typeof value === "number") rows.push(`<tr><td>${escape(name)}</td><td class="num">${human(value)}</td></tr>`);
    else if (typeof value === "string") rows.push(`<tr><td>${escape(name)}</td><td>${escape(value)}</td></tr>`);
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
    }
  };
  walk(need, "");
  const s = section("The question asked (w2t need)", "What the build-out needs, or what the wafer supply buys; the assumptions it rests on are in the table at the end.");
  const table = document.createElement("table");
  table.innerHTML = `<tr><th>figure</th><th>value</th></tr>${rows.join("")}`;
  s.appendChild(table);
}

// The answer of `w2t ops`: headline figures, then its charts.
function opsSection(ops: Ops) {
  const s = section(
    "Fleet operations (w2t ops)",
    `The fleet switched on in ${ops.month}, simulated event by event for ${ops.days} days, ${ops.replications} replications, ${ops.failure_law} failures.`,
  );
  const table = document.createElement("table");
  table.innerHTML = figuresTable(opsFigures(ops));
  s.appendChild(table);
  chart(s, opsTimelineOption(ops));
  chart(s, opsSitesOption(ops));
  chart(s, opsFailuresOption(ops));
  if (ops.serving) chart(s, opsLatencyOption(ops));
}

function render(data: ReportData) {
  const v = data.view;
  const s = v.summary;
  document.title = `wafer2token — ${v.scenario.id}`;
  document.body.innerHTML = `<header><h1>wafer2token</h1><span class="muted">${escape(v.scenario.title || v.scenario.id)} · ${v.scenario.start}..${v.scenario.end} · w2t ${escape(data.version)}</span></header>
    <section class="kpis" id="kpis"></section><main></main>`;
  const kpis: [string, string][] = [
    ["GW of IT online", human(s.gw_online)],
    ["accelerators switched on", human(s.accelerators_installed)],
    ["energy", `${human(s.energy_mwh / 1e6)} TWh`],
    ["operational CO2e", `${human(s.co2e_operational_t / 1e6)} Mt`],
    ["capex", `${human(s.capex_usd)} $`],
    ["tokens a day served", human(s.tokens_per_day_served)],
    ["$ per million tokens", human(s.usd_per_million_tokens)],
  ];
  document.getElementById("kpis")!.innerHTML = kpis
    .map(([label, value]) => `<div class="kpi"><div class="value">${value}</div><div class="label">${label}</div></div>`)
    .join("");
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
