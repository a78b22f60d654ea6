// The documents the w2t API returns (docs/api.yaml) and the report embeds.

export interface Series {
  stage: string;
  entity: string;
  metric: string;
  unit: string;
  values: number[];
}

export interface FlowNode {
  name: string;
  label: string;
  column: number;
}

export interface FlowLink {
  source: string;
  target: string;
  value: number;
}

export interface BindingSpan {
  buyer: string;
  first: string;
  last: string;
  stage: string;
  what: string;
}

export interface SiteTotals {
  accelerators_installed: number;
  capex_usd: number;
  co2e_embodied_t: number;
  co2e_operational_t: number;
  energy_mwh: number;
  gw_online: number;
  opex_usd: number;
  site_type?: string;
  usd_per_gpu_hour: number;
  water_m3: number;
}

export interface Summary extends SiteTotals {
  binding: BindingSpan[];
  deployment_binding: BindingSpan[];
  investment_released_usd: number;
  tokens_per_day_demanded: number;
  tokens_per_day_served: number;
  usd_per_million_tokens: number;
  gco2e_per_1k_tokens: number;
  sites: Record<string, SiteTotals>;
  [key: string]: unknown;
}

export interface RunView {
  scenario: { id: string; title: string; start: string; end: string };
  months: string[];
  summary: Summary;
  series: Series[];
  flows: { unit: string; nodes: FlowNode[]; links: FlowLink[] };
}

export interface Band {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
  stderr: number;
  central: number;
  unit: string;
}

export interface SeriesBand {
  name: string;
  unit: string;
  p5: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p95: number[];
  mean: number[];
}

export interface MonteCarlo {
  samples: number;
  seed: number;
  metrics: Record<string, Band>;
  months: string[];
  series: SeriesBand[];
}

export interface TornadoBar {
  path: string;
  low: number;
  high: number;
  unit: string;
  delta_low: number;
  delta_high: number;
  source: string;
}

export interface Sensitivity {
  metric: string;
  unit: string;
  central: number;
  tornado: TornadoBar[];
  sobol: { path: string; first: number; total: number }[];
}

export interface Parameter {
  path: string;
  value: number;
  unit: string;
  low?: number;
  high?: number;
  confidence: string;
  note: string;
  source: { title?: string; url?: string; publisher?: string; date?: string; formula?: string };
  formula?: string;
}

export interface StoredRun {
  id: number;
  kind: string;
  created: string;
  version: string;
  scenario_id: string;
  command: string;
}

// The document `w2t run --report` embeds: a run and, when asked for, its bands.
export interface ReportData {
  view: RunView;
  parameters: Parameter[];
  mc?: MonteCarlo;
  sensitivity?: Sensitivity;
  need?: Record<string, unknown>;
  ops?: Ops;
  version: string;
}

// `w2t ops --format json`, the parts the report draws.
export interface Spread {
  mean: number;
  p5: number;
  p95: number;
}
export interface Ops {
  month: string;
  days: number;
  replications: number;
  failure_law: string;
  fleet: { accelerators: number; node_size: number; rack_size: number };
  availability: Spread & {
    racks: Spread;
    daily: number[];
    by_site: Record<string, { name: string; type: string; repair: string; accelerators: number; availability: Spread; rack_availability: Spread; repair_hours: Spread; failed_in_place: Spread }>;
  };
  failures_by_component: Record<string, Spread & { name: string }>;
  repair_backlog: { mean: Spread; daily: number[] };
  interruptions: number;
  mtbi_hours: number;
  goodput: number;
  lost_gpu_hours: number;
  job: null | { accelerators: number; site: string; expected_goodput: number; checkpoint_interval_minutes: number };
  serving: null | {
    segment: string;
    model: string;
    accelerator: string;
    requests_simulated: number;
    ttft_ms: { p50: number; p90: number; p99: number };
    tpot_ms: { p50: number; p90: number; p99: number };
    ttft_target_ms: number;
    tpot_target_ms: number;
    slo_attainment: number;
    capacity_lost_to_failures: number;
  };
}
