// The review pipeline on the simulated clock: deadlines, CAA, the re-check before issuance, issuance delays and the
// security review.
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { startTrustAsiaWorld, type TrustAsiaWorld } from "./helpers";

let t: TrustAsiaWorld;
const worlds: TrustAsiaWorld[] = [];

async function world(options: Parameters<typeof startTrustAsiaWorld>[0] = {}) {
  t = await startTrustAsiaWorld(options);
  worlds.push(t);
  await t.world.addZone("example.com");
  return t;
}

afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const ms = (iso: string) => Date.parse(iso);

describe("DCV-2: the 7-day deadline", () => {
  it("DCV-2: without a record the order fails DcvTimeout 7 days after the instructions, after checks every 10 minutes then hourly", async () => {
    await world();
    const order = await t.order({ domains: ["quiet.example.com"] });
    expect(ms(order.dcv_expires_at) - ms(order.created_at)).toBe(7 * DAY);
    await t.world.clock.runUntilIdle();
    const failed = await t.get(order.order_id);
    expect(failed).toMatchObject({ status: "failed", stage: "FAILED", failure: { code: "DcvTimeout" } });
    expect(failed.failure.reason).toMatch(/7 days.*quiet\.example\.com/);
    expect(ms(failed.updated_at)).toBe(ms(order.created_at) + 7 * DAY);

    const start = t.world.clock.start.getTime();
    const checks = (await t.world.dnsQueries("_dnsauth.quiet.example.com"))
      .filter((q) => q.type === "TXT")
      .map((q) => q.timeMs - start);
    expect(checks.slice(0, 7)).toEqual([10, 20, 30, 40, 50, 60, 120].map((m) => m * MINUTE));
    expect(checks.at(-1)).toBe(7 * DAY); // the last look is at the deadline itself
    expect(checks.length).toBe(6 + (7 * 24 - 1));
  });

  it("DCV-2: a record published on day 6 still passes", async () => {
    await world();
    const order = await t.order({ domains: ["late.example.com"] });
    await t.world.clock.advance(6 * DAY);
    await t.publishDns(order);
    await t.world.clock.advance(HOUR);
    expect((await t.get(order.order_id)).status).toBe("reviewing");
  });
});

describe("DCV-7: CAA before issuing", () => {
  it("DCV-7: a CAA set naming another CA fails the order and says where the set is", async () => {
    await world();
    await t.world.setRecords("example.com", "CAA", ['0 issue "letsencrypt.org"']);
    const order = await t.order({ domains: ["api.example.com"] });
    await t.publishDns(order);
    await t.world.clock.runUntilIdle();
    const failed = await t.get(order.order_id);
    expect(failed).toMatchObject({ status: "failed", failure: { code: "CaaForbidden" } });
    expect(failed.failure.reason).toMatch(
      /api\.example\.com: the CAA set at example\.com authorises only letsencrypt\.org/,
    );
  });

  it("DCV-7: issuewild overrides issue for a wildcard; the same set lets a plain name through", async () => {
    await world();
    await t.world.setRecords("example.com", "CAA", ['0 issue "trustasia.com"', '0 issuewild "letsencrypt.org"']);
    const wildcard = await t.order({ product_code: "TA-DV-WILDCARD", domains: ["*.example.com"] });
    const plain = await t.order({ product_code: "TA-DV-SINGLE", domains: ["www.example.com"] });
    await t.publishDns(wildcard);
    await t.publishDns(plain);
    await t.world.clock.runUntilIdle();
    const refused = await t.get(wildcard.order_id);
    expect(refused.failure).toMatchObject({ code: "CaaForbidden" });
    expect(refused.failure.reason).toMatch(/issuewild/);
    expect((await t.get(plain.order_id)).status).toBe("issued");
  });

  it('DCV-7: no CAA anywhere allows issuance; `issue ";"` forbids it', async () => {
    await world();
    await t.world.addZone("closed.org");
    await t.world.setRecords("closed.org", "CAA", ['0 issue ";"']);
    const open = await t.order({ domains: ["example.com"] });
    const closed = await t.order({ domains: ["shop.closed.org"] });
    await t.publishDns(open);
    await t.publishDns(closed);
    await t.world.clock.runUntilIdle();
    expect((await t.get(open.order_id)).status).toBe("issued");
    expect((await t.get(closed.order_id)).failure.reason).toMatch(/closed\.org forbids all issuance/);
  });
});

describe("DCV-9: the record stays until issuance", () => {
  it("DCV-9: a record removed after DCV passed but before issuance sends the order back to pending validation", async () => {
    await world();
    const order = await t.order({ domains: ["shop.example.com"] });
    await t.publishDns(order);
    await t.world.clock.advance(10 * MINUTE);
    const reviewing = await t.inspect(order.order_id);
    expect(reviewing.status).toBe("reviewing");
    await t.world.removeRecords("_dnsauth.shop.example.com", "TXT");
    await t.world.clock.advanceTo(ms(reviewing.issue_at));
    const back = await t.get(order.order_id);
    expect(back).toMatchObject({ status: "pending_dcv", stage: "PENDING-DCV" });
    expect(back.dcv[0]).toMatchObject({ status: "pending", value: order.dcv[0].value });
    const log = (await t.inspect(order.order_id)).log.map((e: { detail: string }) => e.detail);
    expect(log.at(-1)).toMatch(/gone before issuance \(DCV-9\)/);

    await t.publishDns(order);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.order_id)).status).toBe("issued");
  });
});

describe("FREE-7: issuance within 24 hours of DCV", () => {
  async function issuedAt(seed: string) {
    await world({ seed });
    const order = await t.order({ domains: ["example.com"] });
    await t.publishDns(order);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.order_id);
    expect(issued.status).toBe("issued");
    return { passed: ms(issued.dcv_passed_at), issued: ms(issued.certificate.not_before) };
  }

  it("FREE-7: the certificate is issued within 24 hours of DCV passing, at an instant drawn from the seeded generator", async () => {
    const first = await issuedAt("seed-a");
    const again = await issuedAt("seed-a");
    const other = await issuedAt("seed-b");
    for (const run of [first, again, other]) {
      expect(run.issued).toBeGreaterThan(run.passed);
      expect(run.issued - run.passed).toBeLessThanOrEqual(24 * HOUR);
    }
    expect(again.issued).toBe(first.issued);
    expect(other.issued).not.toBe(first.issued);
  });

  it("FREE-7: DCV passing on a Friday evening still issues within 24 hours (and within one business day)", async () => {
    await world({ start: "2026-05-15T21:00:00+08:00", timings: { issuanceDelay: [23 * HOUR, 48 * HOUR] } });
    const order = await t.order({ domains: ["example.com"] });
    await t.publishDns(order);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.order_id);
    expect(ms(issued.certificate.not_before) - ms(issued.dcv_passed_at)).toBeLessThanOrEqual(24 * HOUR);
  });
});

describe("FREE-8: security review", () => {
  it("FREE-8: a deny-listed domain and a look-alike of a protected brand fail SecurityReview; a plain name passes", async () => {
    await world();
    await t.world.addZone("blocked.com");
    await t.world.addZone("paypa1-login.com");
    await t.world.addZone("xn--pypal-4ve.com"); // pаypal with a Cyrillic а
    const put = await t.operator.put("/operator/deny-list", { domains: ["blocked.com"], lookalikes: ["paypal"] });
    expect(put.status).toBe(200);
    const denied = await t.order({ domains: ["shop.blocked.com"] });
    const lookalike = await t.order({ domains: ["paypa1-login.com"] });
    const homoglyph = await t.order({ domains: ["pаypal.com"] });
    expect(homoglyph.domains).toEqual(["xn--pypal-4ve.com"]);
    const fine = await t.order({ domains: ["example.com"] });
    for (const order of [denied, lookalike, homoglyph, fine]) await t.publishDns(order);
    await t.world.clock.runUntilIdle();

    const reasons = await Promise.all(
      [denied, lookalike, homoglyph].map(async (order) => {
        const got = await t.get(order.order_id);
        expect(got).toMatchObject({ status: "failed", failure: { code: "SecurityReview" } });
        return got.failure.reason;
      }),
    );
    expect(reasons[0]).toMatch(/deny list \(blocked\.com\)/);
    expect(reasons[1]).toMatch(/looks like the protected name "paypal"/);
    expect(reasons[2]).toMatch(/"paypal"/);
    expect((await t.get(fine.order_id)).status).toBe("issued");
    expect((await t.operator.get("/operator/deny-list")).body).toEqual({
      domains: ["blocked.com"],
      lookalikes: ["paypal"],
    });
  });
});
