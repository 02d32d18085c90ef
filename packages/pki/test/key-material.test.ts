// Generated pairs carry their KeyObjects; everything downstream uses them instead of parsing the PEM again.
import * as crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caKey } from "../src/certificate-kit";
import {
  assertKeyMatchesCsr,
  CsrError,
  createCaHierarchy,
  createCsr,
  encryptPrivateKey,
  generateKeyPair,
  issueLeaf,
  type KeyPairPem,
  type KeySpec,
  keyPairFromKeyObjects,
  keySpecId,
  parseCsr,
  publicKeyOf,
  unwrapPrivateKey,
  wrapPrivateKey,
} from "../src/index";
import { pkcs8DerOf, privateKeyOf } from "../src/key-material";
import { openssl, Workdir } from "./openssl";

const SPECS: KeySpec[] = [
  { algorithm: "RSA", bits: 2048 },
  { algorithm: "ECC", curve: "P-256" },
  { algorithm: "ECC", curve: "P-384" },
  { algorithm: "SM2" },
];

const work = new Workdir();
const pairs = new Map<string, KeyPairPem>();
const wrappingKey = crypto.randomBytes(32);

beforeAll(async () => {
  const made = await Promise.all(SPECS.map((spec) => generateKeyPair(spec)));
  for (const [i, spec] of SPECS.entries()) pairs.set(keySpecId(spec), made[i]!);
}, 60_000);

afterAll(() => work.remove());

/** The pair as a store gives it back: PEMs only. */
const plain = (pair: KeyPairPem): KeyPairPem => JSON.parse(JSON.stringify(pair)) as KeyPairPem;

const ids = SPECS.map((spec) => [keySpecId(spec)] as const);

describe("generated pairs", () => {
  it.each(ids)("CSR-2: a %s pair carries the KeyObjects of its own PEMs", (id) => {
    const pair = pairs.get(id)!;
    expect(pair.privateKey).toBeInstanceOf(crypto.KeyObject);
    expect(pair.privateKey!.type).toBe("private");
    expect(pair.publicKey!.type).toBe("public");
    // (KeyObject.equals cannot compare SM2 keys read from PEM, which OpenSSL types apart, and it leaves an error
    // behind that fails the next parse: Node 20. The exports below say the same for every key.)
    if (pair.algorithm !== "SM2") {
      expect(crypto.createPrivateKey(pair.privateKeyPem).equals(pair.privateKey!)).toBe(true);
      expect(crypto.createPublicKey(pair.publicKeyPem).equals(pair.publicKey!)).toBe(true);
    }
    // The PEM is exactly OpenSSL's encoding of the key, byte for byte.
    expect(pair.privateKey!.export({ type: "pkcs8", format: "pem" })).toBe(pair.privateKeyPem);
    expect(pair.publicKey!.export({ type: "spki", format: "pem" })).toBe(pair.publicKeyPem);
  });

  it.each(ids)("CSR-3: JSON of a %s pair holds only the PEMs; spreads drop the KeyObjects too", (id) => {
    const pair = pairs.get(id)!;
    expect(Object.keys(pair)).toEqual(["algorithm", "privateKeyPem", "publicKeyPem"]);
    expect(JSON.parse(JSON.stringify(pair))).toEqual({
      algorithm: pair.algorithm,
      privateKeyPem: pair.privateKeyPem,
      publicKeyPem: pair.publicKeyPem,
    });
    expect(JSON.stringify(pair)).not.toMatch(/privateKey"|publicKey"|KeyObject/);
    expect({ ...pair }).not.toHaveProperty("privateKey");
  });

  it("the pair's own KeyObject is what the functions use; a plain pair's PEM is parsed", () => {
    const pair = pairs.get("ECC-P-256")!;
    expect(privateKeyOf(pair)).toBe(pair.privateKey);
    expect(privateKeyOf(plain(pair))).not.toBe(pair.privateKey);
    expect(privateKeyOf(plain(pair)).equals(pair.privateKey!)).toBe(true);
    // A PEM that signs again and again is parsed once.
    expect(privateKeyOf(pair.privateKeyPem, true)).toBe(privateKeyOf(pair.privateKeyPem, true));
    // The DER made at generation is the one wrapping uses.
    expect(Buffer.from(pkcs8DerOf(pair.privateKey!)).toString("base64")).toBe(
      pair.privateKeyPem.replace(/-----[^-]+-----|\s/g, ""),
    );
  });

  it("a pair whose PEMs were replaced does not sign with its old KeyObject", async () => {
    const [a, b] = await Promise.all([
      generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
      generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
    ]);
    a.privateKeyPem = b.privateKeyPem;
    a.publicKeyPem = b.publicKeyPem;
    const csr = parseCsr(await createCsr({ key: a, commonName: "swap.example", names: ["swap.example"] }));
    expect(csr.publicKeyPem).toBe(b.publicKeyPem);
    expect(unwrapPrivateKey(wrapPrivateKey(a, wrappingKey), wrappingKey)).toBe(b.privateKeyPem);
  });

  it("keyPairFromKeyObjects makes a pair from a key the caller holds", () => {
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const pair = keyPairFromKeyObjects(privateKey);
    expect(pair.algorithm).toBe("ECC");
    expect(pair.privateKey).toBe(privateKey);
    expect(pair.privateKeyPem).toBe(privateKey.export({ type: "pkcs8", format: "pem" }));
    expect(pair.publicKeyPem).toBe(crypto.createPublicKey(privateKey).export({ type: "spki", format: "pem" }));
    expect(() => keyPairFromKeyObjects(crypto.createPublicKey(privateKey))).toThrow(TypeError);
  });
});

describe("createCsr with the pair's KeyObject", () => {
  const cases = (["RSA-2048", "ECC-P-256", "ECC-P-384"] as const).flatMap((id) =>
    (["SHA-256", "SHA-384"] as const).flatMap((hash) =>
      (["carried", "plain"] as const).map((form) => [id, hash, form] as const),
    ),
  );

  it.each(cases)("CSR-2: %s with %s, %s key: openssl req -verify accepts the CSR", async (id, hash, form) => {
    const pair = pairs.get(id)!;
    const pem = await createCsr({
      key: form === "carried" ? pair : plain(pair),
      commonName: "shop.example.com",
      names: ["shop.example.com", "www.shop.example.com", "192.0.2.7", "2001:db8::7", "::ffff:198.51.100.9"],
      subject: { O: "Example, Inc.", L: "深圳", C: "CN" },
      hash,
    });
    const file = work.write(`${id}-${hash}-${form}.csr`, pem);
    const verify = openssl(["req", "-in", file, "-verify", "-noout"]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr + verify.stdout).toMatch(/verify OK/i);
    const text = openssl(["req", "-in", file, "-noout", "-text", "-nameopt", "utf8"]);
    expect(text.stdout).toContain("Subject: C=CN, L=深圳, O=Example, Inc., CN=shop.example.com");
    expect(text.stdout).toContain(
      "DNS:shop.example.com, DNS:www.shop.example.com, IP Address:192.0.2.7, IP Address:2001:DB8:0:0:0:0:0:7, IP Address:0:0:0:0:0:FFFF:C633:6409",
    );
    expect(text.stdout).toMatch(new RegExp(`Signature Algorithm: \\S*${hash.replace("-", "")}`, "i"));
    const pubkey = openssl(["req", "-in", file, "-noout", "-pubkey"]);
    expect(pubkey.stdout).toBe(pair.publicKeyPem);
    const parsed = parseCsr(pem);
    expect(parsed.publicKeyPem).toBe(pair.publicKeyPem);
    assertKeyMatchesCsr(pair, parsed);
  });

  it("CSR-2: SM2 pairs still sign through the sm2 module", async () => {
    const pem = await createCsr({ key: pairs.get("SM2")!, commonName: "gm.example.cn", names: ["gm.example.cn"] });
    expect(parseCsr(pem).signatureAlgorithm).toBe("SM3withSM2");
  });
});

describe("protecting the pair", () => {
  it.each(ids)("CSR-3: a %s pair wrapped from its KeyObject unwraps to the same key", (id) => {
    const pair = pairs.get(id)!;
    const wrapped = wrapPrivateKey(pair, wrappingKey);
    expect(wrapped).toMatch(/^-----BEGIN CERTSIM WRAPPED PRIVATE KEY-----\n/);
    const opened = unwrapPrivateKey(wrapped, wrappingKey);
    expect(opened).toBe(pair.privateKeyPem);
    // The same as wrapping the PEM, once opened.
    expect(unwrapPrivateKey(wrapPrivateKey(pair.privateKeyPem, wrappingKey), wrappingKey)).toBe(opened);
  });

  it.each(ids)("CSR-3: a %s pair encrypted from its KeyObject opens with openssl and the password", (id) => {
    const pair = pairs.get(id)!;
    const encrypted = encryptPrivateKey(pair, "right horse battery");
    const file = work.write(`${id}.enc.pem`, encrypted);
    const opened = openssl(["pkey", "-in", file, "-passin", "pass:right horse battery"]);
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(pair.privateKeyPem);
  });

  it("CSR-4: assertKeyMatchesCsr and publicKeyOf take the pair", async () => {
    const ec = pairs.get("ECC-P-256")!;
    const rsa = pairs.get("RSA-2048")!;
    const csr = await createCsr({ key: ec, commonName: "match.example", names: ["match.example"] });
    assertKeyMatchesCsr(ec, csr);
    assertKeyMatchesCsr(plain(ec), csr);
    expect(() => assertKeyMatchesCsr(rsa, csr)).toThrow(CsrError);
    expect(Buffer.from(publicKeyOf(ec)).equals(Buffer.from(publicKeyOf(ec.privateKeyPem)))).toBe(true);
  });
});

describe("CA keys", () => {
  it("CERT-1: a hierarchy's intermediate key is parsed once however many leaves it signs", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const ca = await createCaHierarchy({ brand: "Once", algorithm: "ECC", now });
    const signer = caKey(ca.intermediate.keyPem);
    const csr = await createCsr({ key: pairs.get("ECC-P-256")!, commonName: "a.example", names: ["a.example"] });
    for (const name of ["a.example", "b.example"]) {
      const leaf = await issueLeaf({
        ca,
        csr,
        names: [name],
        profile: { validation: "DV", validityDays: 90 },
        issuedAt: now,
      });
      const chain = work.write(`${name}.chain.pem`, ca.intermediate.certPem);
      const root = work.write("once-root.pem", ca.root.certPem);
      const verify = openssl([
        "verify",
        "-attime",
        String(now.getTime() / 1000 + 60),
        "-CAfile",
        root,
        "-untrusted",
        chain,
        work.write(`${name}.pem`, leaf.certPem),
      ]);
      expect(verify.status, verify.stderr + verify.stdout).toBe(0);
    }
    expect(caKey(ca.intermediate.keyPem)).toBe(signer);
  });
});
