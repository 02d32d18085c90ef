// The platform on its own: `pnpm --filter @certsim/platform start -- [options]`, with its own scaled clock. Every
// option can also be given as an environment variable PLATFORM_<OPTION> (e.g. PLATFORM_TRUSTASIA_URL); the flag
// wins. In the ecosystem (`pnpm start`) the platform shares the world's clock instead.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SimClock } from "@certsim/clock";
import { DEFAULT_FREE_SUFFIX_DENY_LIST } from "./orders/free-rules";
import { startPlatform } from "./platform";

const USAGE = `usage: pnpm --filter @certsim/platform start -- [options]
  --port N                 platform API port (default 8700; 0 = any free port)
  --data DIR               data folder; the database is DIR/platform.sqlite (default .data/platform)
  --memory                 keep nothing: in-memory database
  --trustasia-url URL      TrustAsia's reseller API (default http://127.0.0.1:8710)
  --trustasia-api-key KEY  the platform's TrustAsia reseller key (required)
  --trustasia-attempts N   attempts per TrustAsia call (default 4)
  --trustasia-timeout MS   real milliseconds per attempt (default 5000)
  --trustasia-backoff MS   first backoff, doubling with jitter (default 200)
  --wotrus-url URL         WoTrus's reseller API (default http://127.0.0.1:8711)
  --wotrus-api-key KEY     the platform's WoTrus reseller key (without it WoTrus products cannot be committed)
  --globalsign-url URL     GlobalSign's reseller API (default http://127.0.0.1:8712)
  --globalsign-api-key KEY the platform's GlobalSign reseller key (without it GlobalSign products cannot be committed)
  --dnspod-url URL         DNSPod's reseller API (default http://127.0.0.1:8713)
  --dnspod-api-key KEY     the platform's DNSPod reseller key (without it DNSPod products cannot be committed)
  --series-lead MS         PAID-2: apply for a series' next certificate this long before the current ends (default 30 days)
  --dns-api-url URL        the DNS hosting service's management API (default http://127.0.0.1:5301)
  --world-url URL          the world's mail and phone API (default http://127.0.0.1:8720)
  --admin-token TOKEN      X-Admin-Token for /admin (required)
  --public-url URL         the platform's URL as CAs reach it, for callbacks (default: where it listens)
  --free-suffix-deny S     FREE-2 suffix (repeatable; default ${DEFAULT_FREE_SUFFIX_DENY_LIST.join(" ")})
  --key-wrapping-key HEX   64 hex characters wrapping stored keys (default: generated once, kept in the store)
  --key-pool N             keys kept ready per key type (default: P-256 16, RSA-2048 4, …; 0 = none)
  --key-wait-max MS        refuse an online RSA key (503 ResourceBusy) expected to take longer than this (default 5000)
  --rsa-key-nice N         nice value of the RSA key threads (0–19, default 19)
  --read-sync-interval MS  a read of a pending certificate asks the CA at most this often (simulated ms, default 60000)
  --dcv-check-interval MS  DCV-10: checks closer than this (simulated ms) answer from the last one (default 10000)
  --start ISO              simulated start instant, with offset (default 2026-03-02T09:00:00+08:00)
  --scale N                simulated seconds per real second (default 60)
Each option also reads PLATFORM_<OPTION> (e.g. PLATFORM_ADMIN_TOKEN).`;

const OPTIONS = {
  port: { type: "string" },
  data: { type: "string" },
  memory: { type: "boolean" },
  "trustasia-url": { type: "string" },
  "trustasia-api-key": { type: "string" },
  "trustasia-attempts": { type: "string" },
  "trustasia-timeout": { type: "string" },
  "trustasia-backoff": { type: "string" },
  "wotrus-url": { type: "string" },
  "wotrus-api-key": { type: "string" },
  "globalsign-url": { type: "string" },
  "globalsign-api-key": { type: "string" },
  "dnspod-url": { type: "string" },
  "dnspod-api-key": { type: "string" },
  "series-lead": { type: "string" },
  "dns-api-url": { type: "string" },
  "world-url": { type: "string" },
  "admin-token": { type: "string" },
  "public-url": { type: "string" },
  "free-suffix-deny": { type: "string", multiple: true },
  "key-wrapping-key": { type: "string" },
  "key-pool": { type: "string" },
  "key-wait-max": { type: "string" },
  "rsa-key-nice": { type: "string" },
  "read-sync-interval": { type: "string" },
  "dcv-check-interval": { type: "string" },
  start: { type: "string" },
  scale: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const DEFAULTS: Partial<Record<keyof typeof OPTIONS, string>> = {
  port: "8700",
  data: ".data/platform",
  "trustasia-url": "http://127.0.0.1:8710",
  "wotrus-url": "http://127.0.0.1:8711",
  "globalsign-url": "http://127.0.0.1:8712",
  "dnspod-url": "http://127.0.0.1:8713",
  "dns-api-url": "http://127.0.0.1:5301",
  "world-url": "http://127.0.0.1:8720",
  start: "2026-03-02T09:00:00+08:00",
  scale: "60",
};

const envName = (name: string) => `PLATFORM_${name.toUpperCase().replace(/-/g, "_")}`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main() {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    // pnpm passes its own "--" through
    values = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options: OPTIONS }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const get = (name: keyof typeof OPTIONS): string | undefined =>
    (values[name] as string | undefined) ?? process.env[envName(name)] ?? DEFAULTS[name];
  const int = (name: keyof typeof OPTIONS): number | undefined => {
    const text = get(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
    return n;
  };
  const list = (name: "free-suffix-deny"): string[] | undefined => {
    const flags = values[name] as string[] | undefined;
    if (flags?.length) return flags;
    return process.env[envName(name)]?.split(",").map((s) => s.trim());
  };

  const apiKey = get("trustasia-api-key") ?? fail("--trustasia-api-key is required");
  const adminToken = get("admin-token") ?? fail("--admin-token is required");
  const memory = values.memory === true || process.env[envName("memory")] === "1";
  const clock = new SimClock({ start: get("start")!, mode: "scaled", scale: int("scale")! });
  const deny = list("free-suffix-deny");
  const platform = await startPlatform({
    port: int("port")!,
    dbPath: memory ? ":memory:" : join(get("data")!, "platform.sqlite"),
    clock,
    trustAsia: {
      url: get("trustasia-url")!,
      apiKey,
      ...(int("trustasia-attempts") !== undefined ? { attempts: int("trustasia-attempts")! } : {}),
      ...(int("trustasia-timeout") !== undefined ? { timeoutMs: int("trustasia-timeout")! } : {}),
      ...(int("trustasia-backoff") !== undefined ? { backoffMs: int("trustasia-backoff")! } : {}),
    },
    ...(get("wotrus-api-key") ? { wotrus: { url: get("wotrus-url")!, apiKey: get("wotrus-api-key")! } } : {}),
    ...(get("globalsign-api-key")
      ? { globalsign: { url: get("globalsign-url")!, apiKey: get("globalsign-api-key")! } }
      : {}),
    ...(get("dnspod-api-key") ? { dnspod: { url: get("dnspod-url")!, apiKey: get("dnspod-api-key")! } } : {}),
    ...(int("series-lead") !== undefined ? { seriesLeadMs: int("series-lead")! } : {}),
    dnsApiUrl: get("dns-api-url")!,
    worldUrl: get("world-url")!,
    adminToken,
    ...(get("public-url") ? { publicUrl: get("public-url")! } : {}),
    ...(deny ? { freeSuffixDenyList: deny } : {}),
    ...(get("key-wrapping-key") ? { keyWrappingKey: get("key-wrapping-key")! } : {}),
    ...(int("key-pool") !== undefined ? { keyPoolSize: int("key-pool")! } : {}),
    ...(int("key-wait-max") !== undefined ? { keyWaitMaxMs: int("key-wait-max")! } : {}),
    ...(int("rsa-key-nice") !== undefined ? { rsaKeyNice: int("rsa-key-nice")! } : {}),
    ...(int("read-sync-interval") !== undefined ? { readSyncIntervalMs: int("read-sync-interval")! } : {}),
    ...(int("dcv-check-interval") !== undefined ? { dcvCheckMinIntervalMs: int("dcv-check-interval")! } : {}),
  });
  console.log(`platform API on ${platform.url} (simulated time ${clock.now().toISOString()}, ×${clock.scale})`);
  const stop = async () => {
    await platform.close();
    clock.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
