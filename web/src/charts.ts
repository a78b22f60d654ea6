// ECharts options for every chart of the dashboard and the report, built from
// the documents of the API. Only the chart types used are bundled.
import * as echarts from "echarts/core";
import { BarChart, LineChart, SankeyChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { el, escapeHtml } from "./dom";
import type { MonteCarlo, Ops, RunView, Sensitivity, Series } from "./types";

echarts.use([
  BarChart,
  LineChart,
  SankeyChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };
// For the browser tests and the console: the charts' options are readable.
(window as unknown as { echarts: typeof echarts }).echarts = echarts;
export type Option = echarts.EChartsCoreOption;

// Short numbers: 1.2k, 3.4M, 5.6B, 7.8T.
export function human(x: number): string {
  const a = Math.abs(x);
  for (const [scale, suffix] of [
    [1e15, "P"],
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const) {
    if (a >= scale) return `${(x / scale).toPrecision(3)}${suffix}`;
  }
  return a >= 100 || a === 0 ? x.toFixed(0) : x.toPrecision(3);
}

const stageColours: Record<string, string> = {
  dram_wafers: "#c0392b",
  hbm_stacking: "#d35400",
  packaging: "#8e44ad",
  host_memory: "#2980b9",
  contract: "#16a085",
  availability: "#7f8c8d",
  site_power: "#b7950b",
};

export function seriesOf(view: RunView, stage: string, metric: string): Series[] {
  return view.series.filter((s) => s.stage === stage && s.metric === metric);
}

function sum(rows: number[][], months: number): number[] {
  const out = new Array<number>(months).fill(0);
  for (const row of rows) row.forEach((v, t) => (out[t] += v));
  return out;
}

const axisLabel = { formatter: (v: number) => human(v) };
const tooltipNumber = (v: unknown) => (typeof v === "number" ? human(v) : String(v));

// makers -> products -> accelerators -> buyers -> switched on or not (memory wafers).
export function flowsOption(view: RunView): Option {
  const labels = new Map(view.flows.nodes.map((n) => [n.name, n.label]));
  return {
    title: { text: `Memory wafers, ${view.scenario.start} .. ${view.scenario.end}`, left: "center", textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: "item",
      // ECharts takes a formatter's answer as HTML: every value escaped.
      formatter: (p: { dataType: string; data: { source?: string; target?: string; value: number; name?: string } }) =>
        p.dataType === "edge"
          ? `${escapeHtml(labels.get(p.data.source ?? ""))} → ${escapeHtml(labels.get(p.data.target ?? ""))}: ${escapeHtml(human(p.data.value))} wafers`
          : escapeHtml(labels.get(p.data.name ?? "")),
    },
    series: [
      {
        type: "sankey",
        top: 40,
        bottom: 10,
        left: 10,
        right: 160,
        nodeGap: 6,
        emphasis: { focus: "adjacency" },
        data: view.flows.nodes.map((n) => ({ name: n.name, depth: n.column })),
        links: view.flows.links,
        label: { formatter: (p: { name: string }) => labels.get(p.name) ?? p.name, fontSize: 11 },
        lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
      },
    ],
  };
}

// Accelerators built and asked for each month by buyer, the headline buyer's
// binding stage shaded.
export function supplyOption(view: RunView): Option {
  const built = seriesOf(view, "packages", "built");
  const demanded = seriesOf(view, "packages", "demanded");
  const buyers = [...new Set(built.map((s) => s.entity.split(":")[0]))];
  const months = view.months.length;
  const palette = ["#2c7fb8", "#d95f0e", "#31a354", "#756bb1", "#636363"];
  const lines: object[] = [];
  buyers.forEach((buyer, i) => {
    const colour = palette[i % palette.length];
    const mine = (list: Series[]) => list.filter((s) => s.entity.startsWith(`${buyer}:`)).map((s) => s.values);
    lines.push({ name: `${buyer} built`, type: "line", areaStyle: { opacity: 0.15 }, symbol: "none", color: colour, data: sum(mine(built), months) });
    const asked = mine(demanded);
    if (asked.length > 0) {
      lines.push({ name: `${buyer} asked for`, type: "line", symbol: "none", color: colour, lineStyle: { type: "dashed" }, data: sum(asked, months) });
    }
  });
  const headline = view.summary.binding.length > 0 ? view.summary.binding[0].buyer : "";
  const shaded = view.summary.binding
    .filter((b) => b.buyer === headline && b.stage !== "demand")
    .map((b) => [
      { xAxis: b.first, name: b.stage.replace("_", " "), itemStyle: { color: stageColours[b.stage] ?? "#999", opacity: 0.12 } },
      { xAxis: b.last },
    ]);
  if (lines.length > 0) {
    (lines[0] as { markArea?: object }).markArea = { silent: true, label: { fontSize: 10, color: "#555" }, data: shaded };
  }
  return {
    title: { text: `Accelerators a month; shaded: what bound ${headline}`, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: tooltipNumber },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: { type: "category", data: view.months },
    yAxis: { type: "value", name: "GPU/month", axisLabel },
    dataZoom: [{ type: "inside" }],
    series: lines,
  };
}

// One line per entity of a (stage, metric): sites' PUE, energy, carbon, money; regions' demand.
export function perEntityOption(view: RunView, stage: string, metric: string, title: string): Option {
  const rows = seriesOf(view, stage, metric);
  const unit = rows.length > 0 ? rows[0].unit : "";
  return {
    title: { text: title, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: tooltipNumber },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 60, right: 16, top: 36, bottom: 56 },
    xAxis: { type: "category", data: view.months },
    yAxis: { type: "value", name: unit, axisLabel, scale: metric === "pue" },
    series: rows.map((s) => ({ name: s.entity, type: "line", symbol: "none", data: s.values })),
  };
}

// Demand against what serves it, by region: IT power needed and serving.
export function demandOption(view: RunView): Option {
  const needed = seriesOf(view, "demand", "it_power_needed");
  const serving = seriesOf(view, "demand", "it_power_serving");
  return {
    title: { text: "Inference: IT power needed at peak and serving, by region", left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: tooltipNumber },
    legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 56 },
    xAxis: { type: "category", data: view.months },
    yAxis: { type: "value", name: "MW", axisLabel },
    series: [
      ...needed.map((s) => ({ name: `${s.entity} needed`, type: "line", symbol: "none", lineStyle: { type: "dashed" }, data: s.values })),
      ...serving.map((s) => ({ name: `${s.entity} serving`, type: "line", symbol: "none", areaStyle: { opacity: 0.15 }, data: s.values })),
    ],
  };
}

// A fan: P5..P95 and P25..P75 bands and the P50 of one series over the months.
export function fanOption(mc: MonteCarlo, name: string): Option {
  const s = mc.series.find((x) => x.name === name);
  if (s === undefined) return {};
  const diff = (a: number[], b: number[]) => a.map((v, i) => v - b[i]);
  const band = (stack: string, base: number[], top: number[], opacity: number) => [
    { name: `${stack} base`, type: "line", stack, symbol: "none", lineStyle: { opacity: 0 }, data: base, tooltip: { show: false } },
    { name: stack, type: "line", stack, symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { opacity, color: "#2c7fb8" }, data: diff(top, base) },
  ];
  return {
    title: { text: `${name} (${s.unit}): P5–P95, P25–P75, P50 over ${mc.samples} samples`, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: tooltipNumber },
    grid: { left: 60, right: 16, top: 36, bottom: 30 },
    xAxis: { type: "category", data: mc.months },
    yAxis: { type: "value", axisLabel },
    series: [
      ...band("P5–P95", s.p5, s.p95, 0.18),
      ...band("P25–P75", s.p25, s.p75, 0.3),
      { name: "P50", type: "line", symbol: "none", lineStyle: { color: "#08519c", width: 2 }, data: s.p50 },
    ],
  };
}

// A tornado: each parameter's swing of the metric, low and high.
export function tornadoOption(s: Sensitivity): Option {
  const bars = [...s.tornado].reverse();
  return {
    title: { text: `${s.metric}: change from ${human(s.central)} ${s.unit} at each parameter's low and high`, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: tooltipNumber },
    legend: { bottom: 0 },
    grid: { left: 290, right: 30, top: 36, bottom: 40 },
    xAxis: { type: "value", axisLabel },
    yAxis: { type: "category", data: bars.map((b) => b.path), axisLabel: { fontSize: 10 } },
    series: [
      { name: "at low", type: "bar", stack: "t", data: bars.map((b) => b.delta_low), itemStyle: { color: "#3182bd" } },
      { name: "at high", type: "bar", stack: "t2", barGap: "-100%", data: bars.map((b) => b.delta_high), itemStyle: { color: "#e6550d" } },
    ],
  };
}

// A table of (figure, value) rows: the rows of a <table>, heading first.
export function figuresTable(figures: [string, string][]): HTMLTableRowElement[] {
  return [
    el("tr", null, el("th", null, "figure"), el("th", null, "value")),
    ...figures.map(([k, v]) => el("tr", null, el("td", null, k), el("td", { class: "num" }, v))),
  ];
}

// The headline figures of `w2t ops`, as rows of a table.
export function opsFigures(ops: Ops): [string, string][] {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const figures: [string, string][] = [
    ["availability", pct(ops.availability.mean)],
    ["racks fully up", pct(ops.availability.racks.mean)],
    ["job goodput", ops.job ? `${pct(ops.goodput)} (Daly ${pct(ops.job.expected_goodput)})` : "no job"],
    ["job interruptions", ops.job ? `${human(ops.interruptions)}, one every ${ops.mtbi_hours.toFixed(2)} h` : "no job"],
    ["lost GPU-hours", human(ops.lost_gpu_hours)],
  ];
  if (ops.serving) figures.push(["requests within both targets", pct(ops.serving.slo_attainment)]);
  return figures;
}

// Fleet operations: the fleet's availability each day and the repair backlog.
export function opsTimelineOption(ops: Ops): Option {
  const days = ops.availability.daily.map((_, i) => i + 1);
  return {
    title: { text: `Fleet availability and repair backlog by day (mean of ${ops.replications} replications)`, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: tooltipNumber },
    legend: { bottom: 0 },
    grid: { left: 60, right: 60, top: 36, bottom: 56 },
    xAxis: { type: "category", name: "day", data: days },
    yAxis: [
      { type: "value", name: "% up", scale: true, axisLabel: { formatter: (x: number) => x.toFixed(3) } },
      { type: "value", name: "faults waiting", axisLabel },
    ],
    series: [
      { name: "availability %", type: "line", symbol: "none", data: ops.availability.daily.map((a) => 100 * a), yAxisIndex: 0 },
      { name: "repair backlog", type: "line", symbol: "none", yAxisIndex: 1, lineStyle: { type: "dashed" }, data: ops.repair_backlog.daily },
    ],
  };
}

// Failures by component over the simulated days, P5–P95 as the label.
export function opsFailuresOption(ops: Ops): Option {
  const modes = Object.entries(ops.failures_by_component);
  return {
    title: { text: `Failures by component in ${ops.days} days (${human(ops.fleet.accelerators)} accelerators)`, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: tooltipNumber },
    grid: { left: 300, right: 30, top: 36, bottom: 30 },
    xAxis: { type: "value", axisLabel },
    yAxis: { type: "category", data: modes.map(([, m]) => m.name), axisLabel: { fontSize: 10 } },
    series: [{ name: "failures", type: "bar", data: modes.map(([, m]) => m.mean), itemStyle: { color: "#e6550d" } }],
  };
}

// Availability by site (accelerators, and racks with every node up).
export function opsSitesOption(ops: Ops): Option {
  const sites = Object.entries(ops.availability.by_site);
  return {
    title: { text: "Availability by site", left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: tooltipNumber },
    legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 56 },
    xAxis: { type: "category", data: sites.map(([id, s]) => `${id} (${s.repair})`), axisLabel: { fontSize: 10, rotate: 20 } },
    yAxis: { type: "value", name: "% up", scale: true, axisLabel },
    series: [
      { name: "accelerators", type: "bar", data: sites.map(([, s]) => 100 * s.availability.mean) },
      { name: "racks (every node up)", type: "bar", data: sites.map(([, s]) => 100 * s.rack_availability.mean) },
    ],
  };
}

// Serving latency percentiles against their targets.
export function opsLatencyOption(ops: Ops): Option {
  const v = ops.serving!;
  const levels = ["p50", "p90", "p99"] as const;
  // A log axis: the targets may lie far above the latencies.
  const top = Math.max(v.ttft_target_ms, v.tpot_target_ms, ...levels.map((l) => Math.max(v.ttft_ms[l], v.tpot_ms[l])));
  return {
    title: { text: `Serving ${v.segment}: ${human(v.requests_simulated)} requests simulated, ${(100 * v.slo_attainment).toFixed(2)}% within both targets`, left: "center", textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: tooltipNumber },
    legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 56 },
    xAxis: { type: "category", data: levels.map((l) => l.toUpperCase()) },
    yAxis: { type: "log", name: "ms (log)", max: 10 ** Math.ceil(Math.log10(top)), axisLabel },
    series: [
      { name: "time to first token", type: "bar", data: levels.map((l) => v.ttft_ms[l]),
        markLine: { symbol: "none", data: [{ yAxis: v.ttft_target_ms, name: "TTFT target" }] } },
      { name: "time per output token", type: "bar", data: levels.map((l) => v.tpot_ms[l]),
        markLine: { symbol: "none", lineStyle: { type: "dashed" }, data: [{ yAxis: v.tpot_target_ms, name: "TPOT target" }] } },
    ],
  };
}

// Draws `option` into `element`, reusing its chart (sized again: it may have
// been drawn while its tab was hidden); resized with the window.
export function draw(element: HTMLElement, option: Option): echarts.ECharts {
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element);
  chart.resize();
  chart.setOption(option, { notMerge: true });
  return chart;
}

window.addEventListener("resize", () => {
  document.querySelectorAll<HTMLElement>("[data-chart]").forEach((e) => echarts.getInstanceByDom(e)?.resize());
});
