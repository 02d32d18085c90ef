// The GlobalSign simulator on its own: `pnpm --filter @certsim/globalsign start -- [options]`. Every option can also
// be given as an environment variable (GLOBALSIGN_<OPTION>, e.g. GLOBALSIGN_EV_REVIEW_DAYS=5-7); the flag wins.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { TimingOverrides } from "@certsim/ca-kit";
import { parseDuration, Rng, SimClock } from "@certsim/clock";
import { type DocumentsOptions, GS_API_BASE, startGlobalSign } from "./index";

const USAGE = `usage: pnpm --filter @certsim/globalsign start -- [options]
  --port N                    reseller (and operator) API port (default 8712; 0 = any free port)
  --operator-port N           serve the operator API on its own port instead of under /operator
  --operator-token TOKEN      require X-Operator-Token on the operator API
  --data DIR                  data folder; the database is DIR/globalsign.sqlite (default .data/globalsign)
  --memory                    keep nothing: in-memory database
  --dns-host ADDR             the world's authoritative DNS server (default 127.0.0.1)
  --dns-port N                its port (default 5300)
  --web-port N                the web host's port; http://<name>/ is fetched there (default 8080)
  --world-url URL             the world's API: registry, phone, mail (default http://127.0.0.1:8082)
  --start ISO                 simulated start instant, with offset (default 2026-03-02T09:00:00+08:00)
  --scale N                   simulated seconds per real second (default 60)
  --seed S                    seed of the random generator (default "globalsign")
  --ov-review-days R          OV-4 vetting of OV orders in business days, e.g. 3-5 (default 3-5)
  --ev-review-days R          OV-4 vetting of EV orders in business days (default 5-7)
  --call-retry-time HH:MM     OV-3 unanswered calls are retried the next business day at this GMT+8 time (default 10:00)
  --review-patience D         OV-3 no confirmed call this long after the vetting began → failed (default 30d)
  --documents-mailbox ADDR    GS-1 the CA's address for EV documents (default documents@globalsign.example)
  --documents-after R         GS-1 the documents request goes out R business days after submission (default 2-3)
  --documents-poll D          GS-1 how often the CA looks at its documents mailbox (default 1h)
  --documents-patience D      GS-1 no answer this long after the request → failed (default 30d)
  --world-retry D             the world did not answer: try again after (default 1h)
  --dcv-deadline D            DCV-2 deadline after the instructions are released (default 7d)
  --dcv-fast-interval D       re-check interval in the first period (default 10m)
  --dcv-fast-period D         length of that first period (default 1h)
  --dcv-slow-interval D       re-check interval afterwards (default 1h)
  --value-lifetime D          DCV-3 code lifetime (default 30d)
  --issuance-delay R          range after DCV passes, e.g. 1m-15m (default 1m-15m)
  --issuance-deadline D       upper bound of that delay (default 24h)
  --caa-retry D               retry after a failed CAA lookup (default 1h)
Durations: 500ms, 10s, 10m, 1h, 7d, 1h30m. Each option also reads GLOBALSIGN_<OPTION> (e.g. GLOBALSIGN_WORLD_URL).`;

const DEFAULTS: Partial<Record<string, string>> = {
  port: "8712",
  data: ".data/globalsign",
  "dns-host": "127.0.0.1",
  "dns-port": "5300",
  "web-port": "8080",
  "world-url": "http://127.0.0.1:8082",
  start: "2026-03-02T09:00:00+08:00",
  scale: "60",
  seed: "globalsign",
};

const OPTIONS = {
  port: { type: "string" },
  "operator-port": { type: "string" },
  "operator-token": { type: "string" },
  data: { type: "string" },
  memory: { type: "boolean" },
  "dns-host": { type: "string" },
  "dns-port": { type: "string" },
  "web-port": { type: "string" },
  "world-url": { type: "string" },
  start: { type: "string" },
  scale: { type: "string" },
  seed: { type: "string" },
  "ov-review-days": { type: "string" },
  "ev-review-days": { type: "string" },
  "call-retry-time": { type: "string" },
  "review-patience": { type: "string" },
  "documents-mailbox": { type: "string" },
  "documents-after": { type: "string" },
  "documents-poll": { type: "string" },
  "documents-patience": { type: "string" },
  "world-retry": { type: "string" },
  "dcv-deadline": { type: "string" },
  "dcv-fast-interval": { type: "string" },
  "dcv-fast-period": { type: "string" },
  "dcv-slow-interval": { type: "string" },
  "value-lifetime": { type: "string" },
  "issuance-delay": { type: "string" },
  "issuance-deadline": { type: "string" },
  "caa-retry": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Name = keyof typeof OPTIONS;

const envName = (name: string) => `GLOBALSIGN_${name.toUpperCase().replace(/-/g, "_")}`;

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options: OPTIONS });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // A flag wins over the environment, the environment over the default.
  const given = (name: Name): string | undefined => {
    const flag = (values as Record<string, unknown>)[name];
    return typeof flag === "string" ? flag : (process.env[envName(name)] ?? DEFAULTS[name]);
  };
  const flag = (name: Name) => (values as Record<string, unknown>)[name] === true || process.env[envName(name)] === "1";
  const port = (name: Name): number | undefined => {
    const text = given(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number`);
    return n;
  };
  const duration = (name: Name) => {
    const text = given(name);
    return text === undefined ? undefined : parseDuration(text);
  };
  const pair = (name: Name, read: (text: string) => number): readonly [number, number] | undefined => {
    const text = given(name);
    if (text === undefined) return undefined;
    const [min, max] = text.split(/-|\.\./);
    if (!min) throw new Error(`--${name} must be a range such as 10m-12h or 3-5`);
    return [read(min), read(max ?? min)];
  };
  const days = (text: string) => {
    const n = Number(text);
    if (!(Number.isFinite(n) && n >= 0)) throw new Error(`${text} is not a number of business days`);
    return n;
  };

  const timings: TimingOverrides = {};
  const set = <K extends keyof TimingOverrides>(key: K, value: TimingOverrides[K] | undefined) => {
    if (value !== undefined) timings[key] = value;
  };
  const ov = pair("ov-review-days", days);
  const ev = pair("ev-review-days", days);
  if (ov || ev) timings.manualReviewDays = { ...(ov ? { OV: ov } : {}), ...(ev ? { EV: ev } : {}) };
  set("callRetryTime", given("call-retry-time"));
  set("manualReviewPatience", duration("review-patience"));
  set("worldRetryInterval", duration("world-retry"));
  set("dcvDeadline", duration("dcv-deadline"));
  set("dcvFastInterval", duration("dcv-fast-interval"));
  set("dcvFastPeriod", duration("dcv-fast-period"));
  set("dcvSlowInterval", duration("dcv-slow-interval"));
  set("valueLifetime", duration("value-lifetime"));
  set("issuanceDelay", pair("issuance-delay", parseDuration));
  set("issuanceDeadline", duration("issuance-deadline"));
  set("caaRetryInterval", duration("caa-retry"));

  const documents: DocumentsOptions = {};
  const mailbox = given("documents-mailbox");
  if (mailbox) documents.mailbox = mailbox;
  const after = pair("documents-after", days);
  if (after) documents.requestAfterBusinessDays = after;
  const poll = duration("documents-poll");
  if (poll !== undefined) documents.pollInterval = poll;
  const patience = duration("documents-patience");
  if (patience !== undefined) documents.patience = patience;

  const scale = Number(given("scale"));
  if (!(scale > 0)) throw new Error("--scale must be a positive number");
  const clock = new SimClock({ start: given("start")!, mode: "scaled", scale });
  const operatorPort = port("operator-port");
  const operatorToken = given("operator-token");

  const ca = await startGlobalSign({
    clock,
    rng: new Rng(given("seed")!),
    dbPath: flag("memory") ? ":memory:" : join(given("data")!, "globalsign.sqlite"),
    dns: { host: given("dns-host")!, port: port("dns-port")! },
    webPort: port("web-port")!,
    worldUrl: given("world-url")!,
    port: port("port")!,
    ...(operatorPort !== undefined ? { operatorPort } : {}),
    ...(operatorToken ? { operatorToken } : {}),
    timings,
    documents,
  });
  console.log(
    `globalsign: reseller API at ${ca.url}${GS_API_BASE}, operator API at ${ca.operatorUrl}/operator ` +
      `(simulated time ${clock.now().toISOString()}, ×${scale})`,
  );
  const stop = () => {
    clock.stop();
    void ca.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`globalsign: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
