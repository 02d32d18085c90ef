// A tiny stand-in for the k6 runtime, so the k6 scripts run under vitest where no k6 binary exists: the same
// script code, its setup, iterations and teardown, HTTP through curl (synchronous, as k6's is), and the
// script's own thresholds evaluated on the samples. Not a load generator: iterations run one after another.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Sample {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

interface State {
  samples: Sample[];
  vu: number;
  iteration: number;
  aborted: string | undefined;
  failed: string[];
  responseCallback: ((status: number) => boolean) | undefined;
}

// One state for every copy of this module: the test resets the module registry between scripts, and the script
// and the test must still see the same samples and counters.
const holder = globalThis as { __certsimK6Shim?: State };
holder.__certsimK6Shim ??= {
  samples: [],
  vu: 1,
  iteration: 0,
  aborted: undefined,
  failed: [],
  responseCallback: undefined,
};
export const state: State = holder.__certsimK6Shim;

export class TestAborted extends Error {
  override name = "TestAborted";
}

export function record(metric: string, value: number, tags: Record<string, string> = {}) {
  state.samples.push({ metric, value, tags });
}

export function reset(env: Record<string, string>) {
  state.samples = [];
  state.vu = 1;
  state.iteration = 0;
  state.aborted = undefined;
  state.failed = [];
  state.responseCallback = undefined;
  const g = globalThis as Record<string, unknown>;
  g.__ENV = env;
  g.__VU = 0;
  g.__ITER = 0;
  g.open = (path: string) => readFileSync(path, "utf8");
}

export interface ShimResponse {
  status: number;
  body: string;
  timings: { duration: number };
  json(): unknown;
}

/** One HTTP exchange through curl; records http_reqs, http_req_duration and http_req_failed like k6. */
export function exchange(
  method: string,
  url: string,
  body: string | null | undefined,
  params: { headers?: Record<string, string>; tags?: Record<string, string>; responseCallback?: unknown } = {},
): ShimResponse {
  const args = ["-s", "-X", method, "-o", "-", "-w", "\n%{http_code} %{time_total}", url];
  for (const [k, v] of Object.entries(params.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (body !== undefined && body !== null) args.push("--data-binary", "@-");
  const out = execFileSync("curl", args, { input: body ?? "", maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
  const cut = out.lastIndexOf("\n");
  const [code, seconds] = out.slice(cut + 1).split(" ");
  const status = Number(code);
  const text = out.slice(0, cut);
  const duration = Number(seconds) * 1000;
  const tags = { method, status: String(status), ...(params.tags ?? {}) };
  const expected =
    (params.responseCallback as ((s: number) => boolean) | undefined) ??
    state.responseCallback ??
    ((s: number) => s >= 200 && s < 400);
  record("http_reqs", 1, tags);
  record("http_req_duration", duration, tags);
  record("http_req_failed", expected(status) ? 0 : 1, tags);
  return { status, body: text, timings: { duration }, json: () => JSON.parse(text) };
}

/** Evaluates k6 threshold expressions (`count==3`, `rate<0.01`, `p(95)<100`, `avg<…`) on the recorded samples. */
export function evaluate(
  thresholds: Record<string, string[]>,
): { name: string; expression: string; ok: boolean; value: number }[] {
  const results = [];
  for (const [name, expressions] of Object.entries(thresholds)) {
    const match = /^([\w.]+)(?:\{(.*)\})?$/.exec(name);
    if (!match) throw new Error(`threshold name ${name} is not metric{tag:value,…}`);
    const filter = Object.fromEntries(
      (match[2] ?? "")
        .split(",")
        .filter(Boolean)
        .map((pair) => pair.split(":") as [string, string]),
    );
    const values = state.samples
      .filter((s) => s.metric === match[1] && Object.entries(filter).every(([k, v]) => s.tags[k] === v))
      .map((s) => s.value);
    for (const expression of expressions) {
      const e = /^(count|rate|avg|min|max|med|p\((\d+(?:\.\d+)?)\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(
        expression,
      );
      if (!e) throw new Error(`threshold ${name}: cannot read "${expression}"`);
      const sorted = [...values].sort((a, b) => a - b);
      const sum = values.reduce((a, b) => a + b, 0);
      const pick = (q: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)]! : 0;
      const agg = e[1]!;
      const value =
        agg === "count"
          ? sum
          : agg === "rate"
            ? values.length
              ? sum / values.length
              : 0
            : agg === "avg"
              ? values.length
                ? sum / values.length
                : 0
              : agg === "min"
                ? (sorted[0] ?? 0)
                : agg === "max"
                  ? (sorted.at(-1) ?? 0)
                  : agg === "med"
                    ? pick(50)
                    : pick(Number(e[2]));
      const bound = Number(e[4]);
      const ok = {
        "<": value < bound,
        "<=": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
        "==": value === bound,
        "===": value === bound,
        "!=": value !== bound,
      }[e[3] as "<"];
      // k6 skips a threshold whose metric has no samples at all.
      results.push({ name, expression, ok: values.length === 0 ? true : ok, value });
    }
  }
  return results;
}
