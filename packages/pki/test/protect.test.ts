import * as crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decryptPrivateKey,
  encryptPrivateKey,
  generateKeyPair,
  type KeyPairPem,
  KeyPasswordError,
  keyProtection,
  unwrapPrivateKey,
  wrapPrivateKey,
} from "../src/index";
import { openssl, Workdir } from "./openssl";

const work = new Workdir();
let keys: KeyPairPem[];

beforeAll(async () => {
  keys = await Promise.all([
    generateKeyPair({ algorithm: "RSA", bits: 2048 }),
    generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
    generateKeyPair({ algorithm: "SM2" }),
  ]);
});

afterAll(() => work.remove());

function caught(run: () => unknown): KeyPasswordError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyPasswordError) return error;
    throw error;
  }
  throw new Error("expected a KeyPasswordError");
}

/** The raw key bytes that must never appear in a protected form: PKCS#8 DER and its base64. */
function clearForms(pem: string): string[] {
  const der = crypto.createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  const body = pem.replace(/-----[^-]+-----|\s/g, "");
  return [der.toString("latin1").slice(40, 80), body.slice(40, 100)];
}

describe("encryptPrivateKey", () => {
  it("CSR-3: the encrypted key opens with openssl pkey and the right password, and fails with a wrong one", () => {
    for (const key of keys) {
      const encrypted = encryptPrivateKey(key.privateKeyPem, "right horse battery");
      expect(encrypted).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      expect(keyProtection(encrypted)).toBe("password");
      const file = work.write(`${key.algorithm}.enc.pem`, encrypted);
      const right = openssl(["pkey", "-in", file, "-passin", "pass:right horse battery"]);
      expect(right.status, right.stderr).toBe(0);
      expect(right.stdout).toBe(key.privateKeyPem);
      const wrong = openssl(["pkey", "-in", file, "-passin", "pass:wrong"]);
      expect(wrong.status).not.toBe(0);
      expect(wrong.stdout).not.toContain("PRIVATE KEY");
    }
  });

  it("CSR-3: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, no clear key bytes", () => {
    const encrypted = encryptPrivateKey(keys[0]!.privateKeyPem, "pw");
    const dump = openssl(["asn1parse", "-in", work.write("asn1.pem", encrypted)]);
    expect(dump.stdout).toContain(":PBES2");
    expect(dump.stdout).toContain(":PBKDF2");
    expect(dump.stdout).toContain(":hmacWithSHA256");
    expect(dump.stdout).toContain(":aes-256-cbc");
    const der = Buffer.from(encrypted.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("latin1");
    for (const form of clearForms(keys[0]!.privateKeyPem)) {
      expect(encrypted).not.toContain(form);
      expect(der).not.toContain(form);
    }
  });

  it("CSR-3: decryptPrivateKey returns the clear PKCS#8; a wrong password is a typed error", () => {
    for (const key of keys) {
      const encrypted = encryptPrivateKey(key.privateKeyPem, "s3cret");
      expect(decryptPrivateKey(encrypted, "s3cret")).toBe(key.privateKeyPem);
      const error = caught(() => decryptPrivateKey(encrypted, "S3cret"));
      expect(error).toMatchObject({ code: "WrongPassword", rule: "CSR-3" });
    }
    expect(caught(() => decryptPrivateKey(keys[0]!.privateKeyPem, "x")).code).toBe("NotEncrypted");
    expect(() => encryptPrivateKey(keys[0]!.privateKeyPem, "")).toThrow(RangeError);
  });

  it("CSR-3: an encrypted key made by openssl opens too", () => {
    const file = work.write("clear.pem", keys[1]!.privateKeyPem);
    const made = openssl(["pkcs8", "-topk8", "-in", file, "-v2", "aes-128-cbc", "-passout", "pass:ossl"]);
    expect(made.status, made.stderr).toBe(0);
    expect(decryptPrivateKey(made.stdout, "ossl")).toBe(keys[1]!.privateKeyPem);
  });
});

describe("wrapPrivateKey", () => {
  const wrappingKey = crypto.randomBytes(32);

  it("CSR-3: a wrapped key holds no PEM and no clear key bytes, and unwraps to the same key", () => {
    for (const key of keys) {
      const wrapped = wrapPrivateKey(key.privateKeyPem, wrappingKey);
      expect(wrapped).toMatch(/^-----BEGIN CERTSIM WRAPPED PRIVATE KEY-----\n/);
      expect(wrapped).not.toMatch(/BEGIN (ENCRYPTED |EC |RSA )?PRIVATE KEY/);
      expect(keyProtection(wrapped)).toBe("wrapped");
      const bytes = Buffer.from(wrapped.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("latin1");
      for (const form of clearForms(key.privateKeyPem)) {
        expect(wrapped).not.toContain(form);
        expect(bytes).not.toContain(form);
      }
      expect(unwrapPrivateKey(wrapped, wrappingKey)).toBe(key.privateKeyPem);
    }
  });

  it("CSR-3: each wrap uses a fresh IV; a wrong key or a changed byte does not open", () => {
    const key = keys[1]!.privateKeyPem;
    const a = wrapPrivateKey(key, wrappingKey);
    expect(wrapPrivateKey(key, wrappingKey)).not.toBe(a);
    expect(caught(() => unwrapPrivateKey(a, crypto.randomBytes(32))).code).toBe("WrongWrappingKey");
    const body = Buffer.from(a.replace(/-----[^-]+-----|\s/g, ""), "base64");
    body[body.length - 1]! ^= 0x01;
    const tampered = `-----BEGIN CERTSIM WRAPPED PRIVATE KEY-----\n${body.toString("base64")}\n-----END CERTSIM WRAPPED PRIVATE KEY-----\n`;
    expect(caught(() => unwrapPrivateKey(tampered, wrappingKey)).code).toBe("WrongWrappingKey");
    expect(caught(() => unwrapPrivateKey(key, wrappingKey)).code).toBe("Malformed");
    expect(() => wrapPrivateKey(key, crypto.randomBytes(16))).toThrow(RangeError);
  });

  it("keyProtection tells clear keys apart", () => {
    expect(keyProtection(keys[0]!.privateKeyPem)).toBe("clear");
    expect(keyProtection("nothing here")).toBe("unknown");
  });
});
