/** Throughput of SM2 key generation and SM3withSM2 certificate signing, for the package benchmark. */
import { performance } from "node:perf_hooks";
import { BasicConstraints, SubjectAlternativeName } from "@peculiar/asn1-x509";
import { type CertificateSpec, extension, randomSerial, signCertificate } from "./certificate";
import { generateSm2KeyPair, readSm2PrivateKey } from "./keys";
import { buildName, toGeneralNames } from "./names";

export interface Sm2BenchResult {
  keygenPerSec: number;
  signPerSec: number;
}

async function rate(seconds: number, op: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  do {
    await op();
    count++;
  } while (performance.now() < end);
  return count / ((performance.now() - start) / 1000);
}

/** Spends about `seconds` in total: half generating SM2 key pairs, half encoding and signing leaf certificates. */
export async function benchSm2(seconds: number): Promise<Sm2BenchResult> {
  const half = Math.max(seconds, 0.01) / 2;
  const keygenPerSec = await rate(half, generateSm2KeyPair);
  const [issuerPair, leafPair] = await Promise.all([generateSm2KeyPair(), generateSm2KeyPair()]);
  const issuerKey = readSm2PrivateKey(issuerPair.privateKeyPem);
  const leafPoint = readSm2PrivateKey(leafPair.privateKeyPem).publicPoint;
  const issuer = buildName({ C: "CN", O: "Bench", CN: "Bench SM2 Server CA" });
  const subject = buildName({ CN: "bench.example" });
  const now = new Date();
  const spec = (): CertificateSpec => ({
    serial: randomSerial(),
    issuer,
    subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + 365 * 86_400_000),
    publicPoint: leafPoint,
    extensions: [
      extension("2.5.29.19", true, new BasicConstraints({ cA: false })),
      extension("2.5.29.17", false, new SubjectAlternativeName(toGeneralNames(["bench.example"]))),
    ],
  });
  const signPerSec = await rate(half, () => signCertificate(spec(), issuerKey));
  return { keygenPerSec, signPerSec };
}
