// The command line every CA simulator shares (`pnpm --filter @certsim/<brand> start -- [options]`): ports, data
// folder, the world's DNS server, web host and API, the scaled clock, the seed, the operator API and the review
// timings of the stages the brand's flows have. Every option is also read from <BRAND>_<OPTION> in the environment;
// a flag wins over the environment, the environment over the default. The brand adds its own flags and starts
// itself from the settings; this module prints the usage, starts the CA and closes it on SIGINT/SIGTERM.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatDuration, parseDuration, parseInstant, Rng, SimClock } from "@certsim/clock";
import type { BrandDefinition } from "./core/brand";
import { DV_FLOW, resolveFlow, type StageName } from "./core/flow";
import { type ReviewTimings, resolveTimings, type TimingOverrides } from "./core/timings";
import type { RunningCa } from "./start";

/** A brand's own flag. */
export interface CaCliFlag {
  /** "string" takes a value; "boolean" is a switch (its environment variable turns it on with "1"). */
  type: "string" | "boolean";
  /** May be given more than once; its environment variable is then a comma-separated list. */
  multiple?: boolean;
  /** Placeholder of the value in the usage: "N", "D", "NAME". */
  value?: string;
  /** One line for the usage, with the default. */
  help: string;
}

/** Reads a flag by name (without `--`): the flag, else `<BRAND>_<NAME>`, else the default. Throws CaCliError. */
export interface CaCliReader {
  text(name: string): string | undefined;
  /** A boolean flag, or its environment variable set to "1". */
  flag(name: string): boolean;
  list(name: string): string[] | undefined;
  /** A whole number ≥ 0. */
  count(name: string): number | undefined;
  /** A port number, 0–65535. */
  port(name: string): number | undefined;
  /** `500ms`, `10m`, `7d`, `1h30m`. */
  duration(name: string): number | undefined;
  /** `MIN-MAX` of durations (`10m-12h`); one duration means MIN = MAX. */
  durationRange(name: string): readonly [number, number] | undefined;
  /** `MIN-MAX` business days (`3-5`); one number means MIN = MAX. */
  dayRange(name: string): readonly [number, number] | undefined;
  /** The text through `parse`; what `parse` throws becomes a CaCliError naming the flag or variable. */
  value<T>(name: string, parse: (text: string) => T): T | undefined;
}

/** What the shared flags say, ready for the brand's `start…` function. */
export interface CaCliSettings {
  clock: SimClock;
  rng: Rng;
  dbPath: string;
  dns: { host: string; port: number };
  webPort: number;
  port: number;
  operatorPort?: number;
  operatorToken?: string;
  /** Only the timings given; the brand's defaults stay with the brand. */
  timings: Partial<Omit<ReviewTimings, "manualReviewDays">>;
}

/** The same for a brand that talks to the world (registry, phone, mail): `--world-url`. */
export interface CaCliWorldSettings extends CaCliSettings {
  worldUrl: string;
  timings: TimingOverrides;
}

interface CaCliCommon {
  /** The brand (e.g. `wotrusBrand()`): its id names the variables, data folder and seed; its flows choose the timing flags. */
  brand: BrandDefinition;
  /** Default reseller (and operator) API port. */
  port: number;
  /** Path of the reseller API under the server's URL, for the start-up line: "/api/v2". */
  apiPath: string;
  /** The brand's own flags, in usage order. */
  flags?: Record<string, CaCliFlag>;
}

export interface CaCliSpec extends CaCliCommon {
  world?: false;
  start(settings: CaCliSettings, read: CaCliReader): Promise<RunningCa>;
}

export interface CaCliWorldSpec extends CaCliCommon {
  world: true;
  start(settings: CaCliWorldSettings, read: CaCliReader): Promise<RunningCa>;
}

/** A command line the CA cannot start from: the message names the flag. Printed with the usage, exit code 2. */
export class CaCliError extends Error {
  readonly code = "Cli.Usage";
  constructor(message: string) {
    super(message);
    this.name = "CaCliError";
  }
}

/** The parsed command line, before a clock or a server exists (what `runCaCli` starts from). */
export interface CaCliConfig {
  start: string;
  scale: number;
  seed: string;
  dbPath: string;
  dns: { host: string; port: number };
  webPort: number;
  port: number;
  worldUrl?: string;
  operatorPort?: number;
  operatorToken?: string;
  timings: TimingOverrides;
}

type Kind = "duration" | "range" | "days" | "clock-time" | "switch";

interface TimingFlag {
  name: string;
  /** The review stage the flag is about (shown only when a flow of the brand has it); none = every brand. */
  stage?: StageName;
  key: Exclude<keyof ReviewTimings, "manualReviewDays"> | "OV" | "EV";
  kind: Kind;
  help: string;
}

// In the order a review runs.
const TIMING_FLAGS: readonly TimingFlag[] = [
  {
    name: "pre-review-delay",
    stage: "pre-review",
    key: "preReviewDelay",
    kind: "range",
    help: "WT-2 how long the pre-review takes",
  },
  {
    name: "ov-review-days",
    stage: "manual-review",
    key: "OV",
    kind: "days",
    help: "OV-4 manual review (vetting) of OV orders, in business days",
  },
  { name: "ev-review-days", stage: "manual-review", key: "EV", kind: "days", help: "OV-4 the same for EV orders" },
  {
    name: "call-retry-time",
    stage: "manual-review",
    key: "callRetryTime",
    kind: "clock-time",
    help: "OV-3 an unanswered call is retried the next business day at this GMT+8 time",
  },
  {
    name: "review-patience",
    stage: "manual-review",
    key: "manualReviewPatience",
    kind: "duration",
    help: "OV-3 no confirmed call this long after the review began → failed",
  },
  {
    name: "world-retry",
    stage: "manual-review",
    key: "worldRetryInterval",
    kind: "duration",
    help: "the world did not answer: try again after",
  },
  { name: "dcv-deadline", key: "dcvDeadline", kind: "duration", help: "DCV-2 deadline after the instructions" },
  {
    name: "dcv-fast-interval",
    key: "dcvFastInterval",
    kind: "duration",
    help: "re-check interval in the first period",
  },
  { name: "dcv-fast-period", key: "dcvFastPeriod", kind: "duration", help: "length of that first period" },
  { name: "dcv-slow-interval", key: "dcvSlowInterval", kind: "duration", help: "re-check interval afterwards" },
  { name: "value-lifetime", key: "valueLifetime", kind: "duration", help: "DCV-3 lifetime of a DCV value" },
  {
    name: "security-review-delay",
    stage: "security-review",
    key: "securityReviewDelay",
    kind: "range",
    help: "when the security review runs after DCV passes",
  },
  {
    name: "manual-review",
    stage: "security-review",
    key: "manualReview",
    kind: "switch",
    help: "orders wait for an operator's approval after the security review",
  },
  {
    name: "issuance-delay",
    key: "issuanceDelay",
    kind: "range",
    help: "when the certificate is issued after DCV passes",
  },
  { name: "issuance-deadline", key: "issuanceDeadline", kind: "duration", help: "FREE-7 upper bound of that delay" },
  { name: "caa-retry", key: "caaRetryInterval", kind: "duration", help: "retry after a failed CAA lookup" },
];

const VALUE: Record<Kind, string> = { duration: "D", range: "R", days: "R", "clock-time": "HH:MM", switch: "" };

const DEFAULT_START = "2026-03-02T09:00:00+08:00";

/** Every stage any of the brand's products goes through. */
function stagesOf(brand: BrandDefinition): Set<StageName> {
  const levels = new Set(brand.products.map((product) => product.validation));
  const stages = new Set<StageName>();
  for (const level of levels) {
    for (const step of resolveFlow(brand.flows?.[level] ?? DV_FLOW)) for (const stage of step) stages.add(stage);
  }
  return stages;
}

/** A duration as the flags take it: `1h30m`. */
const compact = (ms: number) => formatDuration(ms).replaceAll(" ", "");

function shownDefault(flag: TimingFlag, timings: ReviewTimings): string {
  if (flag.key === "OV" || flag.key === "EV") return timings.manualReviewDays[flag.key].join("-");
  const value = timings[flag.key];
  if (flag.kind === "switch") return value ? "on" : "off";
  if (flag.kind === "range") return (value as readonly [number, number]).map(compact).join("-");
  if (flag.kind === "duration") return compact(value as number);
  return String(value);
}

interface Layout {
  id: string;
  prefix: string;
  stages: Set<StageName>;
  timingFlags: TimingFlag[];
  defaults: Record<string, string>;
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
  brandTimings: ReviewTimings;
}

function layoutOf(spec: CaCliSpec | CaCliWorldSpec): Layout {
  const { id } = spec.brand;
  const stages = stagesOf(spec.brand);
  const timingFlags = TIMING_FLAGS.filter((flag) => !flag.stage || stages.has(flag.stage));
  const defaults: Record<string, string> = {
    port: String(spec.port),
    data: `.data/${id}`,
    "dns-host": "127.0.0.1",
    "dns-port": "5300",
    "web-port": "8080",
    ...(spec.world ? { "world-url": "http://127.0.0.1:8082" } : {}),
    start: DEFAULT_START,
    scale: "60",
    seed: id,
  };
  const options: Layout["options"] = {
    port: { type: "string" },
    "operator-port": { type: "string" },
    "operator-token": { type: "string" },
    data: { type: "string" },
    memory: { type: "boolean" },
    "dns-host": { type: "string" },
    "dns-port": { type: "string" },
    "web-port": { type: "string" },
    ...(spec.world ? { "world-url": { type: "string" } } : {}),
    start: { type: "string" },
    scale: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  };
  for (const flag of timingFlags) options[flag.name] = { type: flag.kind === "switch" ? "boolean" : "string" };
  for (const [name, flag] of Object.entries(spec.flags ?? {})) {
    if (options[name]) throw new RangeError(`${id}: the brand flag --${name} is already a shared flag`);
    options[name] = { type: flag.type, ...(flag.multiple ? { multiple: true } : {}) };
  }
  return {
    id,
    prefix: id.toUpperCase().replace(/-/g, "_"),
    stages,
    timingFlags,
    defaults,
    options,
    brandTimings: resolveTimings({ ...spec.brand.timings }),
  };
}

const line = (flag: string, help: string) => `  ${flag.padEnd(28)}${help}`;

/** The usage text of a CA's command line (what `--help` prints). */
export function caCliUsage(spec: CaCliSpec | CaCliWorldSpec): string {
  const { id, prefix, timingFlags, brandTimings, defaults } = layoutOf(spec);
  const lines = [
    `usage: pnpm --filter @certsim/${id} start -- [options]`,
    line("--port N", `reseller (and operator) API port (default ${defaults.port}; 0 = any free port)`),
    line("--operator-port N", "serve the operator API on its own port instead of under /operator"),
    line("--operator-token TOKEN", "require X-Operator-Token on the operator API"),
    line("--data DIR", `data folder; the database is DIR/${id}.sqlite (default ${defaults.data})`),
    line("--memory", "keep nothing: in-memory database"),
    line("--dns-host ADDR", "the world's authoritative DNS server (default 127.0.0.1)"),
    line("--dns-port N", "its port (default 5300)"),
    line("--web-port N", "the web host's port; http://<name>/ is fetched there (default 8080)"),
    ...(spec.world
      ? [line("--world-url URL", `the world's API: registry, phone, mail (default ${defaults["world-url"]})`)]
      : []),
    line("--start ISO", `simulated start instant, with offset (default ${DEFAULT_START})`),
    line("--scale N", "simulated seconds per real second (default 60)"),
    line("--seed S", `seed of the random generator (default "${id}")`),
    ...timingFlags.map((flag) =>
      line(
        `--${flag.name}${VALUE[flag.kind] ? ` ${VALUE[flag.kind]}` : ""}`,
        `${flag.help} (default ${shownDefault(flag, brandTimings)})`,
      ),
    ),
    ...Object.entries(spec.flags ?? {}).map(([name, flag]) =>
      line(`--${name}${flag.type === "string" ? ` ${flag.value ?? "VALUE"}` : ""}`, flag.help),
    ),
    line("--help, -h", "this text"),
    "Durations: 500ms, 10s, 10m, 1h, 7d, 1h30m; ranges MIN-MAX (10m-12h; business days 3-5).",
    `Each option also reads ${prefix}_<OPTION> (e.g. ${prefix}_WEB_PORT; lists comma-separated); a flag wins.`,
  ];
  return lines.join("\n");
}

function readerOf(layout: Layout, values: Record<string, unknown>, env: NodeJS.ProcessEnv): CaCliReader {
  const known = (name: string) => {
    if (!layout.options[name]) throw new RangeError(`--${name} is not a flag of ${layout.id}`);
  };
  const envName = (name: string) => `${layout.prefix}_${name.toUpperCase().replace(/-/g, "_")}`;
  const text = (name: string): string | undefined => {
    known(name);
    const flag = values[name];
    return typeof flag === "string" ? flag : (env[envName(name)] ?? layout.defaults[name]);
  };
  // Names where a refused value came from: the flag, or the environment variable that stood in for it.
  const origin = (name: string) =>
    typeof values[name] !== "string" && env[envName(name)] !== undefined ? envName(name) : `--${name}`;
  const value = <T>(name: string, read: (text: string) => T): T | undefined => {
    const given = text(name);
    if (given === undefined) return undefined;
    try {
      return read(given);
    } catch (error) {
      throw new CaCliError(`${origin(name)}: ${(error as Error).message}`);
    }
  };
  const range = (name: string, read: (text: string) => number): readonly [number, number] | undefined =>
    value(name, (given) => {
      const parts = given.split(/-|\.\./);
      if (parts.length > 2 || !parts[0])
        throw new Error(`${JSON.stringify(given)} is not a range such as 10m-12h or 3-5`);
      return [read(parts[0]), read(parts[1] ?? parts[0])] as const;
    });
  const days = (given: string) => {
    const n = given.trim() === "" ? Number.NaN : Number(given);
    if (!(Number.isFinite(n) && n >= 0)) throw new Error(`${JSON.stringify(given)} is not a number of business days`);
    return n;
  };
  const count = (name: string) =>
    value(name, (given) => {
      const n = given.trim() === "" ? Number.NaN : Number(given);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${JSON.stringify(given)} is not a whole number`);
      return n;
    });
  return {
    text,
    flag: (name) => {
      known(name);
      return values[name] === true || env[envName(name)] === "1";
    },
    list: (name) => {
      known(name);
      const flags = values[name] as string[] | undefined;
      return (
        flags ??
        env[envName(name)]
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      );
    },
    count,
    port: (name) =>
      value(name, (given) => {
        const n = given.trim() === "" ? Number.NaN : Number(given);
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new Error(`${JSON.stringify(given)} is not a port number`);
        return n;
      }),
    duration: (name) => value(name, parseDuration),
    durationRange: (name) => range(name, parseDuration),
    dayRange: (name) => range(name, days),
    value,
  };
}

function timingsOf(layout: Layout, read: CaCliReader): TimingOverrides {
  const timings: Record<string, unknown> = {};
  const manualReviewDays: Record<string, readonly [number, number]> = {};
  for (const flag of layout.timingFlags) {
    const value =
      flag.kind === "duration"
        ? read.duration(flag.name)
        : flag.kind === "range"
          ? read.durationRange(flag.name)
          : flag.kind === "days"
            ? read.dayRange(flag.name)
            : flag.kind === "switch"
              ? read.flag(flag.name) || undefined
              : read.text(flag.name);
    if (value === undefined) continue;
    if (flag.key === "OV" || flag.key === "EV") manualReviewDays[flag.key] = value as readonly [number, number];
    else timings[flag.key] = value;
  }
  if (Object.keys(manualReviewDays).length > 0) timings.manualReviewDays = manualReviewDays;
  return timings as TimingOverrides;
}

/**
 * Parses a CA's command line (`argv` without the node and script paths; pnpm's `--` is skipped) and its
 * environment. `help` when `--help` was asked; else the settings. Throws CaCliError for anything it cannot start from.
 */
export function parseCaCli(
  spec: CaCliSpec | CaCliWorldSpec,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { help: true } | { help: false; config: CaCliConfig; read: CaCliReader } {
  const layout = layoutOf(spec);
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv.filter((a) => a !== "--"), options: layout.options, strict: true }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CaCliError(`unknown option ${quoted}`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new CaCliError(`unexpected argument ${quoted}`);
    throw new CaCliError(message);
  }
  if (values.help === true) return { help: true };
  const read = readerOf(layout, values, env);

  // Checked here so that a bad instant is a usage error, not a failure to start.
  const start = read.value("start", (text) => {
    parseInstant(text);
    return text;
  })!;
  const scale = read.value("scale", (text) => {
    const n = text.trim() === "" ? Number.NaN : Number(text);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`${JSON.stringify(text)} is not a positive number`);
    return n;
  })!;
  const timings = timingsOf(layout, read);
  try {
    resolveTimings({
      ...spec.brand.timings,
      ...timings,
      manualReviewDays: { ...spec.brand.timings?.manualReviewDays, ...timings.manualReviewDays },
    });
  } catch (error) {
    throw new CaCliError(`the review timings do not fit: ${(error as Error).message}`);
  }
  const operatorPort = read.port("operator-port");
  const operatorToken = read.text("operator-token");
  const config: CaCliConfig = {
    start,
    scale,
    seed: read.text("seed")!,
    dbPath: read.flag("memory") ? ":memory:" : join(read.text("data")!, `${layout.id}.sqlite`),
    dns: { host: read.text("dns-host")!, port: read.port("dns-port")! },
    webPort: read.port("web-port")!,
    port: read.port("port")!,
    ...(spec.world ? { worldUrl: read.text("world-url")! } : {}),
    ...(operatorPort !== undefined ? { operatorPort } : {}),
    ...(operatorToken ? { operatorToken } : {}),
    timings,
  };
  return { help: false, config, read };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a CA from the command line: `--help` prints the usage; a bad command line prints what is wrong and the usage
 * and exits 2; a CA that cannot start exits 1 with the reason (never a stack trace). Once listening it prints where,
 * and the first SIGINT or SIGTERM stops the clock, closes the CA (work under way, the database) and exits 0; a
 * second signal exits 1 at once.
 */
export async function runCaCli(
  spec: CaCliSpec | CaCliWorldSpec,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { id } = spec.brand;
  let ca: RunningCa;
  let clock: SimClock;
  try {
    const parsed = parseCaCli(spec, argv, env);
    if (parsed.help) {
      console.log(caCliUsage(spec));
      return;
    }
    const { config, read } = parsed;
    clock = new SimClock({ start: config.start, mode: "scaled", scale: config.scale });
    const settings: CaCliWorldSettings = {
      clock,
      rng: new Rng(config.seed),
      dbPath: config.dbPath,
      dns: config.dns,
      webPort: config.webPort,
      port: config.port,
      worldUrl: config.worldUrl ?? "",
      ...(config.operatorPort !== undefined ? { operatorPort: config.operatorPort } : {}),
      ...(config.operatorToken ? { operatorToken: config.operatorToken } : {}),
      timings: config.timings,
    };
    if (!spec.world) {
      const { worldUrl: _, ...withoutWorld } = settings;
      ca = await spec.start(withoutWorld, read);
    } else {
      ca = await spec.start(settings, read);
    }
  } catch (error) {
    if (error instanceof CaCliError) {
      console.error(`${id}: ${error.message}\n\n${caCliUsage(spec)}`);
      process.exit(2);
    }
    console.error(`${id}: ${messageOf(error)}`);
    process.exit(1);
  }
  console.log(
    `${id}: reseller API at ${ca.url}${spec.apiPath}, operator API at ${ca.operatorUrl}/operator ` +
      `(simulated time ${clock.now().toISOString()}, ×${clock.scale})`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${id}: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    clock.stop();
    ca.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${id}: closing failed: ${messageOf(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
