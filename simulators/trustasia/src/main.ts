// The TrustAsia simulator on its own: `pnpm --filter @certsim/trustasia start -- [options]`. Every option can also
// be given as an environment variable (TRUSTASIA_<OPTION>, e.g. TRUSTASIA_DCV_DEADLINE=3d); the flag wins.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ReviewTimings } from "@certsim/ca-kit";
import { parseDuration, Rng, SimClock } from "@certsim/clock";
import { TRUSTASIA_DEFAULT_DENY_LIST } from "./brand";
import { startTrustAsia } from "./index";

const USAGE = `usage: pnpm --filter @certsim/trustasia start -- [options]
  --port N                    reseller (and operator) API port (default 8710; 0 = any free port)
  --operator-port N           serve the operator API on its own port instead of under /operator
  --operator-token TOKEN      require X-Operator-Token on the operator API
  --data DIR                  data folder; the database is DIR/trustasia.sqlite (default .data/trustasia)
  --memory                    keep nothing: in-memory database
  --dns-host ADDR             the world's authoritative DNS server (default 127.0.0.1)
  --dns-port N                its port (default 5300)
  --web-port N                the web host's port; http://<name>/ is fetched there (default 8080)
  --start ISO                 simulated start instant, with offset (default 2026-03-02T09:00:00+08:00)
  --scale N                   simulated seconds per real second (default 60)
  --seed S                    seed of the random generator (default "trustasia")
  --dcv-deadline D            DCV-2 deadline (default 7d)
  --dcv-fast-interval D       re-check interval in the first period (default 10m)
  --dcv-fast-period D         length of that first period (default 1h)
  --dcv-slow-interval D       re-check interval afterwards (default 1h)
  --value-lifetime D          DCV-3 random value lifetime (default 30d)
  --security-review-delay R   range after DCV passes, e.g. 1m-30m (default 1m-30m)
  --issuance-delay R          range after DCV passes, e.g. 10m-12h (default 10m-12h)
  --issuance-deadline D       FREE-7 upper bound (default 24h)
  --caa-retry D               retry after a failed CAA lookup (default 1h)
  --manual-review             orders wait for an operator's approval after the security review
  --free-limit N              FREE-3 free certificates per primary domain (default 20)
  --deny-domain NAME          FREE-8 deny-listed domain (repeatable; used when the data folder has no list yet)
  --lookalike WORD            FREE-8 protected word (repeatable; default ${TRUSTASIA_DEFAULT_DENY_LIST.lookalikes.join(", ")})
Durations: 500ms, 10s, 10m, 1h, 7d, 1h30m. Each option also reads TRUSTASIA_<OPTION> (e.g. TRUSTASIA_WEB_PORT).`;

const DEFAULTS: Partial<Record<string, string>> = {
  port: "8710",
  data: ".data/trustasia",
  "dns-host": "127.0.0.1",
  "dns-port": "5300",
  "web-port": "8080",
  start: "2026-03-02T09:00:00+08:00",
  scale: "60",
  seed: "trustasia",
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
  start: { type: "string" },
  scale: { type: "string" },
  seed: { type: "string" },
  "dcv-deadline": { type: "string" },
  "dcv-fast-interval": { type: "string" },
  "dcv-fast-period": { type: "string" },
  "dcv-slow-interval": { type: "string" },
  "value-lifetime": { type: "string" },
  "security-review-delay": { type: "string" },
  "issuance-delay": { type: "string" },
  "issuance-deadline": { type: "string" },
  "caa-retry": { type: "string" },
  "manual-review": { type: "boolean" },
  "free-limit": { type: "string" },
  "deny-domain": { type: "string", multiple: true },
  lookalike: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

type Name = keyof typeof OPTIONS;

const envName = (name: string) => `TRUSTASIA_${name.toUpperCase().replace(/-/g, "_")}`;

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
  const list = (name: Name): string[] | undefined => {
    const flag = (values as Record<string, unknown>)[name] as string[] | undefined;
    const fromEnv = process.env[envName(name)];
    return (
      flag ??
      fromEnv
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    );
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
  const range = (name: Name): readonly [number, number] | undefined => {
    const text = given(name);
    if (text === undefined) return undefined;
    const [min, max] = text.split(/-|\.\./);
    if (!min || !max) throw new Error(`--${name} must be a range such as 10m-12h`);
    return [parseDuration(min), parseDuration(max)];
  };

  const timings: Partial<ReviewTimings> = {};
  const set = <K extends keyof ReviewTimings>(key: K, value: ReviewTimings[K] | undefined) => {
    if (value !== undefined) timings[key] = value;
  };
  set("dcvDeadline", duration("dcv-deadline"));
  set("dcvFastInterval", duration("dcv-fast-interval"));
  set("dcvFastPeriod", duration("dcv-fast-period"));
  set("dcvSlowInterval", duration("dcv-slow-interval"));
  set("valueLifetime", duration("value-lifetime"));
  set("securityReviewDelay", range("security-review-delay"));
  set("issuanceDelay", range("issuance-delay"));
  set("issuanceDeadline", duration("issuance-deadline"));
  set("caaRetryInterval", duration("caa-retry"));
  if (flag("manual-review")) timings.manualReview = true;

  const scale = Number(given("scale"));
  if (!(scale > 0)) throw new Error("--scale must be a positive number");
  const clock = new SimClock({ start: given("start")!, mode: "scaled", scale });
  const freeLimit = given("free-limit");
  const denyDomains = list("deny-domain");
  const lookalikes = list("lookalike");
  const operatorPort = port("operator-port");
  const operatorToken = given("operator-token");

  const ca = await startTrustAsia({
    clock,
    rng: new Rng(given("seed")!),
    dbPath: flag("memory") ? ":memory:" : join(given("data")!, "trustasia.sqlite"),
    dns: { host: given("dns-host")!, port: port("dns-port")! },
    webPort: port("web-port")!,
    port: port("port")!,
    ...(operatorPort !== undefined ? { operatorPort } : {}),
    ...(operatorToken ? { operatorToken } : {}),
    timings,
    ...(freeLimit !== undefined ? { freeLimit: Number(freeLimit) } : {}),
    ...(denyDomains || lookalikes
      ? {
          denyList: {
            domains: denyDomains ?? TRUSTASIA_DEFAULT_DENY_LIST.domains,
            lookalikes: lookalikes ?? TRUSTASIA_DEFAULT_DENY_LIST.lookalikes,
          },
        }
      : {}),
  });
  console.log(
    `trustasia: reseller API at ${ca.url}/api/v2, operator API at ${ca.operatorUrl}/operator ` +
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
  console.error(`trustasia: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
