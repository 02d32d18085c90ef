// What DNSPod signs: GM pairs under its SM2 root (SM-4), checked with openssl one link at a time and with the
// project's own chain verifier; international DV leaves under its RSA root (CERT-1); validity by standard (CERT-4).
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { csrFor, opensslVerify, tempDir } from "@certsim/ca-kit/testing";
import { DAY } from "@certsim/clock";
import { SM2_DEFAULT_USER_ID, verifySm2Chain } from "@certsim/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API, type DnsPodWorld, type Json, startDnsPodWorld, testSm2Key } from "./helpers";

const run = promisify(execFile);
// OpenSSL 3.0 needs the GM/T 0009 default ID spelled out, and applies it only to the certificate being verified.
const DISTID = `distid:${SM2_DEFAULT_USER_ID}`;

let t: DnsPodWorld;
let roots: Json;
let dir: { path: string; cleanup(): void };
const issued: Record<"gmOv" | "gmDv" | "intl", { order: Json; download: Json }> = {} as never;

function file(name: string, content: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, content);
  return path;
}

/** openssl, never throwing: its exit code and everything it printed. */
async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run("openssl", args, { cwd: dir.path });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** openssl verify of one link at the simulated instant (never the machine's clock). */
function verifyLink(caFile: string, target: string, at: Date, ...extra: string[]) {
  return openssl("verify", "-attime", String(Math.floor(at.getTime() / 1000)), ...extra, "-CAfile", caFile, target);
}

beforeAll(async () => {
  dir = tempDir("dnspod-certs-");
  t = await startDnsPodWorld();
  roots = (await t.operator.get("/operator/roots")).body;
  const gmOv = await t.gmOvOrder({ cert_domains: ["www.example.com"] });
  await t.publishCnames(await t.uploadLetter(gmOv.cert_order_id));
  const gmDv = await t.gmDvOrder("Acme Widgets", { cert_domains: ["shop.example.com"] });
  const intl = await t.order({ cert_domains: ["api.example.com"], cert_csr: await csrFor("api.example.com") });
  for (const order of [gmDv, intl]) await t.publishCnames(order);
  await t.world.clock.runUntilIdle();
  for (const [name, order] of [
    ["gmOv", gmOv],
    ["gmDv", gmDv],
    ["intl", intl],
  ] as const) {
    const download = await t.reseller.get(`${API}/orders/${order.cert_order_id}/download`);
    expect(download.status, JSON.stringify(download.body)).toBe(200);
    issued[name] = { order: await t.get(order.cert_order_id), download: download.body };
  }
}, 60_000);

afterAll(async () => {
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
  dir.cleanup();
});

describe("SM-4: a GM order yields a signing and an encryption certificate under DNSPod's SM2 hierarchy", () => {
  it("SM-4: the download carries the signing certificate (the CSR's key), the encryption certificate and its private key, and the SM2 chain", async () => {
    const { order, download } = issued.gmOv;
    expect(order).toMatchObject({ cert_status: "ISSUED", cert_standard: "GM", cert_validation: "OV" });
    expect(download).toMatchObject({ cert_standard: "GM", cert_serial_number: order.cert_certificate.serial_number });
    expect(download.cert_encrypt_serial_number).toBe(order.cert_certificate.encrypt_serial_number);
    expect(download.cert_encrypt_serial_number).not.toBe(download.cert_serial_number);
    expect(download.cert_encrypt_key_pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(download.cert_chain_pem).toEqual([roots.sm2.intermediate, roots.sm2.root]);
    // The international root is another hierarchy.
    expect(roots.sm2.root).not.toBe(roots.root);

    file("sign.pem", download.cert_pem);
    file("enc.pem", download.cert_encrypt_pem);
    file("enc.key", download.cert_encrypt_key_pem);
    // The signing certificate carries the CSR's key; the encryption key matches the encryption certificate.
    const signPub = await openssl("x509", "-in", "sign.pem", "-pubkey", "-noout");
    expect(signPub.out).toBe((await testSm2Key()).publicKeyPem);
    const keyPub = await openssl("pkey", "-in", "enc.key", "-pubout");
    const encPub = await openssl("x509", "-in", "enc.pem", "-pubkey", "-noout");
    expect(keyPub.code).toBe(0);
    expect(keyPub.out).toContain("BEGIN PUBLIC KEY");
    expect(keyPub.out).toBe(encPub.out);
    expect(encPub.out).not.toBe(signPub.out);
    expect((await openssl("pkey", "-in", "enc.key", "-text", "-noout")).out).toContain("ASN1 OID: SM2");
  });

  it("SM-4: openssl x509 -text prints SM2-with-SM3 for both certificates, with the organisation and exactly the order's names", async () => {
    const { download } = issued.gmOv;
    for (const [name, pem] of [
      ["sign.pem", download.cert_pem],
      ["enc.pem", download.cert_encrypt_pem],
    ] as const) {
      file(name, pem);
      const text = await openssl("x509", "-in", name, "-noout", "-text");
      expect(text.code, text.out).toBe(0);
      expect(text.out).toContain("Signature Algorithm: SM2-with-SM3");
      expect(text.out).toMatch(/ASN1 OID: SM2/);
      expect(text.out).toContain("DNS:www.example.com, DNS:example.com");
      expect(text.out).toMatch(
        /Subject: C = CN, L = Shenzhen, O = "?Acme Widgets \(Shenzhen\) Co\., Ltd\."?, CN = www\.example\.com/,
      );
      expect(text.out).toContain("CA:FALSE");
    }
    // Signing vs encryption key usages.
    expect((await openssl("x509", "-in", "sign.pem", "-noout", "-text")).out).toMatch(
      /Digital Signature, Non Repudiation/,
    );
    expect((await openssl("x509", "-in", "enc.pem", "-noout", "-text")).out).toMatch(
      /Key Encipherment, Data Encipherment, Key Agreement/,
    );
  });

  it("SM-4: each link passes openssl verify -vfyopt distid:1234567812345678 (root → intermediate, intermediate → each leaf) and fails without the ID", async () => {
    const { download } = issued.gmOv;
    const at = new Date(Date.parse(download.cert_not_before) + DAY);
    file("root.pem", roots.sm2.root);
    file("int.pem", roots.sm2.intermediate);
    file("sign.pem", download.cert_pem);
    file("enc.pem", download.cert_encrypt_pem);
    const link = await verifyLink("root.pem", "int.pem", at, "-vfyopt", DISTID);
    expect(link.code, link.out).toBe(0);
    expect(link.out).toContain("int.pem: OK");
    for (const leaf of ["sign.pem", "enc.pem"]) {
      const ok = await verifyLink("int.pem", leaf, at, "-vfyopt", DISTID, "-partial_chain", "-purpose", "sslserver");
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toContain(`${leaf}: OK`);
    }
    // Without the ID OpenSSL 3.0 uses an empty one: the SM2 signatures do not verify.
    expect((await verifyLink("root.pem", "int.pem", at)).code).not.toBe(0);
    expect((await verifyLink("int.pem", "sign.pem", at, "-partial_chain")).code).not.toBe(0);
    // The GM DV leaf too.
    file("dv.pem", issued.gmDv.download.cert_pem);
    expect((await verifyLink("int.pem", "dv.pem", at, "-vfyopt", DISTID, "-partial_chain")).code).toBe(0);
  });

  it("SM-4: verifySm2Chain accepts both leaves up to DNSPod's SM2 root, and refuses them against its RSA root's place or another chain", () => {
    const { download } = issued.gmOv;
    const at = new Date(Date.parse(download.cert_not_before) + DAY);
    const intermediates = [roots.sm2.intermediate];
    expect(verifySm2Chain(download.cert_pem, intermediates, roots.sm2.root, at)).toEqual({ ok: true });
    expect(verifySm2Chain(download.cert_encrypt_pem, intermediates, roots.sm2.root, at)).toEqual({ ok: true });
    expect(verifySm2Chain(issued.gmDv.download.cert_pem, intermediates, roots.sm2.root, at)).toEqual({ ok: true });
    // An international leaf is no SM2 certificate; a GM leaf against the wrong intermediate fails.
    expect(verifySm2Chain(issued.intl.download.cert_pem, intermediates, roots.sm2.root, at).ok).toBe(false);
    expect(verifySm2Chain(download.cert_pem, [roots.sm2.root], roots.sm2.root, at).ok).toBe(false);
  });
});

describe("CERT-1: DNSPod's own roots", () => {
  it("CERT-1: an international DNSPod DV leaf passes openssl verify against DNSPod's RSA root and intermediate; another root refuses it", async () => {
    const { order, download } = issued.intl;
    expect(order).toMatchObject({ cert_status: "ISSUED", cert_standard: "INTL", cert_validation: "DV" });
    expect(download.cert_encrypt_pem).toBeUndefined();
    const root = new X509Certificate(roots.root);
    expect(root.subject).toContain("DNSPod");
    expect(root.ca).toBe(true);
    expect(download.cert_chain_pem).toEqual([roots.intermediate, roots.root]);
    const at = new Date(Date.parse(download.cert_not_before) + 60_000);
    const output = await opensslVerify({
      root: roots.root,
      intermediate: roots.intermediate,
      leaf: download.cert_pem,
      at,
    });
    expect(output).toMatch(/: OK/);
    const leaf = new X509Certificate(download.cert_pem);
    expect(leaf.subjectAltName).toBe("DNS:api.example.com");
    expect(leaf.checkIssued(new X509Certificate(roots.intermediate))).toBe(true);
    // DNSPod's SM2 root does not vouch for it.
    await expect(
      opensslVerify({ root: roots.sm2.root, intermediate: roots.sm2.intermediate, leaf: download.cert_pem, at }),
    ).rejects.toThrow();
  });
});

describe("CERT-4: validity by standard", () => {
  it("CERT-4: a GM certificate keeps the product's 365 days after 2026-03-15, while the international DV leaf is capped at 200", () => {
    const days = (download: Json) =>
      (Date.parse(download.cert_not_after) + 1000 - Date.parse(download.cert_not_before)) / DAY;
    // Issued in May 2026: the BR cap is 200 days (CERT-4); GM products are outside the BR.
    expect(issued.intl.download.cert_not_before.startsWith("2026-05")).toBe(true);
    expect(days(issued.intl.download)).toBe(200);
    expect(days(issued.gmOv.download)).toBe(365);
    expect(days(issued.gmDv.download)).toBe(365);
    // Both GM certificates of the pair share the window.
    const sign = new X509Certificate(issued.gmOv.download.cert_pem);
    const enc = new X509Certificate(issued.gmOv.download.cert_encrypt_pem);
    expect(enc.validTo).toBe(sign.validTo);
  });
});
