// The w2t JSON API (docs/api.yaml), from the dashboard.
import type { MonteCarlo, Ops, Parameter, RunView, Sensitivity, StoredRun } from "./types";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
    readonly where: string,
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
  if (!response.ok) {
    throw new ApiError(doc.code ?? String(response.status), doc.message ?? response.statusText, doc.path ?? "", doc.where ?? "");
  }
  return doc as T;
}

export type Overrides = Record<string, string>;

// What every model request carries: the overrides and, when the user opened
// one, a scenario file's text (the embedded default otherwise).
export interface Inputs {
  set: Overrides;
  scenario_yaml?: string;
}

export const api = {
  data: (inputs: Inputs) =>
    inputs.scenario_yaml
      ? call<{ scenario: string; parameters: Parameter[] }>("POST", "api/data", inputs)
      : call<{ scenario: string; parameters: Parameter[] }>("GET", "api/data"),
  run: (inputs: Inputs, store = false) => call<RunView>("POST", "api/run", { ...inputs, store }),
  mc: (inputs: Inputs, samples: number) => call<MonteCarlo>("POST", "api/mc", { ...inputs, samples }),
  sensitivity: (inputs: Inputs, metric: string) =>
    call<Sensitivity>("POST", "api/sensitivity", { ...inputs, metric, top: 12, samples: 0 }),
  ops: (inputs: Inputs, days: number, replications: number, failureLaw: string) =>
    call<Ops>("POST", "api/ops", { ...inputs, days, replications, failure_law: failureLaw, serving_replicas: 1 }),
  runs: () => call<StoredRun[]>("GET", "api/runs"),
  storedRun: (id: number) => call<Record<string, unknown>>("GET", `api/runs/${id}`),
  diff: (a: number, b: number) => call<Record<string, unknown>>("GET", `api/runs/${a}/diff/${b}`),
};
