// WoTrus's own root and the OV/EV leaves it signs (CERT-1, CERT-2), checked with openssl and node's X509 parser.
import { X509Certificate } from "node:crypto";
import { opensslText, opensslVerify } from "@certsim/ca-kit/testing";
import { createCsr, generateKeyPair } from "@certsim/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, API, startWoTrusWorld, type WoTrusWorld } from "./helpers";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
type Json = any;

/** The organisation's name as node prints a subject (commas escaped). */
const O = `O=${ACME.name.replace(/,/g, "\\,")}`;

let t: WoTrusWorld;
let roots: { root: string; intermediate: string };
let key: Awaited<ReturnType<typeof generateKeyPair>>;
const issued: Record<"ov" | "ev", { order: Json; download: Json }> = {} as never;

beforeAll(async () => {
  // WoTrus makes its own RSA hierarchy (2048-bit here to keep the suite quick).
  t = await startWoTrusWorld({
    hierarchy: undefined,
    hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
  });
  roots = (await t.operator.get("/operator/roots")).body;
  key = await generateKeyPair({ algorithm: "RSA", bits: 2048 });
  const csr = await createCsr({ key, commonName: "www.example.com", names: ["www.example.com", "example.com"] });
  const ov = await t.ovOrder({ csr });
  // Another CSR: the same one would ask for the same CNAME name (its MD5) with another unique value.
  const evCsr = await createCsr({ key, commonName: "shop.example.com", names: ["shop.example.com"] });
  const ev = await t.ovOrder({ csr: evCsr, productCode: "WOTRUS-EV-SSL", domains: ["shop.example.com"] });
  for (const order of [ov, ev]) await t.publishCnames(await t.untilReleased(order.orderNo));
  await t.world.clock.runUntilIdle();
  for (const [name, order] of [
    ["ov", ov],
    ["ev", ev],
  ] as const) {
    const download = (await t.reseller.get(`${API}/orders/${order.orderNo}/certificate`)).body;
    issued[name] = { order: await t.get(order.orderNo), download };
  }
}, 60_000);

afterAll(async () => {
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
});

describe("CERT-1: WoTrus's own root", () => {
  it("CERT-1: a WoTrus OV leaf passes openssl verify against WoTrus's RSA root and intermediate", async () => {
    const root = new X509Certificate(roots.root);
    expect(root.subject).toContain("WoTrus");
    expect(root.publicKey.asymmetricKeyType).toBe("rsa");
    expect(root.ca).toBe(true);
    const { download } = issued.ov;
    expect(download.caChain).toEqual([roots.intermediate, roots.root]);
    const output = await opensslVerify({
      root: roots.root,
      intermediate: roots.intermediate,
      leaf: download.certificate,
      at: new Date(Date.parse(download.notBefore) + 60_000),
    });
    expect(output).toMatch(/: OK/);
    // Another brand's root does not vouch for it.
    const other = await startWoTrusWorld({
      hierarchy: undefined,
      hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
    });
    try {
      const foreign = (await other.operator.get("/operator/roots")).body;
      await expect(
        opensslVerify({
          ...foreign,
          leaf: download.certificate,
          at: new Date(Date.parse(download.notBefore) + 60_000),
        }),
      ).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});

describe("CERT-2: what a WoTrus OV/EV leaf carries", () => {
  it("CERT-2: the OV leaf names the organisation (O, L, C), exactly the validated names, serverAuth, CA:FALSE, a random serial of ≥64 bits, AKI/SKI and the CSR's key", async () => {
    const { order, download } = issued.ov;
    expect(order.certDomains).toEqual(["www.example.com", "example.com"]);
    const leaf = new X509Certificate(download.certificate);
    expect(leaf.subject.split("\n")).toEqual(expect.arrayContaining(["C=CN", "L=Beijing", O, "CN=www.example.com"]));
    expect(leaf.subject).not.toMatch(/serialNumber|businessCategory/);
    expect(leaf.subjectAltName).toBe("DNS:www.example.com, DNS:example.com");
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(leaf.serialNumber.replace(/^0+/, "").length * 4).toBeGreaterThanOrEqual(61);
    expect(leaf.serialNumber.toLowerCase()).toBe(
      order.certificate.serialNumber.padStart(leaf.serialNumber.length, "0"),
    );
    expect(leaf.publicKey.export({ type: "spki", format: "pem" })).toBe(key.publicKeyPem);
    expect(leaf.checkIssued(new X509Certificate(roots.intermediate))).toBe(true);

    const text = await opensslText(download.certificate);
    expect(text).toMatch(/X509v3 Authority Key Identifier/);
    expect(text).toMatch(/X509v3 Subject Key Identifier/);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/TLS Web Server Authentication/);
    expect(text).toMatch(/2\.23\.140\.1\.2\.2/); // the CA/B Forum OV policy
  });

  it("CERT-2: the EV leaf adds the registration number, the business category and the jurisdiction", async () => {
    const leaf = new X509Certificate(issued.ev.download.certificate);
    const subject = leaf.subject.split("\n");
    expect(subject).toEqual(
      expect.arrayContaining([
        O,
        `serialNumber=${ACME.registrationNumber}`,
        "businessCategory=Private Organization",
        "jurisdictionC=CN",
        "CN=shop.example.com",
      ]),
    );
    expect(await opensslText(issued.ev.download.certificate)).toMatch(/2\.23\.140\.1\.1/); // the EV policy
  });
});
