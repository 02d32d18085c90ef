import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
} from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSm2CaHierarchy,
  createSm2Csr,
  generateSm2KeyPair,
  isSm2PublicKey,
  issueSm2Leaves,
  type Sm2CaHierarchy,
  Sm2Error,
  type Sm2Leaves,
  verifySm2Chain,
  verifySm2Csr,
} from "../src/sm2";

// OpenSSL 3.0 needs the GM/T 0009 default ID spelled out; it applies it only to the certificate being verified.
const DISTID = "distid:1234567812345678";
const ISSUED_AT = new Date("2026-05-01T08:00:00Z");
const LATER = new Date("2026-06-01T00:00:00Z");
const NAMES = ["example.com", "www.example.com"]; // DOM-2: an apex order covers www too

let dir: string;
let ca: Sm2CaHierarchy; // DNSPod
let otherBrand: Sm2CaHierarchy; // WoTrus
let sameBrandOtherKeys: Sm2CaHierarchy; // DNSPod again, new keys: same names, other signatures
let csr: string;
let csrKey: { privateKeyPem: string; publicKeyPem: string };
let ov: Sm2Leaves;
let fromOtherBrand: Sm2Leaves;
let fromSameBrandOtherKeys: Sm2Leaves;

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function openssl(...args: string[]): { code: number; out: string } {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** openssl verify at the simulated instant (never the machine's clock). */
function verifyLink(caFile: string, target: string, ...extra: string[]): { code: number; out: string } {
  const at = String(Math.floor(LATER.getTime() / 1000));
  return openssl("verify", "-attime", at, ...extra, "-CAfile", caFile, target);
}

function der(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
}

function pem(bytes: Uint8Array, label: string): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString("base64")}\n-----END ${label}-----\n`;
}

/** A copy of a certificate with one byte of `needle` (found in the DER) replaced, i.e. a tampered TBS field. */
function tamper(certPem: string, needle: string, replacement: string): string {
  const bytes = der(certPem);
  const at = Buffer.from(bytes).indexOf(needle);
  expect(at).toBeGreaterThan(0);
  bytes.set(Buffer.from(replacement), at);
  return pem(bytes, "CERTIFICATE");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "certsim-sm2-"));
  [ca, otherBrand, sameBrandOtherKeys] = await Promise.all([
    createSm2CaHierarchy({ brand: "DNSPod", now: ISSUED_AT }),
    createSm2CaHierarchy({ brand: "WoTrus", now: ISSUED_AT }),
    createSm2CaHierarchy({ brand: "DNSPod", now: ISSUED_AT }),
  ]);
  csrKey = await generateSm2KeyPair();
  csr = await createSm2Csr({
    key: csrKey.privateKeyPem,
    commonName: "example.com",
    names: NAMES,
    subject: { O: "Example Ltd", C: "CN", L: "Shenzhen", ST: "Guangdong", OU: "IT" },
  });
  const profile = {
    validation: "OV" as const,
    organization: { name: "Example Ltd", country: "CN", locality: "Shenzhen" },
    validityDays: 365,
  };
  const urls = { aia: "http://ca.dnspod.test/int.crt", crl: "http://ca.dnspod.test/int.crl" };
  [ov, fromOtherBrand, fromSameBrandOtherKeys] = await Promise.all([
    issueSm2Leaves({ ca, csr, names: NAMES, profile, issuedAt: ISSUED_AT, urls }),
    issueSm2Leaves({ ca: otherBrand, csr, names: NAMES, profile, issuedAt: ISSUED_AT }),
    issueSm2Leaves({ ca: sameBrandOtherKeys, csr, names: NAMES, profile, issuedAt: ISSUED_AT }),
  ]);
  file("root.pem", ca.root.certPem);
  file("int.pem", ca.intermediate.certPem);
  file("sign.pem", ov.signing.certPem);
  file("enc.pem", ov.encryption.certPem);
  file("enc.key", ov.encryption.keyPem);
  file("other-root.pem", otherBrand.root.certPem);
  file("other-int.pem", otherBrand.intermediate.certPem);
  file("other-sign.pem", fromOtherBrand.signing.certPem);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("SM2 keys", () => {
  it("SM-4: generated key pairs are PKCS#8/SPKI PEMs that OpenSSL 3 reads as SM2 keys", async () => {
    const pair = await generateSm2KeyPair();
    expect(pair.algorithm).toBe("SM2");
    const priv = openssl("pkey", "-in", file("k.pem", pair.privateKeyPem), "-text", "-noout");
    expect(priv.code).toBe(0);
    expect(priv.out).toContain("ASN1 OID: SM2");
    const pub = openssl("pkey", "-pubin", "-in", file("k.pub", pair.publicKeyPem), "-text", "-noout");
    expect(pub.out).toContain("ASN1 OID: SM2");
    expect(pair.privateKeyPem).toContain("-----BEGIN PRIVATE KEY-----");
    expect(isSm2PublicKey(pair.publicKeyPem)).toBe(true);
    expect(isSm2PublicKey(der(pair.publicKeyPem))).toBe(true);
  });

  it("SM-4: isSm2PublicKey refuses P-256, RSA and garbage", () => {
    const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey;
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    expect(isSm2PublicKey(p256.export({ format: "pem", type: "spki" }).toString())).toBe(false);
    expect(isSm2PublicKey(rsa.export({ format: "pem", type: "spki" }).toString())).toBe(false);
    expect(isSm2PublicKey("not a key")).toBe(false);
    expect(isSm2PublicKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBe(false);
  });
});

describe("SM2 certificates and chain", () => {
  it("SM-4: openssl x509 prints SM2-with-SM3 and an SM2 key for root, intermediate and both leaves", () => {
    for (const name of ["root.pem", "int.pem", "sign.pem", "enc.pem"]) {
      const { code, out } = openssl("x509", "-in", name, "-noout", "-text");
      expect(code, name).toBe(0);
      expect(out.match(/Signature Algorithm: SM2-with-SM3/g), name).toHaveLength(2);
      expect(out, name).toContain("ASN1 OID: SM2");
    }
  });

  it("SM-4: the root's self-signature verifies with openssl pkeyutl (SM3, distid) and openssl verify accepts it", () => {
    const cert = AsnConvert.parse(der(ca.root.certPem), Certificate);
    const tbs = file("root.tbs", new Uint8Array(cert.tbsCertificateRaw!));
    const sig = file("root.sig", new Uint8Array(cert.signatureValue));
    openssl("x509", "-in", "root.pem", "-pubkey", "-noout", "-out", "root.pub");
    const pkeyutl = (sigFile: string, id = DISTID) =>
      openssl(
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        "root.pub",
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        id,
        "-in",
        tbs,
        "-sigfile",
        sigFile,
      );
    const ok = pkeyutl(sig);
    expect(ok.out).toContain("Signature Verified Successfully");
    expect(ok.code).toBe(0);
    // Controls: another user ID, or a changed signature, must fail.
    expect(pkeyutl(sig, "distid:1234567812345679").code).not.toBe(0);
    const flipped = new Uint8Array(cert.signatureValue);
    flipped[10] = (flipped[10] ?? 0) ^ 0x01;
    expect(pkeyutl(file("root-bad.sig", flipped)).code).not.toBe(0);
    // openssl verify accepts the self-signed root as a trust anchor (it does not check a trusted root's signature).
    const anchor = verifyLink("root.pem", "root.pem", "-vfyopt", DISTID);
    expect(anchor.out).toContain("root.pem: OK");
  });

  it("SM-4: openssl verify -vfyopt distid accepts root → intermediate, and refuses it without the ID or with another root", () => {
    const ok = verifyLink("root.pem", "int.pem", "-vfyopt", DISTID);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain("int.pem: OK");
    expect(verifyLink("root.pem", "int.pem").code).not.toBe(0); // OpenSSL 3.0's default ID is empty
    expect(verifyLink("other-root.pem", "int.pem", "-vfyopt", DISTID).code).not.toBe(0);
  });

  it("SM-4: openssl verify -vfyopt distid -partial_chain accepts intermediate → signing and encryption leaves", () => {
    for (const leaf of ["sign.pem", "enc.pem"]) {
      const ok = verifyLink("int.pem", leaf, "-vfyopt", DISTID, "-partial_chain", "-purpose", "sslserver");
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toContain(`${leaf}: OK`);
    }
    expect(verifyLink("int.pem", "sign.pem", "-partial_chain").code).not.toBe(0);
    expect(verifyLink("other-int.pem", "sign.pem", "-vfyopt", DISTID, "-partial_chain").code).not.toBe(0);
    expect(verifyLink("int.pem", "other-sign.pem", "-vfyopt", DISTID, "-partial_chain").code).not.toBe(0);
  });

  it("SM-4: verifySm2Chain accepts both leaves and refuses tampering, another brand's intermediate and a wrong root", () => {
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, ca.root.certPem, LATER)).toEqual({ ok: true });
    expect(verifySm2Chain(ov.encryption.certPem, ov.chainPem, ca.root.certPem, LATER)).toEqual({ ok: true });
    expect(ov.chainPem).toEqual([ca.intermediate.certPem]);

    const tampered = tamper(ov.signing.certPem, "www.example.com", "www.examplf.com");
    expect(verifySm2Chain(tampered, ov.chainPem, ca.root.certPem, LATER)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^leaf: signature/),
    });
    const sigFlipped = der(ov.signing.certPem);
    sigFlipped[sigFlipped.length - 5] = (sigFlipped[sigFlipped.length - 5] ?? 0) ^ 0x80;
    expect(verifySm2Chain(pem(sigFlipped, "CERTIFICATE"), ov.chainPem, ca.root.certPem, LATER).ok).toBe(false);

    // Another brand's leaf and intermediate presented under this brand.
    const foreign = verifySm2Chain(fromOtherBrand.signing.certPem, ov.chainPem, ca.root.certPem, LATER);
    expect(foreign).toMatchObject({ ok: false, reason: expect.stringMatching(/^leaf: issuer name/) });
    const foreignInt = verifySm2Chain(fromOtherBrand.signing.certPem, fromOtherBrand.chainPem, ca.root.certPem, LATER);
    expect(foreignInt).toMatchObject({ ok: false, reason: expect.stringMatching(/^intermediate: issuer name/) });
    // Same names, other keys: only the signature can tell them apart.
    const lookalike = verifySm2Chain(fromSameBrandOtherKeys.signing.certPem, ov.chainPem, ca.root.certPem, LATER);
    expect(lookalike).toMatchObject({ ok: false, reason: expect.stringMatching(/^leaf: signature does not verify/) });
    const wrongRoot = verifySm2Chain(ov.signing.certPem, ov.chainPem, sameBrandOtherKeys.root.certPem, LATER);
    expect(wrongRoot).toMatchObject({ ok: false, reason: expect.stringMatching(/^intermediate: signature/) });
    // A root whose self-signature was altered.
    const rootBytes = der(ca.root.certPem);
    rootBytes[rootBytes.length - 3] = (rootBytes[rootBytes.length - 3] ?? 0) ^ 0x01;
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, pem(rootBytes, "CERTIFICATE"), LATER)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^root: signature/),
    });
    // The leaf and the intermediate swapped roles, and garbage.
    expect(verifySm2Chain(ca.intermediate.certPem, [ca.root.certPem], ca.root.certPem, LATER).ok).toBe(false);
    expect(verifySm2Chain("junk", ov.chainPem, ca.root.certPem, LATER)).toEqual({
      ok: false,
      reason: "leaf: cannot be read",
    });
  });

  it("SM-4: verifySm2Chain checks validity windows at the given instant", () => {
    const before = new Date(ISSUED_AT.getTime() - 1000);
    const after = new Date(ov.notAfter.getTime() + 1000);
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, ca.root.certPem, ISSUED_AT).ok).toBe(true);
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, ca.root.certPem, ov.notAfter).ok).toBe(true);
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, ca.root.certPem, before)).toMatchObject({
      ok: false,
      reason: "leaf: not yet valid",
    });
    expect(verifySm2Chain(ov.signing.certPem, ov.chainPem, ca.root.certPem, after)).toEqual({
      ok: false,
      reason: "leaf: expired",
    });
  });

  it("SM-4: the encryption key matches the encryption certificate, the signing certificate carries the CSR's key", () => {
    const keyPub = openssl("pkey", "-in", "enc.key", "-pubout").out;
    const certPub = openssl("x509", "-in", "enc.pem", "-pubkey", "-noout").out;
    expect(keyPub).toContain("BEGIN PUBLIC KEY");
    expect(keyPub).toBe(certPub);
    expect(openssl("pkey", "-in", "enc.key", "-text", "-noout").out).toContain("ASN1 OID: SM2");
    const signPub = openssl("x509", "-in", "sign.pem", "-pubkey", "-noout").out;
    expect(signPub).toBe(csrKey.publicKeyPem);
    expect(signPub).not.toBe(certPub);
  });
});

describe("SM2 requests", () => {
  it("CSR-2: an SM2 CSR signed with SM3 passes openssl req -verify; a flipped signature byte fails both checks", () => {
    const reqFile = file("req.csr", csr);
    const good = openssl("req", "-in", reqFile, "-verify", "-noout", "-vfyopt", DISTID);
    // `openssl req -verify` exits 0 even on failure in 3.0: the verdict is in the message.
    expect(good.out).toContain("self-signature verify OK");
    expect(openssl("req", "-in", reqFile, "-noout", "-text").out).toContain("Signature Algorithm: SM2-with-SM3");
    expect(openssl("req", "-in", reqFile, "-verify", "-noout").out).toContain("verify failure"); // empty default ID

    const check = verifySm2Csr(der(csr));
    expect(check).toEqual({
      ok: true,
      publicKeyPem: csrKey.publicKeyPem,
      names: NAMES,
      subject: { C: "CN", ST: "Guangdong", L: "Shenzhen", O: "Example Ltd", OU: "IT", CN: "example.com" },
    });

    const bad = der(csr);
    bad[bad.length - 4] = (bad[bad.length - 4] ?? 0) ^ 0x01;
    expect(verifySm2Csr(bad).ok).toBe(false);
    const badOut = openssl(
      "req",
      "-in",
      file("bad.csr", pem(bad, "CERTIFICATE REQUEST")),
      "-verify",
      "-noout",
      "-vfyopt",
      DISTID,
    );
    expect(badOut.out).toContain("verify failure");
  });

  it("CSR-2: verifySm2Csr refuses a request with trailing bytes, a wrong outer length or a signature with unused bits", () => {
    const bytes = der(csr);
    // Outer header 30 82 <len16>: a shorter declared length is tolerated by asn1js, so it must be checked here.
    expect([bytes[0], bytes[1]]).toEqual([0x30, 0x82]);
    for (const delta of [-4, -2, -1, 1, 3]) {
      const relength = bytes.slice();
      const declared = bytes.length - 4 + delta;
      relength.set([declared >> 8, declared & 0xff], 2);
      expect(() => verifySm2Csr(relength), `delta ${delta}`).toThrow(
        expect.objectContaining({ code: "CSR_MALFORMED" }),
      );
    }
    expect(() => verifySm2Csr(Uint8Array.from([...bytes, 0]))).toThrow(
      expect.objectContaining({ code: "CSR_MALFORMED", rule: "CSR-2" }),
    );
    // The signature BIT STRING ends the request: 03 <len> <unused bits> <signature>.
    const unused = bytes.slice();
    const at = unused.length - AsnConvert.parse(bytes, CertificationRequest).signature.byteLength - 1;
    expect([unused[at - 2], unused[at]]).toEqual([0x03, 0x00]);
    unused[at] = 0x01;
    expect(() => verifySm2Csr(unused)).toThrow(expect.objectContaining({ code: "CSR_MALFORMED" }));
  });

  it("CSR-2: verifySm2Csr accepts an SM2 CSR made by openssl and refuses non-SM2 requests with a typed error", async () => {
    const key = file("ossl.key", csrKey.privateKeyPem);
    const made = openssl(
      "req",
      "-new",
      "-key",
      key,
      "-sm3",
      "-sigopt",
      DISTID,
      "-subj",
      "/CN=ossl.example/O=Ossl",
      "-addext",
      "subjectAltName=DNS:ossl.example,DNS:www.ossl.example",
      "-out",
      "ossl.csr",
    );
    expect(made.code, made.out).toBe(0);
    const check = verifySm2Csr(openssl("req", "-in", "ossl.csr").out);
    expect(check).toMatchObject({
      ok: true,
      names: ["ossl.example", "www.ossl.example"],
      subject: { CN: "ossl.example", O: "Ossl" },
    });
    // Signed with another ID: openssl's signature does not verify under the default ID.
    openssl("req", "-new", "-key", key, "-sm3", "-sigopt", "distid:other", "-subj", "/CN=x.example", "-out", "o2.csr");
    expect(verifySm2Csr(openssl("req", "-in", "o2.csr").out).ok).toBe(false);

    const rsaPem = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    openssl("req", "-new", "-key", file("rsa.key", rsaPem), "-subj", "/CN=rsa.example", "-out", "rsa.csr");
    expect(() => verifySm2Csr(openssl("req", "-in", "rsa.csr").out)).toThrow(
      expect.objectContaining({ code: "CSR_NOT_SM2", rule: "CSR-2" }),
    );
    expect(() => verifySm2Csr(new Uint8Array([1, 2, 3]))).toThrow(Sm2Error);
    await expect(createSm2Csr({ key: rsaPem, commonName: "x", names: [] })).rejects.toMatchObject({
      code: "KEY_NOT_SM2",
    });
  });
});

describe("SM2 leaves", () => {
  function leaf(certPem: string): X509Certificate {
    return new X509Certificate(certPem);
  }

  it("CERT-2: both SM2 leaves carry exactly the names, a ≥64-bit random serial, CA:false, serverAuth, AKI/SKI, the organisation", () => {
    const intermediate = leaf(ca.intermediate.certPem);
    const intSki = intermediate.getExtension(SubjectKeyIdentifierExtension)!.keyId;
    const serials = new Set<string>();
    for (const [which, issued, usages] of [
      ["signing", ov.signing, KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation],
      [
        "encryption",
        ov.encryption,
        KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | KeyUsageFlags.keyAgreement,
      ],
    ] as const) {
      const cert = leaf(issued.certPem);
      const sans = cert.getExtension(SubjectAlternativeNameExtension)!.names.items.map((n) => `${n.type}:${n.value}`);
      expect(sans, which).toEqual(["dns:example.com", "dns:www.example.com"]);
      expect(BigInt(`0x${cert.serialNumber}`) >= 2n ** 64n, which).toBe(true);
      expect(cert.serialNumber.toLowerCase()).toBe(issued.serialHex);
      serials.add(issued.serialHex);
      const bc = cert.getExtension(BasicConstraintsExtension)!;
      expect(bc.ca).toBe(false);
      expect(cert.getExtension(ExtendedKeyUsageExtension)!.usages).toEqual(["1.3.6.1.5.5.7.3.1"]);
      expect(cert.getExtension(KeyUsagesExtension)!.usages).toBe(usages);
      expect(cert.getExtension(AuthorityKeyIdentifierExtension)!.keyId).toBe(intSki);
      expect(cert.getExtension(SubjectKeyIdentifierExtension)!.keyId).toMatch(/^[0-9a-f]{40}$/);
      expect(cert.subject).toBe("C=CN, L=Shenzhen, O=Example Ltd, CN=example.com");
      expect(cert.issuer).toBe(intermediate.subject);
      expect(cert.notBefore).toEqual(ov.notBefore);
      expect(cert.notAfter).toEqual(ov.notAfter);
      const text = openssl("x509", "-in", which === "signing" ? "sign.pem" : "enc.pem", "-noout", "-text").out;
      expect(text).toContain("CA:FALSE");
      expect(text).toContain("CA Issuers - URI:http://ca.dnspod.test/int.crt");
      expect(text).toContain("URI:http://ca.dnspod.test/int.crl");
      expect(text).toContain("Policy: 2.23.140.1.2.2");
    }
    serials.add(fromOtherBrand.signing.serialHex).add(fromSameBrandOtherKeys.signing.serialHex);
    expect(serials.size).toBe(4);
  });

  it("CERT-2: a DV SM2 leaf has only the CN in its subject; OV without an organisation and a bad CSR are refused", async () => {
    const names = ["shop.example.cn"];
    const dv = await issueSm2Leaves({
      ca,
      csr,
      names,
      profile: { validation: "DV", validityDays: 90 },
      issuedAt: ISSUED_AT,
    });
    const cert = leaf(dv.signing.certPem);
    expect(cert.subject).toBe("CN=shop.example.cn");
    expect(cert.getExtension(SubjectAlternativeNameExtension)!.names.items.map((n) => n.value)).toEqual(names);
    expect(cert.getExtension(SubjectAlternativeNameExtension)!.names.items).toHaveLength(1);
    expect(cert.getExtension(BasicConstraintsExtension)!.ca).toBe(false);
    expect(dv.encryption.certPem).not.toContain("BEGIN PRIVATE KEY");

    await expect(
      issueSm2Leaves({ ca, csr, names, profile: { validation: "EV", validityDays: 365 }, issuedAt: ISSUED_AT }),
    ).rejects.toMatchObject({ code: "INPUT_INVALID", rule: "CERT-2" });
    await expect(
      issueSm2Leaves({ ca, csr, names: [], profile: { validation: "DV", validityDays: 365 }, issuedAt: ISSUED_AT }),
    ).rejects.toBeInstanceOf(Sm2Error);
    const badCsr = der(csr);
    badCsr[badCsr.length - 4] = (badCsr[badCsr.length - 4] ?? 0) ^ 0x01;
    await expect(
      issueSm2Leaves({
        ca,
        csr: pem(badCsr, "CERTIFICATE REQUEST"),
        names,
        profile: { validation: "DV", validityDays: 365 },
        issuedAt: ISSUED_AT,
      }),
    ).rejects.toMatchObject({ code: "CSR_SIGNATURE_INVALID", rule: "CSR-2" });
    // The intermediate's key must belong to its certificate.
    const mixed = {
      root: ca.root,
      intermediate: { certPem: ca.intermediate.certPem, keyPem: otherBrand.intermediate.keyPem },
    };
    await expect(
      issueSm2Leaves({ ca: mixed, csr, names, profile: { validation: "DV", validityDays: 365 }, issuedAt: ISSUED_AT }),
    ).rejects.toMatchObject({ code: "KEY_INVALID" });
  });

  it("CERT-4: an SM2 leaf keeps the product's validity, beyond the BR cap", async () => {
    const three = await issueSm2Leaves({
      ca,
      csr,
      names: NAMES,
      profile: { validation: "DV", validityDays: 3 * 365 },
      issuedAt: ISSUED_AT,
    });
    expect(three.notBefore).toEqual(ISSUED_AT);
    expect(three.notAfter.getTime() - three.notBefore.getTime()).toBe(3 * 365 * 86_400_000 - 1000);
    expect(leaf(three.encryption.certPem).notAfter).toEqual(three.notAfter);
  });
});
