/**
 * parseCsr per call, before (the generic asn1js/@peculiar parser, kept as the test's reference model) and after
 * (the strict DER reader). Every timed call reads a CSR not read before (parseCsr keeps accepted requests, so a
 * repeat is a lookup: reported separately as "repeat"). Median and 90th percentile after a warm-up, on the event loop.
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

/** Median and 90th percentile of one call per input, after calls/10 untimed ones on inputs of their own. */
function time(run: (pem: string) => unknown, inputs: string[], warmUp: number): { median: number; p90: number } {
  for (const pem of inputs.slice(0, warmUp)) run(pem);
  const samples: number[] = [];
  for (const pem of inputs.slice(warmUp)) {
    const start = performance.now();
    run(pem);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9) };
}

const ms = (value: number) => value.toFixed(3);
const cell = (t: { median: number; p90: number }) => `${ms(t.median)} (${ms(t.p90)})`;

console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} ×${os.cpus().length}, load ${os.loadavg()[0]?.toFixed(2)}`,
);
console.log("key        before median (p90) ms   after median (p90) ms   speed-up   repeat (p90) ms");
for (const [label, spec] of SPECS) {
  const key = await generateKeyPair(spec);
  const calls = spec.algorithm === "SM2" ? SM2_CALLS : CALLS;
  const warmUp = Math.max(20, Math.floor(calls / 10));
  // One CSR per call, each with its own names: nothing is read twice.
  const inputs: string[] = [];
  for (let i = 0; i < calls + warmUp; i++) {
    inputs.push(
      await createCsr({
        key,
        commonName: `shop${i}.example.com`,
        names: [`shop${i}.example.com`, `www.shop${i}.example.com`, "198.51.100.7"],
        subject: { O: "Example Shop Ltd", L: "Shanghai", C: "CN" },
      }),
    );
  }
  const before = time(referenceParseCsr, inputs, warmUp);
  const after = time(parseCsr, inputs, warmUp);
  const first = inputs[0] as string;
  const repeat = time(parseCsr, new Array<string>(calls + warmUp).fill(first), warmUp);
  console.log(
    `${label.padEnd(10)} ${cell(before).padEnd(24)} ${cell(after).padEnd(23)} ×${(before.median / after.median).toFixed(1).padEnd(8)} ${cell(repeat)}`,
  );
}
