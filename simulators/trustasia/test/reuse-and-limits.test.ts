// Validation reuse (DCV-11) and the per-primary-domain limit on free certificates (FREE-3).
import { csrFor } from "@certsim/ca-kit/testing";
import { DAY } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { startTrustAsiaWorld, type TrustAsiaWorld } from "./helpers";

let t: TrustAsiaWorld;

afterEach(async () => {
  await t.close();
});

describe("DCV-11: validation reuse", () => {
  it("DCV-11: a second order for the same name and reseller within the period needs no new DCV; another reseller's does", async () => {
    t = await startTrustAsiaWorld({ start: "2026-05-11T10:00:00+08:00" });
    await t.world.addZone("example.com");
    const first = await t.order({ domains: ["example.com"] });
    await t.publishDns(first);
    await t.world.clock.runUntilIdle();
    expect((await t.get(first.order_id)).status).toBe("issued");
    await t.world.removeRecords("_dnsauth.example.com", "TXT");

    await t.world.clock.advance(150 * DAY);
    const again = await t.order({ domains: ["example.com"], product_code: "TA-DV-SINGLE" });
    expect(again.status).toBe("reviewing");
    expect(again.dcv[0]).toMatchObject({ status: "passed", reused: true });
    await t.world.clock.runUntilIdle();
    expect((await t.get(again.order_id)).status).toBe("issued"); // no re-check of a reused validation (DCV-9)

    const other = await t.newReseller("another cloud");
    const theirs = await t.order({ domains: ["example.com"] }, other.client);
    expect(theirs).toMatchObject({ status: "pending_dcv" });
    expect(theirs.dcv[0].reused).toBe(false);
    // The www companion alone was validated too (DOM-2), so it is reused as well.
    const www = await t.order({ domains: ["www.example.com"] });
    expect(www.dcv[0]).toMatchObject({ reused: true, proves: ["www.example.com", "example.com"] });
  });

  it("DCV-11: the period shrinks with the simulated date: 398 days before 2026-03-15, 200 after", async () => {
    t = await startTrustAsiaWorld({ start: "2026-03-01T10:00:00+08:00" });
    await t.world.addZone("example.com");
    const first = await t.order({ domains: ["shop.example.com"] });
    await t.publishDns(first);
    await t.world.clock.runUntilIdle();
    expect((await t.get(first.order_id)).status).toBe("issued");

    // 199 days later: reusable (period 200 days on this date).
    await t.world.clock.advanceTo(Date.parse("2026-09-16T10:00:00+08:00"));
    const within = await t.order({ domains: ["shop.example.com"] });
    expect(within.dcv[0].reused).toBe(true);
    // 201 days later: under the old 398-day period it would still be reusable; on this date it is not.
    await t.world.clock.advanceTo(Date.parse("2026-09-18T10:00:00+08:00"));
    const after = await t.order({ domains: ["shop.example.com"] });
    expect(after).toMatchObject({ status: "pending_dcv" });
    expect(after.dcv[0].reused).toBe(false);
  });
});

describe("FREE-3: 20 free certificates per primary domain across resellers", () => {
  it("FREE-3: the 21st free certificate on a primary domain is refused, counting another reseller's; a cancelled one frees a slot", async () => {
    t = await startTrustAsiaWorld();
    const other = await t.newReseller("another cloud");
    const orders: { order_id: string }[] = [];
    for (let i = 1; i <= 20; i++) {
      orders.push(await t.order({ domains: [`app${i}.shared.com`] }, i % 2 === 0 ? other.client : t.reseller));
    }
    expect((await t.operator.get("/operator/primary-domains/www.shared.com")).body).toEqual({
      primary_domain: "shared.com",
      free_certificates: 20,
    });
    const refused = await t.reseller.post("/api/v2/orders", {
      product_code: "TA-DV-FREE",
      csr: await csrFor("blog.shared.com"),
      domains: ["blog.shared.com"],
      dcv_method: "dns",
      partner_order_id: "the-21st",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "MainDomainCertificateCountLimit", rule: "FREE-3" });

    // Paid certificates and other primary domains are not counted.
    await t.order({ product_code: "TA-DV-SINGLE", domains: ["paid.shared.com"] });
    await t.order({ domains: ["app1.elsewhere.com"] });

    const cancelled = await t.reseller.post(`/api/v2/orders/${orders[0]!.order_id}/cancel`);
    expect(cancelled.body.status).toBe("cancelled");
    const accepted = await t.order({ domains: ["blog.shared.com"] });
    expect(accepted.status).toBe("pending_dcv");
    const full = await t.reseller.post("/api/v2/orders", {
      product_code: "TA-DV-FREE",
      csr: await csrFor("more.shared.com"),
      domains: ["more.shared.com"],
      dcv_method: "dns",
      partner_order_id: "the-22nd",
    });
    expect(full.body.error.code).toBe("MainDomainCertificateCountLimit");
  });

  it("FREE-3: failed orders give their slot back; issued ones keep it until they expire", async () => {
    t = await startTrustAsiaWorld({ freeLimit: 2 });
    await t.world.addZone("tiny.com");
    const issued = await t.order({ domains: ["a.tiny.com"] });
    await t.publishDns(issued);
    const failing = await t.order({ domains: ["b.tiny.com"] });
    await t.world.clock.advance(8 * DAY); // a.tiny.com issued, b.tiny.com timed out
    expect((await t.get(issued.order_id)).status).toBe("issued");
    expect((await t.get(failing.order_id)).status).toBe("failed");
    expect((await t.operator.get("/operator/primary-domains/tiny.com")).body.free_certificates).toBe(1);
    await t.order({ domains: ["c.tiny.com"] });
    const third = await t.reseller.post("/api/v2/orders", {
      product_code: "TA-DV-FREE",
      csr: await csrFor("d.tiny.com"),
      domains: ["d.tiny.com"],
      dcv_method: "dns",
      partner_order_id: "d",
    });
    expect(third.body.error.code).toBe("MainDomainCertificateCountLimit");
    // After a.tiny.com's certificate expires, its slot is free again.
    const notAfter = Date.parse((await t.get(issued.order_id)).certificate.not_after);
    await t.world.clock.advanceTo(notAfter + 1000);
    expect((await t.operator.get("/operator/primary-domains/tiny.com")).body.free_certificates).toBe(0);
  });

  it("FREE-3: racing orders never take more slots than are left", async () => {
    t = await startTrustAsiaWorld({ freeLimit: 5 });
    for (let i = 1; i <= 3; i++) await t.order({ domains: [`held${i}.race.com`] });
    const other = await t.newReseller("another cloud");
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => ({
        product_code: "TA-DV-FREE",
        csr: await csrFor(`racer${i}.race.com`),
        domains: [`racer${i}.race.com`],
        dcv_method: "dns",
        partner_order_id: `race-${i}`,
      })),
    );
    const answers = await Promise.all(
      bodies.map((body, i) => (i % 2 === 0 ? t.reseller : other.client).post("/api/v2/orders", body)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 400, 400, 400, 400, 400, 400]);
    expect((await t.operator.get("/operator/primary-domains/race.com")).body.free_certificates).toBe(5);
  });
});
