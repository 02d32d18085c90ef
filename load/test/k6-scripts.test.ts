// The k6 scripts themselves, run under vitest with the k6 stand-in (test/k6-shim): setup, iterations and
// teardown against a real ecosystem in another process (the shim's HTTP is synchronous, like k6's), and each
// script's own thresholds evaluated on what it recorded. Concurrency is quota-race.test.ts's job.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LoadTarget, targetFromEndpoints } from "../src/endpoints";
import { LOAD_DIR } from "../src/paths";
import { seedLoadRun } from "../src/seed";
import type { SeedFile } from "../src/seed-file";
import { evaluate, exchange, reset, state, TestAborted } from "./k6-shim/runtime";

interface K6Script {
  options: { thresholds?: Record<string, string[]> };
  setup?: () => unknown;
  default: (data: unknown) => void;
  teardown?: (data: unknown) => void;
}

let dir: string;
let ecosystem: ChildProcess;
let seed: SeedFile;
let seedFile: string;
let target: LoadTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "certsim-k6-"));
  const endpointsFile = join(dir, "endpoints.json");
  // A scaled clock (10 simulated hours a real second), so DNS_AUTO applications get issued while the test runs.
  ecosystem = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(LOAD_DIR, "../packages/ecosystem/src/main.ts"),
      "--ephemeral",
      "--memory",
      "--scale",
      "36000",
      "--endpoints-file",
      endpointsFile,
    ],
    { cwd: LOAD_DIR, stdio: ["ignore", "ignore", "inherit"] },
  );
  for (let i = 0; i < 300 && !existsSync(endpointsFile); i++) await new Promise((r) => setTimeout(r, 100));
  target = targetFromEndpoints(JSON.parse(readFileSync(endpointsFile, "utf8")));
  seed = await seedLoadRun(target, { accounts: 3, raceEnterprise: 3, raceRegistered: 1 });
  seedFile = join(dir, "seed.json");
  writeFileSync(seedFile, JSON.stringify(seed));
}, 120_000);

afterAll(() => {
  ecosystem?.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function load(script: string, env: Record<string, string>): Promise<K6Script> {
  vi.resetModules();
  reset({ SEED_FILE: seedFile, ...env });
  return (await import(/* @vite-ignore */ join(LOAD_DIR, script))) as K6Script;
}

/** setup, `iterations` iterations over `vus` virtual users, teardown: what k6 run does, one at a time. */
function run(script: K6Script, iterations: number, vus: number, between?: () => void) {
  let data: unknown;
  try {
    data = script.setup?.();
    between?.();
    for (let i = 0; i < iterations; i++) {
      state.vu = (i % vus) + 1;
      state.iteration = i;
      script.default(data);
    }
    script.teardown?.(data);
  } catch (error) {
    if (!(error instanceof TestAborted)) throw error;
  }
  return { thresholds: evaluate(script.options.thresholds ?? {}), aborted: state.aborted, failed: state.failed };
}

const failing = (result: ReturnType<typeof run>) => result.thresholds.filter((t) => !t.ok);
const count = (metric: string, tags: Record<string, string> = {}) =>
  state.samples.filter((s) => s.metric === metric && Object.entries(tags).every(([k, v]) => s.tags[k] === v)).length;

describe("k6 scripts", () => {
  it("smoke.js: applies, reads, lists and reads the quota; its thresholds hold", async () => {
    const result = run(await load("smoke.js", {}), 6, 2);
    expect(result.aborted).toBeUndefined();
    expect(failing(result)).toEqual([]);
    expect(count("http_reqs", { name: "apply", status: "200" })).toBe(6);
    expect(count("http_reqs", { name: "status", status: "200" })).toBe(6);
  }, 120_000);

  it("order-api.js: the customer sessions apply, follow, check DCV, list and download; its thresholds hold", async () => {
    // Latency bounds are the load run's business; here the script's logic is under test.
    const result = run(await load("order-api.js", { P95_MS: "5000", APPLY_RATIO: "0.7" }), 24, 4);
    expect(result.aborted).toBeUndefined();
    expect(failing(result)).toEqual([]);
    expect(count("http_reqs", { name: "apply", status: "200" })).toBeGreaterThan(6);
    expect(count("http_reqs", { name: "status" })).toBeGreaterThan(18);
    expect(count("http_reqs", { name: "list" })).toBe(24);
    expect(count("http_reqs", { name: "check-dcv" })).toBeGreaterThan(0);
    expect(count("http_reqs", { name: "download", status: "200" })).toBeGreaterThan(0);
  }, 120_000);

  it("FREE-6: quota-race.js accepts exactly the units left, refuses the rest, and its teardown finds the books exact", async () => {
    const result = run(await load("quota-race.js", { RACERS: "24" }), 24, 24);
    expect(result.aborted).toBeUndefined();
    expect(result.failed).toEqual([]);
    expect(failing(result)).toEqual([]);
    const accepted = result.thresholds.find((t) => t.name === "race_accepted")!;
    expect(accepted.value).toBe(seed.race.accounts.length * seed.race.remaining);
  }, 120_000);

  it("FREE-6: quota-race.js fails when the books do not add up (a unit taken behind the race's back)", async () => {
    // Fresh race accounts; after the top-up one more application lands on the first account, so the race can
    // take only 2 of the 3 units it was promised: the counter thresholds and the teardown must both notice.
    const fresh = await seedLoadRun(target, { accounts: 0, raceEnterprise: 3, raceRegistered: 0 });
    const freshFile = join(dir, "seed-fresh.json");
    writeFileSync(freshFile, JSON.stringify(fresh));
    const script = await load("quota-race.js", { RACERS: "24", SEED_FILE: freshFile });
    const account = fresh.race.accounts[0]!;
    const result = run(script, 24, 24, () => {
      const sneaked = exchange(
        "POST",
        `${fresh.platformUrl}/v1/free-certificates`,
        JSON.stringify({ DomainName: `sneak.${account.zones[0]}`, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" }),
        { headers: { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" } },
      );
      expect(sneaked.status).toBe(200);
    });
    expect(result.failed.join("\n")).toMatch(/FREE-6: quota books disagree/);
    expect(failing(result).map((t) => t.name)).toEqual(
      expect.arrayContaining(["race_accepted", "race_refused", "race_books_mismatch"]),
    );
  }, 120_000);
});
