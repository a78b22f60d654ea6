// The w2t JSON API (docs/api.yaml), from the dashboard.
import type { MonteCarlo, Ops, Parameter, RunView, Sensitivity, StoredRun } from "./types";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
    readonly where: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

// The access token. `w2t serve` prints the dashboard's address with the token
// in its fragment (http://127.0.0.1:PORT/#token=TOKEN): the fragment never
// reaches a server or a Referer. It is kept for this tab in sessionStorage,
// taken out of the address bar (and so out of history and bookmarks), and
// sent as `Authorization: Bearer TOKEN` on every API request.
const tokenKey = "w2t-token";

// A token as a header may carry it: printable ASCII, no spaces.
const tokenShape = /^[\x21-\x7e]{1,512}$/;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;  // storage disabled: the token lasts as long as the page
  }
}

let token: string | undefined = (() => {
  let known = storage()?.getItem(tokenKey) ?? undefined;
  if (location.hash.length > 1) {
    // Split by hand, not URLSearchParams: that would read a "+" as a space.
    const field = location.hash.slice(1).split("&").find((f) => f.startsWith("token="));
    if (field !== undefined) {
      let given = field.slice("token=".length);
      try {
        given = decodeURIComponent(given);
      } catch {
        given = "";
      }
      if (tokenShape.test(given)) {
        known = given;
        storage()?.setItem(tokenKey, given);
      }
      history.replaceState(history.state, "", location.pathname + location.search);
    }
  }
  return known !== undefined && tokenShape.test(known) ? known : undefined;
})();

export const unauthorizedMessage =
  "this server needs its access token: open the address w2t serve printed, which ends in #token=…";

// A JSON document from text, or undefined when it is not one.
function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const textOf = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  // Every POST is JSON, with a body (the server refuses others with 415).
  if (method === "POST") headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
  });
  const text = await response.text();
  const doc = parse(text);
  if (response.status === 401) {
    // A stale token (the server was started again with another) is forgotten.
    if (token !== undefined) storage()?.removeItem(tokenKey);
    token = undefined;
    throw new ApiError("unauthorized", unauthorizedMessage, "", "", 401);
  }
  if (!response.ok) {
    // {"error": "..."}, or {"code", "message", "path", "where"}; shown as text.
    const e = (doc !== null && typeof doc === "object" ? doc : {}) as Record<string, unknown>;
    const message =
      textOf(e.message) ?? textOf(e.error) ?? `HTTP ${response.status}${response.statusText ? " " + response.statusText : ""}`;
    throw new ApiError(textOf(e.code) ?? String(response.status), message, textOf(e.path) ?? "", textOf(e.where) ?? "", response.status);
  }
  if (doc === undefined) throw new ApiError("bad_answer", `the server's answer to ${url} is not JSON`, "", "", response.status);
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
  storedRun: (id: number) => call<Record<string, unknown>>("GET", `api/runs/${encodeURIComponent(id)}`),
  diff: (a: number, b: number) => call<Record<string, unknown>>("GET", `api/runs/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`),
};
