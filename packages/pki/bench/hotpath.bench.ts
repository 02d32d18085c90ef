/**
 * The platform's online-CSR hot path (free-certificate application): generateKeyPair → createCsr → wrapPrivateKey.
 * Run: pnpm --filter @certsim/pki exec tsx bench/hotpath.bench.ts [--ecc 300] [--rsa 8] [--burst 20]
 *        [--modes today,pair,plain] [--bursts direct:today,direct:pair,pool:pair]
 *
 * Modes say how the caller hands the key over:
 * - today: createCsr({ key: pair }) and wrapPrivateKey(pair.privateKeyPem), as the platform's KeyVault does now;
 * - pair:  createCsr({ key: pair }) and wrapPrivateKey(pair), so the generated KeyObject is used throughout;
 * - plain: the pair as JSON (PEMs only, e.g. read back from a store), so every step parses the PEM.
 *
 * 1. ECC P-256 and RSA-2048 applications one after another: wall ms per step, and the event loop's busy ms per
 *    application (performance.eventLoopUtilization: the main thread's share; generation itself runs on libuv's pool).
 * 2. A burst of `--burst` RSA-2048 applications at once, straight through generateKeyPair ("direct") or through a
 *    KeyPool with an empty shelf ("pool"): the event loop's delay (monitorEventLoopDelay, 2 ms resolution, the
 *    resolution subtracted), and ECC applications started every 50 ms meanwhile (do they queue behind RSA on the
 *    thread pool?).
 */
import * as os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { KeyPairPem, KeySpec } from "../src/index";
import * as pki from "../src/index";

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const ECC_ROUNDS = Number(arg("ecc", "300"));
const RSA_ROUNDS = Number(arg("rsa", "8"));
const BURST = Number(arg("burst", "20"));
const MODES = arg("modes", "today,pair,plain").split(",") as Mode[];
const BURSTS = arg("bursts", "direct:today,direct:pair,pool:pair")
  .split(",")
  .map((entry) => entry.split(":") as [Source, Mode]);

type Mode = "today" | "pair" | "plain";
type Source = "direct" | "pool";

const ECC: KeySpec = { algorithm: "ECC", curve: "P-256" };
const RSA: KeySpec = { algorithm: "RSA", bits: 2048 };
const WRAPPING_KEY = new Uint8Array(32).fill(7);

interface Steps {
  generate: number;
  csr: number;
  wrap: number;
}

/** One application: a key, its CSR, the key wrapped for storage. Returns the wall ms of each step. */
async function apply(spec: KeySpec, mode: Mode, take: (spec: KeySpec) => Promise<KeyPairPem>): Promise<Steps> {
  const t0 = performance.now();
  const generated = await take(spec);
  const t1 = performance.now();
  const pair: KeyPairPem = mode === "plain" ? (JSON.parse(JSON.stringify(generated)) as KeyPairPem) : generated;
  await pki.createCsr({
    key: pair,
    commonName: "shop.example.com",
    names: ["shop.example.com", "www.shop.example.com"],
  });
  const t2 = performance.now();
  pki.wrapPrivateKey(mode === "pair" ? pair : pair.privateKeyPem, WRAPPING_KEY);
  const t3 = performance.now();
  return { generate: t1 - t0, csr: t2 - t1, wrap: t3 - t2 };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2) : "–");

interface SequentialRow {
  spec: string;
  mode: Mode;
  rounds: number;
  steps: Steps;
  total: number;
  busy: number;
}

async function sequential(spec: KeySpec, mode: Mode, rounds: number): Promise<SequentialRow> {
  for (let i = 0; i < Math.min(20, rounds); i++) await apply(spec, mode, pki.generateKeyPair);
  const runs: Steps[] = [];
  const before = performance.eventLoopUtilization();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) runs.push(await apply(spec, mode, pki.generateKeyPair));
  const total = (performance.now() - start) / rounds;
  const busy = performance.eventLoopUtilization(before).active / rounds;
  return {
    spec: pki.keySpecId(spec),
    mode,
    rounds,
    steps: {
      generate: mean(runs.map((r) => r.generate)),
      csr: mean(runs.map((r) => r.csr)),
      wrap: mean(runs.map((r) => r.wrap)),
    },
    total,
    busy,
  };
}

interface BurstRow {
  source: Source;
  mode: Mode;
  wallMs: number;
  delay: { p50: number; p99: number; max: number };
  eccProbes: number[];
  stats?: unknown;
}

async function burst(source: Source, mode: Mode): Promise<BurstRow> {
  const pool = source === "pool" ? new pki.KeyPool({ size: 0 }) : undefined;
  const take = pool ? (spec: KeySpec) => pool.take(spec) : pki.generateKeyPair;
  const resolution = 2;
  const histogram = monitorEventLoopDelay({ resolution });
  const probes: number[] = [];
  let done = false;
  const probing = (async () => {
    const running: Promise<void>[] = [];
    while (!done) {
      running.push(
        (async () => {
          const start = performance.now();
          await apply(ECC, mode, take);
          probes.push(performance.now() - start);
        })(),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(running);
  })();
  histogram.enable();
  const start = performance.now();
  await Promise.all(Array.from({ length: BURST }, () => apply(RSA, mode, take)));
  const wallMs = performance.now() - start;
  histogram.disable();
  done = true;
  await probing;
  const stats = (pool as { stats?: () => unknown } | undefined)?.stats?.();
  await pool?.close();
  const sub = (ns: number) => Math.max(0, ns / 1e6 - resolution);
  return {
    source,
    mode,
    wallMs,
    delay: { p50: sub(histogram.percentile(50)), p99: sub(histogram.percentile(99)), max: sub(histogram.max) },
    eccProbes: probes,
    stats,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const rows: SequentialRow[] = [];
  for (const mode of MODES) {
    process.stderr.write(`sequential ECC-P-256 ${mode}…\n`);
    rows.push(await sequential(ECC, mode, ECC_ROUNDS));
  }
  for (const mode of MODES) {
    process.stderr.write(`sequential RSA-2048 ${mode}…\n`);
    rows.push(await sequential(RSA, mode, RSA_ROUNDS));
  }
  const bursts: BurstRow[] = [];
  for (const [source, mode] of BURSTS) {
    process.stderr.write(`burst of ${BURST} RSA-2048, ${source}, ${mode}…\n`);
    bursts.push(await burst(source, mode));
  }

  console.log(
    `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores; Node ${process.version} (OpenSSL ${process.versions.openssl}); UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}`,
  );
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; total run ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  console.log(
    "| spec | mode | rounds | generate ms | createCsr ms | wrapPrivateKey ms | wall ms / application | event-loop busy ms / application |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.spec} | ${row.mode} | ${row.rounds} | ${ms(row.steps.generate)} | ${ms(row.steps.csr)} | ${ms(row.steps.wrap)} | ${ms(row.total)} | ${ms(row.busy)} |`,
    );
  }
  console.log(
    `\n| burst of ${BURST} RSA-2048 applications | mode | wall s | event-loop delay p50 / p99 / max ms | ECC applications meanwhile: count, p50 / max ms |`,
  );
  console.log("|---|---|---:|---:|---:|");
  for (const row of bursts) {
    console.log(
      `| ${row.source} | ${row.mode} | ${(row.wallMs / 1000).toFixed(1)} | ${ms(row.delay.p50)} / ${ms(row.delay.p99)} / ${ms(row.delay.max)} | ${row.eccProbes.length}, ${ms(percentile(row.eccProbes, 50))} / ${ms(Math.max(...row.eccProbes))} |`,
    );
  }
  for (const row of bursts)
    if (row.stats) console.log(`\n${row.source}:${row.mode} pool stats ${JSON.stringify(row.stats)}`);
}

await main();
