// The certificates TrustAsia signs, checked with openssl, and a CA that restarts on the same data folder.
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { csrFor, opensslText, opensslVerify, tempDir } from "@certsim/ca-kit/testing";
import { DAY, HOUR } from "@certsim/clock";
import { parseCsr } from "@certsim/pki";
import { afterEach, describe, expect, it } from "vitest";
import { startTrustAsiaWorld, type TrustAsiaWorld } from "./helpers";

let t: TrustAsiaWorld;
let cleanup: (() => void) | undefined;

afterEach(async () => {
  await t.close();
  cleanup?.();
  cleanup = undefined;
});

async function issue(domains: string[], body: Record<string, unknown> = {}) {
  const order = await t.order({ domains, ...body });
  await t.publishDns(order);
  await t.world.clock.runUntilIdle();
  const got = await t.get(order.order_id);
  expect(got.status).toBe("issued");
  const download = await t.reseller.get(`/api/v2/orders/${order.order_id}/certificate`);
  expect(download.status).toBe(200);
  return { order: got, download: download.body };
}

const days = (cert: X509Certificate) => (Date.parse(cert.validTo) - Date.parse(cert.validFrom) + 1000) / DAY;

describe("CERT-1: chains to TrustAsia's root", () => {
  it("CERT-1: the leaf passes openssl verify against the operator's root and intermediate, also after a restart on the same data folder", async () => {
    const dir = tempDir();
    cleanup = dir.cleanup;
    // No shared hierarchy: the CA makes its own, so only persistence can keep old chains valid after the restart.
    t = await startTrustAsiaWorld({ dbPath: join(dir.path, "trustasia.sqlite"), hierarchy: undefined });
    await t.world.addZone("example.com");
    const { download } = await issue(["example.com"]);
    const roots = (await t.operator.get("/operator/roots")).body;
    expect(new X509Certificate(roots.root).subject).toMatch(/TrustAsia Simulated .*Root CA/);
    expect(download.chain).toEqual([roots.intermediate, roots.root]);
    const at = t.world.clock.now();
    expect(await opensslVerify({ ...roots, leaf: download.certificate, at })).toMatch(/OK/);

    await t.restart();
    const after = (await t.operator.get("/operator/roots")).body;
    expect(after).toEqual(roots);
    expect(await opensslVerify({ ...after, leaf: download.certificate, at })).toMatch(/OK/);
    const second = await issue(["shop.example.com"]);
    expect(await opensslVerify({ ...after, leaf: second.download.certificate, at: t.world.clock.now() })).toMatch(/OK/);
    // Another brand's root does not verify it.
    await expect(
      opensslVerify({ root: roots.intermediate, intermediate: roots.intermediate, leaf: download.certificate, at }),
    ).rejects.toThrow();
  });
});

describe("CERT-2: the leaf's content", () => {
  it("CERT-2: SANs are exactly the validated names with the DOM-2 companion; serverAuth, CA:FALSE, random serial, AKI/SKI, the CSR's key", async () => {
    t = await startTrustAsiaWorld();
    await t.world.addZone("example.com");
    const apex = await issue(["example.com"]);
    const leaf = new X509Certificate(apex.download.certificate);
    expect(leaf.subjectAltName).toBe("DNS:example.com, DNS:www.example.com");
    const www = new X509Certificate((await issue(["www.example.com"])).download.certificate);
    expect(www.subjectAltName).toBe("DNS:www.example.com, DNS:example.com");
    const sub = new X509Certificate((await issue(["ssl.example.com"])).download.certificate);
    expect(sub.subjectAltName).toBe("DNS:ssl.example.com");

    const text = await opensslText(apex.download.certificate);
    expect(text).toMatch(/TLS Web Server Authentication/);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/X509v3 Authority Key Identifier/);
    expect(text).toMatch(/X509v3 Subject Key Identifier/);
    expect(leaf.serialNumber.length).toBeGreaterThanOrEqual(16); // ≥ 64 bits
    expect(leaf.serialNumber.toLowerCase()).toBe(apex.download.serial);
    const csrKey = parseCsr(await csrFor("example.com")).publicKeyPem;
    expect(leaf.publicKey.export({ type: "spki", format: "pem" })).toBe(csrKey);
  });
});

describe("CERT-3 and CERT-4: validity", () => {
  it("CERT-3: a one-year product before 2026-03-15 is valid 365 days, never more than sold", async () => {
    t = await startTrustAsiaWorld({ start: "2026-01-05T10:00:00+08:00" });
    await t.world.addZone("example.com");
    const cert = new X509Certificate((await issue(["example.com"])).download.certificate);
    expect(days(cert)).toBe(365);
  });

  it("CERT-4: validity is capped by the simulated issuance date: 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15", async () => {
    t = await startTrustAsiaWorld({ start: "2026-03-16T10:00:00+08:00" });
    await t.world.addZone("example.com");
    const first = await issue(["a.example.com"], { product_code: "TA-DV-SINGLE", years: 3 });
    expect(days(new X509Certificate(first.download.certificate))).toBe(200);
    expect(Date.parse(first.order.certificate.not_after) - Date.parse(first.order.certificate.not_before)).toBe(
      200 * DAY - 1000,
    );
    await t.world.clock.advanceTo(Date.parse("2027-03-16T10:00:00+08:00"));
    expect(days(new X509Certificate((await issue(["b.example.com"])).download.certificate))).toBe(100);
    await t.world.clock.advanceTo(Date.parse("2029-03-16T10:00:00+08:00"));
    expect(days(new X509Certificate((await issue(["c.example.com"])).download.certificate))).toBe(47);
  });
});

describe("revocation", () => {
  it("a revoked certificate's status is revoked at the operator API; an unissued order cannot be revoked", async () => {
    t = await startTrustAsiaWorld();
    await t.world.addZone("example.com");
    const { order } = await issue(["example.com"]);
    const serial = order.certificate.serial;
    expect((await t.operator.get(`/operator/certificates/${serial}`)).body).toMatchObject({ status: "valid" });
    const revoked = await t.reseller.post(`/api/v2/orders/${order.order_id}/revoke`, { reason: "key compromise" });
    expect(revoked.body.status).toBe("revoked");
    const status = (await t.operator.get(`/operator/certificates/${serial}`)).body;
    expect(status).toMatchObject({
      serial,
      status: "revoked",
      order_id: order.order_id,
      revocation_reason: "key compromise",
    });
    expect((await t.reseller.post(`/api/v2/orders/${order.order_id}/revoke`, { reason: "again" })).status).toBe(409);
    const pending = await t.order({ domains: ["other.example.com"] });
    const refused = await t.reseller.post(`/api/v2/orders/${pending.order_id}/revoke`, { reason: "x" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("InvalidOrderState");
    expect((await t.operator.get("/operator/certificates/00ff")).status).toBe(404);

    // The CA itself may revoke too; the reseller then sees the order revoked.
    const second = (await issue(["shop.example.com"])).order;
    const byCa = await t.operator.post(`/operator/certificates/${second.certificate.serial}/revoke`, {
      reason: "misissued",
    });
    expect(byCa.body).toMatchObject({ status: "revoked", revocation_reason: "misissued" });
    expect((await t.get(second.order_id)).status).toBe("revoked");
  });
});

describe("persistence", () => {
  it("a restart loses nothing: pending orders go on, planned issuance keeps its instant, keys still work", async () => {
    const dir = tempDir();
    cleanup = dir.cleanup;
    t = await startTrustAsiaWorld({ dbPath: join(dir.path, "ta.sqlite") });
    await t.world.addZone("example.com");
    const waiting = await t.order({ domains: ["waiting.example.com"] });
    const reviewing = await t.order({ domains: ["reviewing.example.com"] });
    await t.publishDns(reviewing);
    await t.world.clock.advance(10 * 60 * 1000);
    const planned = (await t.inspect(reviewing.order_id)).issue_at;
    expect(planned).toBeDefined();

    await t.restart();
    expect(t.world.clock.pending().map((e) => e.label)).toEqual(
      expect.arrayContaining([expect.stringContaining(waiting.order_id), expect.stringContaining(reviewing.order_id)]),
    );
    await t.world.clock.advanceTo(Date.parse(planned));
    const issued = await t.get(reviewing.order_id);
    expect(issued.status).toBe("issued");
    expect(issued.certificate.not_before).toBe(planned);

    await t.publishDns(waiting);
    await t.world.clock.advance(HOUR);
    expect((await t.get(waiting.order_id)).status).not.toBe("pending_dcv");
    const list = (await t.reseller.get("/api/v2/orders")).body.orders;
    expect(list.map((o: { order_id: string }) => o.order_id)).toEqual([waiting.order_id, reviewing.order_id]);
    // A new order after the restart continues the numbering.
    expect((await t.order({ domains: ["next.example.com"] })).order_id).toBe("TA00000003");
  });
});
