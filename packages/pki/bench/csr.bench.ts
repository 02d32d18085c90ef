/**
 * parseCsr per call, before (the generic asn1js/@peculiar parser, kept as the test's reference model) and after
 * (the strict DER reader). Median of many calls after a warm-up, one CSR per key type, on the event loop.
 * Run: pnpm --filter @certsim/pki bench:csr [--calls 2000] [--sm2-calls 200]
 */
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { createCsr, generateKeyPair, type KeySpec, parseCsr } from "../src/index";
import { referenceParseCsr } from "../test/reference/csr-reference";

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const CALLS = Number(arg("calls", "2000"));
const SM2_CALLS = Number(arg("sm2-calls", "200"));

const SPECS: [string, KeySpec][] = [
  ["P-256", { algorithm: "ECC", curve: "P-256" }],
  ["P-384", { algorithm: "ECC", curve: "P-384" }],
  ["RSA-2048", { algorithm: "RSA", bits: 2048 }],
  ["SM2", { algorithm: "SM2" }],
];

/** Median and 90th percentile of `calls` timed calls, after calls/10 untimed ones. */
function time(run: () => unknown, calls: number): { median: number; p90: number } {
  for (let i = 0; i < Math.max(20, calls / 10); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9) };
}

const ms = (value: number) => value.toFixed(3);

console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} ×${os.cpus().length}, load ${os.loadavg()[0]?.toFixed(2)}`,
);
console.log("key        before median (p90) ms   after median (p90) ms   speed-up");
for (const [label, spec] of SPECS) {
  const key = await generateKeyPair(spec);
  const pem = await createCsr({
    key,
    commonName: "shop.example.com",
    names: ["shop.example.com", "www.shop.example.com", "198.51.100.7"],
    subject: { O: "Example Shop Ltd", L: "Shanghai", C: "CN" },
  });
  const calls = spec.algorithm === "SM2" ? SM2_CALLS : CALLS;
  const before = time(() => referenceParseCsr(pem), calls);
  const after = time(() => parseCsr(pem), calls);
  console.log(
    `${label.padEnd(10)} ${`${ms(before.median)} (${ms(before.p90)})`.padEnd(24)} ${`${ms(after.median)} (${ms(after.p90)})`.padEnd(23)} ×${(before.median / after.median).toFixed(1)}`,
  );
}
