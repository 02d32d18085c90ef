// GlobalSign's own root (RSA, C=BE) and the OV/EV leaves it signs (CERT-1, CERT-2, CERT-3), checked with openssl
// and node's X509 parser.
import { X509Certificate } from "node:crypto";
import { opensslText, opensslVerify } from "@certsim/ca-kit/testing";
import { DAY } from "@certsim/clock";
import { createCsr, generateKeyPair } from "@certsim/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, API, type GsWorld, type Json, letters, startGsWorld } from "./helpers";

/** The organisation's name as node prints a subject (commas escaped). */
const O = `O=${ACME.name.replace(/,/g, "\\,")}`;

let t: GsWorld;
let roots: { root: string; intermediate: string };
let key: Awaited<ReturnType<typeof generateKeyPair>>;
const issued: Record<"ov" | "ev", { order: Json; download: Json }> = {} as never;

beforeAll(async () => {
  // GlobalSign makes its own RSA hierarchy (2048-bit here to keep the suite quick).
  t = await startGsWorld({
    hierarchy: undefined,
    hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
  });
  roots = (await t.operator.get("/operator/roots")).body;
  key = await generateKeyPair({ algorithm: "RSA", bits: 2048 });
  const ov = await t.ovOrder({
    CSR: await createCsr({ key, commonName: "www.example.com", names: ["www.example.com", "example.com"] }),
  });
  const ev = await t.evOrder({
    CommonName: "shop.example.com",
    CSR: await createCsr({ key, commonName: "shop.example.com", names: ["shop.example.com"] }),
  });
  for (const order of [ov, ev]) {
    expect((await t.upload(order.OrderID, letters.pdf())).status).toBe(200);
  }
  await t.publishTxt({ DCVList: [...(await t.get(ov.OrderID)).DCVList, ...(await t.get(ev.OrderID)).DCVList] });
  await t.operator.post(`/operator/orders/${ev.OrderID}/documents/received`);
  await t.world.clock.runUntilIdle();
  for (const [name, order] of [
    ["ov", ov],
    ["ev", ev],
  ] as const) {
    const download = (await t.reseller.get(`${API}/orders/${order.OrderID}/certificate`)).body;
    issued[name] = { order: await t.get(order.OrderID), download };
  }
}, 60_000);

afterAll(async () => {
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
});

describe("CERT-1: GlobalSign's own root", () => {
  it("CERT-1: a GlobalSign OV leaf passes openssl verify against GlobalSign's RSA root (C=BE) and intermediate", async () => {
    const root = new X509Certificate(roots.root);
    expect(root.subject.split("\n")).toEqual(expect.arrayContaining(["C=BE"]));
    expect(root.subject).toContain("GlobalSign");
    expect(root.publicKey.asymmetricKeyType).toBe("rsa");
    expect(root.ca).toBe(true);
    const { download } = issued.ov;
    expect(download.CACertificates).toEqual([
      { CACertType: "INTER", CACert: roots.intermediate },
      { CACertType: "ROOT", CACert: roots.root },
    ]);
    const output = await opensslVerify({
      root: roots.root,
      intermediate: roots.intermediate,
      leaf: download.X509Cert,
      at: new Date(Date.parse(download.StartDate) + 60_000),
    });
    expect(output).toMatch(/: OK/);
    // Another GlobalSign data folder makes another root, which does not vouch for this leaf.
    const other = await startGsWorld({
      hierarchy: undefined,
      hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
    });
    try {
      const foreign = (await other.operator.get("/operator/roots")).body;
      await expect(
        opensslVerify({ ...foreign, leaf: download.X509Cert, at: new Date(Date.parse(download.StartDate) + 60_000) }),
      ).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});

describe("CERT-2: what a GlobalSign OV/EV leaf carries", () => {
  it("CERT-2: the OV leaf names the organisation, exactly the validated names, serverAuth, CA:FALSE, AKI/SKI and the CSR's key", async () => {
    const { order, download } = issued.ov;
    expect(order.DomainNames).toEqual(["www.example.com", "example.com"]);
    const leaf = new X509Certificate(download.X509Cert);
    expect(leaf.subject.split("\n")).toEqual(expect.arrayContaining(["C=CN", "L=Beijing", O, "CN=www.example.com"]));
    expect(leaf.subjectAltName).toBe("DNS:www.example.com, DNS:example.com");
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(leaf.serialNumber.replace(/^0+/, "").length * 4).toBeGreaterThanOrEqual(61);
    expect(leaf.serialNumber.toLowerCase()).toBe(
      order.CertificateInfo.SerialNumber.padStart(leaf.serialNumber.length, "0"),
    );
    expect(leaf.publicKey.export({ type: "spki", format: "pem" })).toBe(key.publicKeyPem);
    expect(leaf.checkIssued(new X509Certificate(roots.intermediate))).toBe(true);
    const text = await opensslText(download.X509Cert);
    expect(text).toMatch(/X509v3 Authority Key Identifier/);
    expect(text).toMatch(/X509v3 Subject Key Identifier/);
    expect(text).toMatch(/CA:FALSE/);
  });

  it("CERT-2: the EV leaf adds the registration number, the business category and the jurisdiction", async () => {
    const subject = new X509Certificate(issued.ev.download.X509Cert).subject.split("\n");
    expect(subject).toEqual(
      expect.arrayContaining([O, `serialNumber=${ACME.registrationNumber}`, "jurisdictionC=CN", "CN=shop.example.com"]),
    );
  });
});

describe("CERT-3: validity", () => {
  it("CERT-3: a one-year product issued in May 2026 is capped at 200 days (CERT-4)", () => {
    for (const { download, order } of Object.values(issued)) {
      expect(order.ValidityPeriod).toEqual({ Months: 12 });
      // notAfter is inclusive (RFC 5280): 200 days end one second before the 200th anniversary of notBefore.
      expect(Date.parse(download.EndDate) - Date.parse(download.StartDate)).toBe(200 * DAY - 1000);
    }
  });
});
