import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng, SimClock } from "@certsim/clock";
import { startDnsServer } from "@certsim/dns";
import { startDnsPod } from "@certsim/dnspod";
import { startGlobalSign } from "@certsim/globalsign";
import type { CaHierarchy, Sm2CaHierarchy } from "@certsim/pki";
import { startPlatform } from "@certsim/platform";
import { listen } from "@certsim/service";
import { startTrustAsia } from "@certsim/trustasia";
import { startWebHost } from "@certsim/web";
import { startWorld } from "@certsim/world";
import { startWoTrus } from "@certsim/wotrus";
import { clockApi } from "./clock-api";
import type { Endpoints } from "./endpoints";
import { portFor } from "./ports";

export interface EcosystemOptions {
  /** The one seed every random choice of the world derives from. */
  seed: number;
  /** TIME-2: where simulated time starts (ISO-8601 with an offset). */
  start: string;
  /** `manual` (tests, scenarios) or `scaled` (demos: `scale` simulated seconds per real second). */
  clock?: { mode: "manual" } | { mode: "scaled"; scale: number };
  /** Fixed default ports (`pnpm start`) or ephemeral ones picked by the OS (tests, scenarios). */
  ports?: "default" | "ephemeral";
  /** Folder for every service's SQLite file; without one, state lives in memory and ends with the process. */
  dataDir?: string;
  host?: string;
}

export interface Ecosystem {
  clock: SimClock;
  endpoints: Endpoints;
  /** Every event the clock has fired, in order: the world's timeline. */
  timeline: { at: string; label: string }[];
  close(): Promise<void>;
}

const inMemoryRoots = new Map<string, { hierarchy: CaHierarchy; sm2Hierarchy?: Sm2CaHierarchy }>();

/** Secrets that must outlive a restart when state is kept on disk. */
interface Secrets {
  adminToken: string;
  /** The platform's API key at each CA, by brand. */
  resellerKeys: Record<string, string>;
}

/**
 * Starts the world, the CAs and the platform on loopback, sharing one simulated clock and one seeded generator,
 * and wires them together only through their network interfaces.
 */
export async function startEcosystem(options: EcosystemOptions): Promise<Ecosystem> {
  const host = options.host ?? "127.0.0.1";
  const ports = options.ports ?? "ephemeral";
  const db = (name: string) => (options.dataDir ? join(options.dataDir, `${name}.sqlite`) : ":memory:");
  const clockMode = options.clock ?? { mode: "manual" };
  const clock = new SimClock({
    start: options.start,
    mode: clockMode.mode,
    ...(clockMode.mode === "scaled" ? { scale: clockMode.scale } : {}),
  });
  const rng = new Rng(options.seed);
  const timeline: { at: string; label: string }[] = [];
  clock.onEvent((event) => timeline.push({ at: event.at.toISOString(), label: event.label }));

  const stack: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    if (clock.mode === "scaled") clock.stop();
    for (const part of stack.reverse()) await part.close().catch(() => undefined);
  };

  try {
    const secrets = loadSecrets(options.dataDir);

    const dns = await startDnsServer({
      host,
      dnsPort: portFor("dns", ports),
      apiPort: portFor("dnsApi", ports),
      dbPath: db("dns"),
      scheduler: clock,
      tracker: clock,
    });
    stack.push(dns);
    const web = await startWebHost({
      host,
      port: portFor("web", ports),
      apiPort: portFor("webApi", ports),
      dbPath: db("web"),
      time: clock,
    });
    stack.push(web);
    const world = await startWorld({ host, port: portFor("world", ports), dbPath: db("world"), time: clock });
    stack.push(world);

    const ca = { clock, rng, dns: { host, port: dns.dnsPort }, webPort: web.port };
    // A world kept in memory borrows the roots an earlier world of this process made (keys are slow to make and
    // nothing outlives the process anyway); a world with a data folder keeps its own, made once and persisted.
    const roots = (brand: string) => (options.dataDir ? {} : (inMemoryRoots.get(brand) ?? {}));
    const trustAsia = await startTrustAsia({
      ...ca,
      ...roots("trustasia"),
      dbPath: db("trustasia"),
      port: portFor("trustasia", ports),
    });
    stack.push(trustAsia);
    const woTrus = await startWoTrus({
      ...ca,
      ...roots("wotrus"),
      dbPath: db("wotrus"),
      port: portFor("wotrus", ports),
      worldUrl: world.url,
    });
    stack.push(woTrus);
    const dnsPod = await startDnsPod({
      ...ca,
      ...roots("dnspod"),
      dbPath: db("dnspod"),
      port: portFor("dnspod", ports),
      worldUrl: world.url,
    });
    stack.push(dnsPod);
    const globalSign = await startGlobalSign({
      ...ca,
      // Its real root is RSA-4096, seconds to make on a loaded machine: a throwaway in-memory world makes do with 2048.
      ...(options.dataDir ? {} : { hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 } } }),
      ...roots("globalsign"),
      dbPath: db("globalsign"),
      port: portFor("globalsign", ports),
      worldUrl: world.url,
    });
    stack.push(globalSign);
    const cas = { trustasia: trustAsia, wotrus: woTrus, globalsign: globalSign, dnspod: dnsPod };
    if (!options.dataDir) {
      for (const [brand, running] of Object.entries(cas)) {
        const { hierarchy, sm2Hierarchy } = running.context;
        inMemoryRoots.set(brand, { hierarchy, ...(sm2Hierarchy ? { sm2Hierarchy } : {}) });
      }
    }

    // The platform signs up with each CA as a reseller once; the keys outlive restarts with the data folder.
    for (const [brand, running] of Object.entries(cas)) {
      if (secrets.resellerKeys[brand]) continue;
      secrets.resellerKeys[brand] = await signUpReseller(brand, running.operatorUrl);
      saveSecrets(options.dataDir, secrets);
    }

    const platform = await startPlatform({
      port: portFor("platform", ports),
      dbPath: db("platform"),
      clock,
      trustAsia: { url: trustAsia.url, apiKey: secrets.resellerKeys.trustasia! },
      wotrus: { url: woTrus.url, apiKey: secrets.resellerKeys.wotrus! },
      globalsign: { url: globalSign.url, apiKey: secrets.resellerKeys.globalsign! },
      dnspod: { url: dnsPod.url, apiKey: secrets.resellerKeys.dnspod! },
      dnsApiUrl: dns.apiUrl!,
      worldUrl: world.url,
      adminToken: secrets.adminToken,
    });
    stack.push(platform);

    const control = await listen(clockApi(clock, timeline).finish(), portFor("clock", ports), host);
    stack.push(control);

    const endpoints: Endpoints = {
      platform: { url: platform.url, adminToken: secrets.adminToken },
      dns: { host, port: dns.dnsPort, api: dns.apiUrl! },
      web: { host, port: web.port, api: web.apiUrl },
      world: { url: world.url },
      clock: { url: control.url },
      cas: Object.fromEntries(
        Object.entries(cas).map(([brand, running]) => [brand, { api: running.url, operator: running.operatorUrl }]),
      ),
    };
    return { clock, endpoints, timeline, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function signUpReseller(brand: string, operatorUrl: string): Promise<string> {
  const res = await fetch(`${operatorUrl}/operator/resellers`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "certsim platform" }),
  });
  if (!res.ok) throw new Error(`${brand} refused to sign up the platform as a reseller: ${res.status}`);
  return ((await res.json()) as { api_key: string }).api_key;
}

function loadSecrets(dataDir: string | undefined): Secrets {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const file = dataDir && join(dataDir, "secrets.json");
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  const secrets: Secrets = { adminToken: randomBytes(16).toString("hex"), resellerKeys: {} };
  saveSecrets(dataDir, secrets);
  return secrets;
}

function saveSecrets(dataDir: string | undefined, secrets: Secrets) {
  if (dataDir) writeFileSync(join(dataDir, "secrets.json"), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
