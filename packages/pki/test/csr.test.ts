import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertKeyMatchesCsr,
  CsrError,
  type CsrErrorCode,
  checkCsrNames,
  createCsr,
  encryptPrivateKey,
  generateKeyPair,
  type KeyPairPem,
  KeyPasswordError,
  parseCsr,
} from "../src/index";
import { openssl, Workdir } from "./openssl";

const work = new Workdir();
let rsa: KeyPairPem;
let ec: KeyPairPem;
let rsaCsr: string;
let ecCsr: string;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([
    generateKeyPair({ algorithm: "RSA", bits: 2048 }),
    generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
  ]);
  rsaCsr = await createCsr({ key: rsa, commonName: "example.com", names: ["example.com", "www.example.com"] });
  ecCsr = await createCsr({ key: ec, commonName: "api.example.com", names: ["api.example.com"] });
}, 60_000);

afterAll(() => work.remove());

function refusal(run: () => unknown): CsrError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsrError) return error;
    throw error;
  }
  throw new Error("expected a CsrError");
}

function expectCode(run: () => unknown, code: CsrErrorCode): CsrError {
  const error = refusal(run);
  expect(error.code).toBe(code);
  expect(error.rule).toBe("CSR-4");
  expect(error.message).not.toMatch(/\n\s+at /); // no stack in the message
  return error;
}

/** A CSR made by OpenSSL itself, for keys and signatures this package does not make. */
function opensslCsr(name: string, keyArgs: string[], extra: string[] = []): string {
  const key = work.path(`${name}.key`);
  const gen = openssl(["genpkey", ...keyArgs, "-out", key]);
  expect(gen.status, gen.stderr).toBe(0);
  const out = work.path(`${name}.csr`);
  const req = openssl(["req", "-new", "-key", key, "-subj", "/CN=legacy.example.com", "-out", out, ...extra]);
  expect(req.status, req.stderr).toBe(0);
  return openssl(["req", "-in", out]).stdout;
}

describe("parseCsr", () => {
  it("reads PEM, DER, DER-in-PEM bytes and bare base64 alike", () => {
    const fromPem = parseCsr(rsaCsr);
    expect(fromPem.key).toEqual({ algorithm: "RSA", bits: 2048 });
    expect(fromPem.signatureAlgorithm).toBe("sha256WithRSAEncryption");
    expect(fromPem.names).toEqual(["example.com", "www.example.com"]);
    expect(fromPem.subject).toEqual({ CN: "example.com" });
    expect(fromPem.publicKeyPem).toBe(rsa.publicKeyPem);
    expect(parseCsr(fromPem.der).pem).toBe(fromPem.pem);
    expect(parseCsr(new TextEncoder().encode(rsaCsr)).pem).toBe(fromPem.pem);
    expect(parseCsr(Buffer.from(fromPem.der).toString("base64")).pem).toBe(fromPem.pem);
    expect(parseCsr(`some text before\r\n${rsaCsr.replace(/\n/g, "\r\n")}`).pem).toBe(fromPem.pem);
  });

  it("takes the CN as the only name when the CSR has no SAN, and reads OpenSSL's RSA-PSS signatures", () => {
    const csr = parseCsr(
      opensslCsr(
        "pss",
        ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ["-sha256", "-sigopt", "rsa_padding_mode:pss"],
      ),
    );
    expect(csr.names).toEqual(["legacy.example.com"]);
    expect(csr.signatureAlgorithm).toBe("rsassaPss");
  });

  it("CSR-4: garbage, empty input and damaged PEM are NotPkcs10", () => {
    expectCode(() => parseCsr(""), "NotPkcs10");
    expectCode(() => parseCsr("hello, I am a certificate request"), "NotPkcs10");
    expectCode(() => parseCsr(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), "NotPkcs10");
    expectCode(() => parseCsr(new Uint8Array(0)), "NotPkcs10");
    expectCode(() => parseCsr(rsaCsr.replace(/\n[A-Za-z0-9+/]{64}\n/, "\n!!!!\n")), "NotPkcs10");
    expectCode(() => parseCsr(rsaCsr.replace(/-----END CERTIFICATE REQUEST-----/, "")), "NotPkcs10");
  });

  it("CSR-4: the PEM of a certificate instead of a CSR is NotPkcs10, and says what it got", () => {
    const cert = work.path("self.crt");
    const made = openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      work.write("ec.key", ec.privateKeyPem),
      "-subj",
      "/CN=example.com",
      "-days",
      "1",
      "-out",
      cert,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const pem = openssl(["x509", "-in", cert]).stdout;
    expect(expectCode(() => parseCsr(pem), "NotPkcs10").message).toMatch(/CERTIFICATE/);
    // The same certificate as DER, or relabelled as a CSR, is still not PKCS#10.
    const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
    expectCode(() => parseCsr(der), "NotPkcs10");
    expectCode(() => parseCsr(pem.replace(/CERTIFICATE/g, "CERTIFICATE REQUEST")), "NotPkcs10");
  });

  it("CSR-4: a flipped signature byte is BadSignature", () => {
    for (const pem of [rsaCsr, ecCsr]) {
      const der = new Uint8Array(parseCsr(pem).der);
      der[der.length - 3]! ^= 0x01;
      expectCode(() => parseCsr(der), "BadSignature");
    }
  });

  it("CSR-4: a changed name under the original signature is BadSignature", () => {
    const der = new Uint8Array(parseCsr(rsaCsr).der);
    const at = Buffer.from(der).indexOf("www.example.com");
    expect(at).toBeGreaterThan(0);
    der[at] = "v".charCodeAt(0);
    expectCode(() => parseCsr(der), "BadSignature");
  });

  it("CSR-4: RSA-1024 made with openssl is WeakKey", () => {
    const pem = opensslCsr("rsa1024", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]);
    expect(expectCode(() => parseCsr(pem), "WeakKey").message).toMatch(/RSA-1024/);
  });

  it("CSR-4: P-192 made with openssl is WeakKey", () => {
    const pem = opensslCsr("p192", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime192v1"]);
    expect(expectCode(() => parseCsr(pem), "WeakKey").message).toMatch(/prime192v1|P-192/);
  });

  it("CSR-4: curves and algorithms outside RSA/ECC P-256+/SM2 are WeakKey (secp256k1, Ed25519)", () => {
    expectCode(
      () => parseCsr(opensslCsr("k1", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"])),
      "WeakKey",
    );
    expectCode(() => parseCsr(opensslCsr("ed", ["-algorithm", "ED25519"])), "WeakKey");
  });

  it("a repeated read gives an equal, independent result (the kept copy cannot be changed through it)", () => {
    const first = parseCsr(ecCsr);
    first.names.push("evil.example");
    first.subject.CN = "evil.example";
    first.publicKeyDer.fill(0);
    first.der.fill(0);
    const again = parseCsr(ecCsr);
    expect(again.names).toEqual(["api.example.com"]);
    expect(again.subject.CN).toBe("api.example.com");
    expect(again.publicKeyPem).toBe(parseCsr(again.pem).publicKeyPem);
    expect(again.publicKeyDer.some((byte) => byte !== 0)).toBe(true);
    // DER input: `der` is the caller's own bytes, on the first read and on a repeat.
    const der = new Uint8Array(again.der);
    expect(parseCsr(der).der).toBe(der);
    expect(parseCsr(der).der).toBe(der);
    // A refusal is not kept: the same bytes, damaged, are refused every time.
    const damaged = new Uint8Array(der);
    damaged[damaged.length - 5]! ^= 1;
    expectCode(() => parseCsr(damaged), "BadSignature");
    expectCode(() => parseCsr(damaged), "BadSignature");
  });

  it("accepts P-384 and P-521 keys made by openssl", () => {
    expect(parseCsr(opensslCsr("p384", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"])).key).toEqual({
      algorithm: "ECC",
      bits: 384,
      curve: "P-384",
    });
    expect(parseCsr(opensslCsr("p521", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"])).key.curve).toBe(
      "P-521",
    );
  });
});

describe("checkCsrNames", () => {
  it("CSR-4: names must equal the bound domains as sets, case-insensitively", () => {
    checkCsrNames({ names: ["example.com", "www.example.com"] }, ["WWW.example.com", "example.com"]);
    checkCsrNames({ names: ["a.example.com", "b.example.com"] }, ["b.example.com", "a.example.com"]);
    const extra = expectCode(
      () => checkCsrNames({ names: ["a.example.com", "evil.example.net"] }, ["a.example.com"]),
      "NamesMismatch",
    );
    expect(extra.message).toContain("evil.example.net");
    const missing = expectCode(
      () => checkCsrNames({ names: ["a.example.com"] }, ["a.example.com", "b.example.com"]),
      "NamesMismatch",
    );
    expect(missing.message).toContain("b.example.com");
    expectCode(() => checkCsrNames(parseCsr(ecCsr), ["example.com"]), "NamesMismatch");
  });

  it("CSR-4 / DOM-2: the CSR may omit or include the www/apex companion", () => {
    // Bound list with both twins: either alone is enough.
    checkCsrNames({ names: ["example.com"] }, ["example.com", "www.example.com"]);
    checkCsrNames({ names: ["www.example.com"] }, ["example.com", "www.example.com"]);
    // Bound list without the twin: the caller names DOM-2's companions.
    checkCsrNames({ names: ["example.com", "www.example.com"] }, ["example.com"], ["www.example.com"]);
    checkCsrNames({ names: ["example.com"] }, ["example.com"], ["www.example.com"]);
    // A companion nobody declared is an extra name; "ssl." is no companion of the apex.
    expectCode(() => checkCsrNames({ names: ["example.com", "www.example.com"] }, ["example.com"]), "NamesMismatch");
    expectCode(
      () => checkCsrNames({ names: ["example.com", "ssl.example.com"] }, ["example.com"], ["www.example.com"]),
      "NamesMismatch",
    );
    // Wildcards have no companion.
    expectCode(() => checkCsrNames({ names: ["example.com"] }, ["*.example.com", "example.com"]), "NamesMismatch");
  });
});

describe("assertKeyMatchesCsr", () => {
  it("CSR-4: the CSR's own key passes, clear or password-encrypted", () => {
    assertKeyMatchesCsr(rsa.privateKeyPem, rsaCsr);
    assertKeyMatchesCsr(ec.privateKeyPem, parseCsr(ecCsr));
    assertKeyMatchesCsr(encryptPrivateKey(ec.privateKeyPem, "s3cret"), ecCsr, "s3cret");
    // PKCS#1 / SEC1 encodings of the same key, as customers upload them, match too.
    const sec1 = openssl(["ec", "-in", work.write("sec1.key", ec.privateKeyPem)]).stdout;
    expect(sec1).toContain("BEGIN EC PRIVATE KEY");
    assertKeyMatchesCsr(sec1, ecCsr);
  });

  it("CSR-4: another key is KeyMismatch; an unreadable key too; a wrong password is KeyPasswordError", () => {
    expectCode(() => assertKeyMatchesCsr(ec.privateKeyPem, rsaCsr), "KeyMismatch");
    expectCode(() => assertKeyMatchesCsr(rsa.privateKeyPem, ecCsr), "KeyMismatch");
    expectCode(
      () => assertKeyMatchesCsr("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", ecCsr),
      "KeyMismatch",
    );
    expect(() => assertKeyMatchesCsr(encryptPrivateKey(ec.privateKeyPem, "right"), ecCsr, "wrong")).toThrow(
      KeyPasswordError,
    );
  });

  it("CSR-4: an SM2 key matches its own SM2 CSR and no other", async () => {
    const sm2 = await generateKeyPair({ algorithm: "SM2" });
    const csr = await createCsr({ key: sm2, commonName: "gm.example.cn", names: ["gm.example.cn"] });
    assertKeyMatchesCsr(sm2.privateKeyPem, csr);
    expectCode(() => assertKeyMatchesCsr(ec.privateKeyPem, csr), "KeyMismatch");
    expectCode(() => assertKeyMatchesCsr(sm2.privateKeyPem, ecCsr), "KeyMismatch");
  });
});
