/**
 * Key generations/s and certificate signings/s of @certsim/pki, next to OpenSSL's own figures on the same machine.
 * Run: pnpm --filter @certsim/pki bench [-- --seconds 2]
 *
 * certsim figures are sequential (one operation at a time, awaited), as a request handler sees them.
 * OpenSSL references: `openssl speed -seconds S rsa2048 rsa4096 ecdsap256 ecdsap384 sm2` (raw sign/verify ops), and
 * `openssl genpkey` run N times (includes process start-up, also shown separately so it can be subtracted).
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import {
  benchSm2,
  createCaHierarchy,
  createCsr,
  generateKeyPair,
  issueLeaf,
  type KeySpec,
  keySpecId,
  parseCsr,
} from "../src/index";

const secondsArg = process.argv.indexOf("--seconds");
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

interface Row {
  name: string;
  keygen?: number;
  sign?: number;
  opensslGenpkey?: number;
  opensslSign?: number;
  opensslVerify?: number;
}

/** Operations per second, running `op` back to back for about `seconds` (at least `minOps` times). */
async function rate(seconds: number, op: () => Promise<unknown>, minOps = 3): Promise<number> {
  const start = performance.now();
  let count = 0;
  while (count < minOps || performance.now() - start < seconds * 1000) {
    await op();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

function run(args: string[]): { stdout: string; ms: number } {
  const start = performance.now();
  const result = spawnSync("openssl", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr}`);
  return { stdout: result.stdout, ms: performance.now() - start };
}

/** `openssl genpkey` invocations per second, over `runs` runs. */
function genpkeyRate(args: string[], runs: number): number {
  let ms = 0;
  for (let i = 0; i < runs; i++) ms += run(["genpkey", ...args, "-out", os.devNull]).ms;
  return runs / (ms / 1000);
}

const SPECS: { spec: KeySpec; genpkey: string[]; genpkeyRuns: number; speed: RegExp }[] = [
  {
    spec: { algorithm: "RSA", bits: 2048 },
    genpkey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    genpkeyRuns: 10,
    speed: /^rsa 2048 bits .*?\s([\d.]+)\s+([\d.]+)\s*$/m,
  },
  {
    spec: { algorithm: "RSA", bits: 4096 },
    genpkey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"],
    genpkeyRuns: 3,
    speed: /^rsa 4096 bits .*?\s([\d.]+)\s+([\d.]+)\s*$/m,
  },
  {
    spec: { algorithm: "ECC", curve: "P-256" },
    genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    genpkeyRuns: 30,
    speed: /^\s*256 bits ecdsa \(nistp256\).*?\s([\d.]+)\s+([\d.]+)\s*$/m,
  },
  {
    spec: { algorithm: "ECC", curve: "P-384" },
    genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
    genpkeyRuns: 30,
    speed: /^\s*384 bits ecdsa \(nistp384\).*?\s([\d.]+)\s+([\d.]+)\s*$/m,
  },
];
const SM2_SPEED = /^\s*256 bits SM2 \(CurveSM2\).*?\s([\d.]+)\s+([\d.]+)\s*$/m;

async function main(): Promise<void> {
  const started = performance.now();
  const rows: Row[] = [];
  const now = new Date("2025-06-01T00:00:00Z");
  const leafKey = await generateKeyPair({ algorithm: "ECC", curve: "P-256" });
  const csr = parseCsr(await createCsr({ key: leafKey, commonName: "bench.example", names: ["bench.example"] }));

  for (const { spec } of SPECS) {
    const name = keySpecId(spec);
    process.stderr.write(`certsim ${name}…\n`);
    const keygen = await rate(SECONDS, () => generateKeyPair(spec));
    // A hierarchy whose intermediate (the key that signs leaves) has this spec.
    const algorithm = spec.algorithm === "RSA" ? "RSA" : "ECC";
    const ca = await createCaHierarchy({ brand: "Bench", algorithm, now, keys: { root: spec, intermediate: spec } });
    const sign = await rate(SECONDS, () =>
      issueLeaf({
        ca,
        csr,
        names: ["bench.example"],
        profile: { validation: "DV", validityDays: 90 },
        issuedAt: now,
      }),
    );
    rows.push({ name, keygen, sign });
  }

  process.stderr.write("certsim SM2 (sm2 module)…\n");
  const sm2 = await benchSm2(SECONDS * 2);
  rows.push({ name: "SM2", keygen: sm2.keygenPerSec, sign: sm2.signPerSec });

  process.stderr.write("openssl genpkey…\n");
  const startupMs = Array.from({ length: 10 }, () => run(["version"]).ms).reduce((a, b) => a + b) / 10;
  for (const [i, entry] of SPECS.entries()) rows[i]!.opensslGenpkey = genpkeyRate(entry.genpkey, entry.genpkeyRuns);
  rows[4]!.opensslGenpkey = genpkeyRate(["-algorithm", "SM2"], 30);

  const speedArgs = [
    "speed",
    "-seconds",
    String(Math.max(1, Math.round(SECONDS))),
    "rsa2048",
    "rsa4096",
    "ecdsap256",
    "ecdsap384",
    "sm2",
  ];
  process.stderr.write(`openssl ${speedArgs.join(" ")}…\n`);
  const speed = run(speedArgs).stdout;
  for (const [i, entry] of [...SPECS.map((s) => s.speed), SM2_SPEED].entries()) {
    const match = entry.exec(speed);
    if (match) {
      rows[i]!.opensslSign = Number(match[1]);
      rows[i]!.opensslVerify = Number(match[2]);
    }
  }

  const fmt = (value: number | undefined) =>
    value === undefined ? "missing" : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
  const lines = [
    "| algorithm | certsim key generations/s | `openssl genpkey` runs/s | certsim certificate signings/s | `openssl speed` sign/s | `openssl speed` verify/s |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.name} | ${fmt(row.keygen)} | ${fmt(row.opensslGenpkey)} | ${fmt(row.sign)} | ${fmt(row.opensslSign)} | ${fmt(row.opensslVerify)} |`,
    ),
  ];
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
  );
  console.log(`Node ${process.version} (its OpenSSL ${process.versions.openssl}); ${run(["version"]).stdout.trim()}`);
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (1/5/15 min)`,
  );
  console.log(`openssl process start-up ≈ ${startupMs.toFixed(1)} ms (included in the genpkey runs/s)`);
  console.log(
    `Seconds per measurement: ${SECONDS}; total run ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  console.log(lines.join("\n"));
}

await main();
