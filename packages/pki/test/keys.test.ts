import * as crypto from "node:crypto";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCsr, generateKeyPair, type KeyPairPem, KeyPool, type KeySpec, keySpecId, parseCsr } from "../src/index";
import { openssl, Workdir } from "./openssl";

const SPECS: KeySpec[] = [
  { algorithm: "RSA", bits: 2048 },
  { algorithm: "RSA", bits: 4096 },
  { algorithm: "ECC", curve: "P-256" },
  { algorithm: "ECC", curve: "P-384" },
];

const work = new Workdir();
const keys = new Map<string, KeyPairPem>();
let rsa4096: { elapsedMs: number; maxDelayMs: number };

beforeAll(async () => {
  // RSA-4096 is generated once, while the event loop's delay is measured.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const start = performance.now();
  keys.set("RSA-4096", await generateKeyPair({ algorithm: "RSA", bits: 4096 }));
  const elapsedMs = performance.now() - start;
  histogram.disable();
  rsa4096 = { elapsedMs, maxDelayMs: histogram.max / 1e6 };
  for (const spec of SPECS) {
    if (!keys.has(keySpecId(spec))) keys.set(keySpecId(spec), await generateKeyPair(spec));
  }
}, 120_000);

afterAll(() => work.remove());

describe("generateKeyPair", () => {
  it.each(SPECS.map((spec) => [keySpecId(spec), spec] as const))("CSR-2: %s is PKCS#8 + SPKI PEM", (id, spec) => {
    const pair = keys.get(id)!;
    expect(pair.algorithm).toBe(spec.algorithm);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const text = openssl(["pkey", "-in", work.write(`${id}.key`, pair.privateKeyPem), "-noout", "-text"]);
    expect(text.status).toBe(0);
    if (spec.algorithm === "RSA") expect(text.stdout).toContain(`Private-Key: (${spec.bits} bit, 2 primes)`);
    if (spec.algorithm === "ECC") expect(text.stdout).toContain(`NIST CURVE: ${spec.curve}`);
    // The public half really is the private key's.
    const derived = crypto.createPublicKey(pair.privateKeyPem).export({ type: "spki", format: "pem" });
    expect(derived).toBe(pair.publicKeyPem);
  });

  it("RSA-4096 generation does not block the event loop", () => {
    // Generating synchronously would stall the loop for the whole generation; on libuv's pool it barely moves.
    expect(rsa4096.elapsedMs).toBeGreaterThan(200);
    expect(rsa4096.maxDelayMs).toBeLessThan(rsa4096.elapsedMs / 4);
  });

  it("CSR-2: SM2 keys come from the sm2 module and OpenSSL reads them as SM2", async () => {
    const pair = await generateKeyPair({ algorithm: "SM2" });
    expect(pair.algorithm).toBe("SM2");
    const text = openssl(["pkey", "-in", work.write("sm2.key", pair.privateKeyPem), "-noout", "-text"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/ASN1 OID: SM2/);
  });

  it("refuses sizes and curves that are not offered", async () => {
    await expect(generateKeyPair({ algorithm: "RSA", bits: 1024 } as unknown as KeySpec)).rejects.toThrow(RangeError);
    await expect(generateKeyPair({ algorithm: "ECC", curve: "P-192" } as unknown as KeySpec)).rejects.toThrow(
      RangeError,
    );
  });
});

describe("createCsr", () => {
  const cases = SPECS.flatMap((spec) =>
    (["SHA-256", "SHA-384"] as const).map((hash) => [keySpecId(spec), hash] as const),
  );

  it.each(cases)("CSR-2: a %s CSR signed with %s passes openssl req -verify", async (id, hash) => {
    const pem = await createCsr({
      key: keys.get(id)!,
      commonName: "shop.example.com",
      names: ["shop.example.com", "www.shop.example.com", "192.0.2.7"],
      subject: { O: "Example, Inc.", L: "深圳", ST: "Guangdong", C: "CN" },
      hash,
    });
    const file = work.write(`${id}-${hash}.csr`, pem);
    const verify = openssl(["req", "-in", file, "-verify", "-noout"]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr + verify.stdout).toMatch(/verify OK/i);
    const text = openssl(["req", "-in", file, "-noout", "-text", "-nameopt", "utf8"]);
    expect(text.stdout).toMatch(new RegExp(`Signature Algorithm: \\S*${hash.replace("-", "")}`, "i"));
    expect(text.stdout).toContain("DNS:shop.example.com, DNS:www.shop.example.com, IP Address:192.0.2.7");
    expect(text.stdout).toContain("Subject: C=CN, ST=Guangdong, L=深圳, O=Example, Inc., CN=shop.example.com");
    const parsed = parseCsr(pem);
    expect(parsed.names).toEqual(["shop.example.com", "www.shop.example.com", "192.0.2.7"]);
    expect(parsed.commonName).toBe("shop.example.com");
    expect(parsed.publicKeyPem).toBe(keys.get(id)!.publicKeyPem);
  });

  it("CSR-2: an SM2 CSR is signed with SM3withSM2 and parseCsr verifies it through the sm2 module", async () => {
    const key = await generateKeyPair({ algorithm: "SM2" });
    const pem = await createCsr({ key, commonName: "gm.example.cn", names: ["gm.example.cn"] });
    const parsed = parseCsr(pem);
    expect(parsed.key).toEqual({ algorithm: "SM2", bits: 256, curve: "SM2" });
    expect(parsed.signatureAlgorithm).toBe("SM3withSM2");
    expect(parsed.names).toEqual(["gm.example.cn"]);
    const verify = openssl([
      "req",
      "-in",
      work.write("sm2.csr", pem),
      "-verify",
      "-noout",
      "-vfyopt",
      "distid:1234567812345678",
    ]);
    expect(verify.status, verify.stderr).toBe(0);
  });
});

describe("KeyPool", () => {
  it("serves a burst from keys generated in advance and refills in the background", async () => {
    let generated = 0;
    const pool = new KeyPool({
      size: 3,
      generate: async (spec) => {
        generated++;
        return generateKeyPair(spec);
      },
    });
    const spec: KeySpec = { algorithm: "ECC", curve: "P-256" };
    await pool.prefill(spec);
    expect(pool.stock()).toEqual({ "ECC-P-256": 3 });
    expect(generated).toBe(3);
    const burst = await Promise.all([pool.take(spec), pool.take(spec), pool.take(spec)]);
    expect(new Set(burst.map((key) => key.privateKeyPem)).size).toBe(3);
    // Taking started refills; close() waits for them and then drops what is ready.
    await pool.close();
    expect(generated).toBeGreaterThan(3);
    expect(pool.stock()).toEqual({ "ECC-P-256": 0 });
    await expect(pool.take(spec)).rejects.toThrow(/closed/);
  });

  it("generates on demand when the shelf is empty", async () => {
    const pool = new KeyPool({ size: 1 });
    const key = await pool.take({ algorithm: "ECC", curve: "P-384" });
    expect(key.algorithm).toBe("ECC");
    await pool.close();
  });
});
