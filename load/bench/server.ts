// The benchmark's server process: either the whole ecosystem (manual clock, in memory) or a bare express app
// serving one JSON body, the reference. It measures its own event-loop delay and CPU time between `mark`
// messages from the parent, so the figures are the server's, not the load generator's.

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { SimClock } from "@certsim/clock";
import { type Endpoints, startEcosystem } from "@certsim/ecosystem";
import { startPlatform } from "@certsim/platform";
import express from "express";

export type ToServer =
  | { type: "mark"; phase?: string }
  | { type: "measure" }
  | { type: "advance"; ms: number }
  | { type: "stop" };
export type FromServer =
  | { type: "ready"; url: string; endpoints?: unknown; resellerKeys?: Record<string, string> }
  | { type: "advanced" }
  | { type: "measured"; eld: { p50: number; p99: number; max: number; mean: number }; cpuMs: number; wallMs: number };

const send = (message: FromServer) => process.send?.(message);

// BENCH_EXPERIMENT: what-if knobs that patch the libraries under the platform in this process only (the platform's
// code is untouched), to size a fix before anyone writes it. `stmt-cache`: better-sqlite3 prepares each SQL text
// once per database. `key-cache`: crypto.createPrivateKey returns the KeyObject it made for the same PEM text, so a
// fresh key is parsed once per application instead of twice.
const experiments = (process.env.BENCH_EXPERIMENT ?? "").split(",").filter(Boolean);
if (experiments.includes("stmt-cache")) {
  const require = createRequire(createRequire(import.meta.url).resolve("@certsim/ecosystem"));
  const platformRequire = createRequire(require.resolve("@certsim/platform"));
  const serviceRequire = createRequire(platformRequire.resolve("@certsim/service"));
  const Database = serviceRequire("better-sqlite3") as { prototype: { prepare(sql: string): unknown } };
  const prepare = Database.prototype.prepare;
  const caches = new WeakMap<object, Map<string, unknown>>();
  Database.prototype.prepare = function (this: object, sql: string) {
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare.call(this, sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
if (experiments.includes("key-cache")) {
  const crypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  const createPrivateKey = crypto.createPrivateKey;
  const recent = new Map<string, import("node:crypto").KeyObject>();
  crypto.createPrivateKey = ((key: Parameters<typeof createPrivateKey>[0]) => {
    if (typeof key !== "string") return createPrivateKey(key);
    let made = recent.get(key);
    if (!made) {
      made = createPrivateKey(key);
      recent.set(key, made);
      if (recent.size > 256) recent.delete(recent.keys().next().value!);
    }
    return made;
  }) as typeof createPrivateKey;
  syncBuiltinESMExports();
}

const START = "2026-11-27T09:00:00+08:00";
const mode = process.argv[2];
let close: () => Promise<void>;
let clock: SimClock | undefined;
if (mode === "ecosystem" || mode === "world") {
  // `ecosystem`: everything in this one process, the platform included. `world`: the same, but the platform under
  // test runs in a process of its own (mode `platform`) as a second reseller of the CAs, as it would in reality.
  const ecosystem = await startEcosystem({ seed: 1, start: START, ports: "ephemeral", clock: { mode: "manual" } });
  close = () => ecosystem.close();
  if (mode === "ecosystem") {
    send({ type: "ready", url: ecosystem.endpoints.platform.url, endpoints: ecosystem.endpoints });
  } else {
    const resellerKeys: Record<string, string> = {};
    for (const [brand, ca] of Object.entries(ecosystem.endpoints.cas)) {
      const res = await fetch(`${ca.operator}/operator/resellers`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "platform under test" }),
      });
      resellerKeys[brand] = ((await res.json()) as { api_key: string }).api_key;
    }
    send({ type: "ready", url: ecosystem.endpoints.clock.url, endpoints: ecosystem.endpoints, resellerKeys });
  }
} else if (mode === "platform") {
  // The platform alone, reaching the world process's CAs, DNS and mail over loopback. Its clock starts where the
  // world's does and is moved by the parent ("advance") right after the world's.
  const { endpoints, resellerKeys } = JSON.parse(process.argv[3] ?? "{}") as {
    endpoints: Endpoints;
    resellerKeys: Record<string, string>;
  };
  clock = new SimClock({ start: START, mode: "manual" });
  const adminToken = "bench-admin-token";
  const ca = (brand: string) => ({ url: endpoints.cas[brand]!.api, apiKey: resellerKeys[brand]! });
  const platform = await startPlatform({
    dbPath: ":memory:",
    clock,
    trustAsia: ca("trustasia"),
    wotrus: ca("wotrus"),
    globalsign: ca("globalsign"),
    dnspod: ca("dnspod"),
    dnsApiUrl: endpoints.dns.api,
    worldUrl: endpoints.world.url,
    adminToken,
  });
  close = () => platform.close();
  send({
    type: "ready",
    url: platform.url,
    endpoints: { ...endpoints, platform: { url: platform.url, adminToken } },
  });
} else if (mode === "bare") {
  // What a status read returns, served by express with nothing else: the ceiling for the platform's own routes.
  const body = JSON.parse(process.argv[3] ?? "{}") as unknown;
  const app = express();
  app.get("/v1/certificates/:CertificateId", (_req, res) => {
    res.json(body);
  });
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const port = (server.address() as import("node:net").AddressInfo).port;
  close = () => new Promise((done) => server.close(() => done()));
  send({ type: "ready", url: `http://127.0.0.1:${port}` });
} else {
  throw new Error(`usage: server.ts ecosystem | world | platform <endpoints and keys> | bare <json body>`);
}

// The histogram records the time between timer ticks, so a loop that is never blocked reads ≈ the resolution:
// the delay is what lies beyond it.
const RESOLUTION_MS = 2;
const eld = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
let cpuAtMark = process.cpuUsage();
let wallAtMark = performance.now();
const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

// BENCH_CPU_PROF=<dir>: a CPU profile of each measurement window (a phase), written as <dir>/<phase>.cpuprofile.
const profileDir = process.env.BENCH_CPU_PROF;
const profiler = profileDir ? new Session() : undefined;
profiler?.connect();
let profiledPhase: string | undefined;

process.on("message", async (message: ToServer) => {
  if (message.type === "mark") {
    if (profiler && message.phase) {
      if (profiledPhase) await profiler.post("Profiler.stop");
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
      profiledPhase = message.phase;
    }
    eld.disable();
    eld.reset();
    eld.enable();
    cpuAtMark = process.cpuUsage();
    wallAtMark = performance.now();
    send({ type: "measured", eld: { p50: 0, p99: 0, max: 0, mean: 0 }, cpuMs: 0, wallMs: 0 });
  } else if (message.type === "measure") {
    const cpu = process.cpuUsage(cpuAtMark);
    if (profiler && profiledPhase && profileDir) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(join(profileDir, `${profiledPhase.replace(/[^\w'-]+/g, "_")}.cpuprofile`), JSON.stringify(profile));
      profiledPhase = undefined;
    }
    send({
      type: "measured",
      eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean) },
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      wallMs: Math.round(performance.now() - wallAtMark),
    });
  } else if (message.type === "advance") {
    await clock?.advance(message.ms);
    send({ type: "advanced" });
  } else if (message.type === "stop") {
    await close();
    process.exit(0);
  }
});
