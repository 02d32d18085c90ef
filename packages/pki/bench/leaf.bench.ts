/**
 * issueLeaf per call, before (the TBSCertificate built from asn1-schema objects, kept as the test's reference) and
 * after (written directly with der.ts). The CSR is parsed beforehand, as the CA simulator does at submission.
 * Reports the median wall time of one awaited call (signing included: RSA and P-384 sign on libuv's pool) and the
 * event loop's busy time per call (performance.eventLoopUtilization over the run), after a warm-up.
 * Run: pnpm --filter @certsim/pki bench:leaf [--calls 400]
 */
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import {
  type CaHierarchy,
  createCaHierarchy,
  createCsr,
  generateKeyPair,
  type IssueLeafParams,
  issueLeaf,
  type KeySpec,
  parseCsr,
} from "../src/index";
import { referenceIssueLeaf } from "../test/reference/leaf-reference";

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const CALLS = Number(arg("calls", "400"));
const now = new Date("2025-01-01T00:00:00Z");

const CASES: { label: string; ca: Promise<CaHierarchy>; leaf: KeySpec }[] = [
  {
    label: "ECC CA (P-256 int.), P-256 leaf",
    ca: createCaHierarchy({
      brand: "Bench",
      algorithm: "ECC",
      now,
      keys: { intermediate: { algorithm: "ECC", curve: "P-256" } },
    }),
    leaf: { algorithm: "ECC", curve: "P-256" },
  },
  {
    label: "ECC CA (P-384 int.), P-256 leaf",
    ca: createCaHierarchy({ brand: "Bench", algorithm: "ECC", now }),
    leaf: { algorithm: "ECC", curve: "P-256" },
  },
  {
    label: "RSA CA (2048), RSA-2048 leaf",
    ca: createCaHierarchy({ brand: "Bench", algorithm: "RSA", now }),
    leaf: { algorithm: "RSA", bits: 2048 },
  },
];

async function time(run: () => Promise<unknown>, calls: number): Promise<{ median: number; busy: number }> {
  for (let i = 0; i < Math.max(20, calls / 10); i++) await run();
  const samples: number[] = [];
  const elu = performance.eventLoopUtilization();
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const used = performance.eventLoopUtilization(elu);
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? Number.NaN, busy: used.active / calls };
}

const ms = (value: number) => value.toFixed(3);

console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} ×${os.cpus().length}, load ${os.loadavg()[0]?.toFixed(2)}`,
);
console.log("case                             before wall / loop ms   after wall / loop ms");
for (const { label, ca, leaf } of CASES) {
  const key = await generateKeyPair(leaf);
  const csr = parseCsr(await createCsr({ key, commonName: "shop.example.com", names: ["shop.example.com"] }));
  const params: IssueLeafParams = {
    ca: await ca,
    csr,
    names: ["shop.example.com", "www.shop.example.com"],
    profile: { validation: "DV", validityDays: 90 },
    issuedAt: new Date("2025-09-10T08:30:00Z"),
    urls: { aia: "http://aia.example/int.cer", ocsp: "http://ocsp.example", crl: "http://crl.example/int.crl" },
  };
  const before = await time(() => referenceIssueLeaf(params), CALLS);
  const after = await time(() => issueLeaf(params), CALLS);
  console.log(
    `${label.padEnd(32)} ${`${ms(before.median)} / ${ms(before.busy)}`.padEnd(23)} ${ms(after.median)} / ${ms(after.busy)}`,
  );
}
