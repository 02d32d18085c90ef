// FREE-4, FREE-5, FREE-6, FREE-10 through the platform's HTTP API, with the real TrustAsia behind it.
import { hours } from "@certsim/clock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Customer, type Ecosystem, type Json, startEcosystem } from "./harness";

// Four registrar domains, so that 50 names spread over them stay under TrustAsia's 20 per primary domain (FREE-3).
const REGISTRAR_DOMAINS = ["reg-alpha.com", "reg-beta.com", "reg-gamma.com", "reg-delta.com"];
// Filling quotas takes a few hundred applications in all.
vi.setConfig({ testTimeout: 30_000 });

let eco: Ecosystem;
beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem();
  for (const domain of REGISTRAR_DOMAINS) {
    expect((await eco.admin.post("/admin/registrar-domains", { Domain: domain })).status).toBe(200);
  }
});
afterAll(() => eco?.close());

let names = 0;
/** A name of its own primary domain, so TrustAsia's per-domain limit (FREE-3) never interferes. */
const freshName = (tag: string) => `${tag}-${++names}.com`;

const apply = (customer: Customer, DomainName: string) =>
  customer.api.post("/v1/free-certificates", { DomainName, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" });

/** Applies one by one until refused; returns how many were accepted and the refusal. */
async function fillUp(customer: Customer, name: () => string, max = 60): Promise<{ accepted: number; refusal: Json }> {
  for (let accepted = 0; accepted <= max; accepted++) {
    const answer = await apply(customer, name());
    if (answer.status !== 200) return { accepted, refusal: answer };
  }
  throw new Error("never refused");
}

const quota = async (customer: Customer) => (await customer.api.get("/v1/quota")).body;

describe("quota", () => {
  it("FREE-4: each account type's limits", async () => {
    const cases = [
      [{ Type: "individual", MemberLevel: "standard" }, 20, 50],
      [{ Type: "individual", MemberLevel: "V1" }, 20, 50],
      [{ Type: "individual", MemberLevel: "V2" }, 50, 50],
      [{ Type: "enterprise" }, 10, 10],
      [{ Type: "enterprise", HeldFreeCertOn20230320: true }, 20, 20],
    ] as const;
    for (const [kind, anyDomainLimit, total] of cases) {
      const customer = await eco.customer(kind);
      expect((await quota(customer)).Total, JSON.stringify(kind)).toBe(total);
      const { accepted, refusal } = await fillUp(customer, () => freshName("limit"));
      expect(accepted, JSON.stringify(kind)).toBe(anyDomainLimit);
      expect(refusal.status).toBe(400);
      expect(refusal.body.error).toMatchObject({ code: "FailedOperation.ExceedsFreeLimit", rule: "FREE-4" });
    }
  });

  it("FREE-5: a registrar domain uses the platform-domain quota first, then the any-domain quota; FREE-10: the view", async () => {
    const kim = await eco.customer({ Type: "individual", MemberLevel: "standard" });
    let n = 0;
    const registered = () => `s${++n}.${REGISTRAR_DOMAINS[n % REGISTRAR_DOMAINS.length]}`;
    expect(await quota(kim)).toEqual({
      Total: 50,
      Used: 0,
      PlatformDomain: { Total: 30, Used: 0, Remaining: 30 },
      AnyDomain: { Total: 20, Used: 0, Remaining: 20 },
    });
    expect((await apply(kim, freshName("kim"))).status).toBe(200);
    expect((await quota(kim)).AnyDomain.Used).toBe(1);
    for (let i = 0; i < 30; i++) expect((await apply(kim, registered())).status).toBe(200);
    expect(await quota(kim)).toMatchObject({
      Used: 31,
      PlatformDomain: { Used: 30, Remaining: 0 },
      AnyDomain: { Used: 1 },
    });
    // the platform part is used up: a registered name now takes from the any part
    expect((await apply(kim, registered())).status).toBe(200);
    expect(await quota(kim)).toMatchObject({ PlatformDomain: { Used: 30 }, AnyDomain: { Used: 2, Remaining: 18 } });
    const { accepted, refusal } = await fillUp(kim, registered);
    expect(accepted, JSON.stringify(refusal.body)).toBe(18);
    expect(refusal.body.error).toMatchObject({ code: "FailedOperation.ExceedsFreeLimit", rule: "FREE-5" });
    expect((await apply(kim, freshName("kim"))).body.error.code).toBe("FailedOperation.ExceedsFreeLimit");
    expect(await quota(kim)).toEqual({
      Total: 50,
      Used: 50,
      PlatformDomain: { Total: 30, Used: 30, Remaining: 0 },
      AnyDomain: { Total: 20, Used: 20, Remaining: 0 },
    });
  });

  it("FREE-10: the quota view follows applications, cancellations and each account type's parts", async () => {
    const v2 = await eco.customer({ Type: "individual", MemberLevel: "V2" });
    const view = () => quota(v2);
    expect(await view()).toEqual({
      Total: 50,
      Used: 0,
      PlatformDomain: { Total: 0, Used: 0, Remaining: 0 },
      AnyDomain: { Total: 50, Used: 0, Remaining: 50 },
    });
    // a V2 member has no platform-domain part: a registrar domain counts against the any-domain quota
    const a = (await apply(v2, "v2.reg-alpha.com")).body.CertificateId;
    expect((await apply(v2, freshName("v2"))).status).toBe(200);
    expect(await view()).toMatchObject({ Used: 2, PlatformDomain: { Used: 0 }, AnyDomain: { Used: 2, Remaining: 48 } });
    await v2.api.post(`/v1/certificates/${a}/cancel`, {});
    expect(await view()).toMatchObject({ Used: 1, AnyDomain: { Used: 1, Remaining: 49 } });
  });

  it("FREE-5: only registrable domains can be registrar domains", async () => {
    const answer = await eco.admin.post("/admin/registrar-domains", { Domain: "www.reg-epsilon.com" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe("Domain");
    expect((await eco.admin.post("/admin/registrar-domains", { Domain: "a..com" })).body.error.field).toBe("Domain");
  });

  it("FREE-6: 50 parallel applications with 20 left: exactly 20 are accepted", async () => {
    const lee = await eco.customer({ Type: "enterprise", HeldFreeCertOn20230320: true });
    const answers = await Promise.all(Array.from({ length: 50 }, () => apply(lee, freshName("race"))));
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(20);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("FailedOperation.ExceedsFreeLimit");
    }
    expect((await quota(lee)).Used).toBe(20);
    expect((await lee.api.get("/v1/certificates?Limit=100")).body.TotalCount).toBe(20);
    const ids = new Set(accepted.map((a) => a.body.CertificateId));
    const atCa = (await eco.caOperator.get("/operator/orders?limit=1000")).body.orders.filter((o: Json) =>
      ids.has(o.partner_order_id),
    );
    expect(atCa).toHaveLength(20);
  });

  it("FREE-6: racing applications for the last few never overshoot, and cancelling makes room again", async () => {
    const mia = await eco.customer({ Type: "enterprise" });
    for (let i = 0; i < 7; i++) expect((await apply(mia, freshName("mia"))).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 12 }, () => apply(mia, freshName("mia"))));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    const first = (await mia.api.get("/v1/certificates?Limit=1")).body.Certificates[0].CertificateId;
    expect((await mia.api.post(`/v1/certificates/${first}/cancel`, {})).body.Status).toBe(7);
    const again = await Promise.all(Array.from({ length: 5 }, () => apply(mia, freshName("mia"))));
    expect(again.filter((a) => a.status === 200)).toHaveLength(1);
    expect((await quota(mia)).Used).toBe(10);
  });
});

describe("the enterprise legacy allowance from the platform's own history", () => {
  let old: Ecosystem;
  beforeAll(async () => {
    old = await startEcosystem({ start: "2023-03-10T10:00:00+08:00", sharedHierarchy: false });
  });
  afterAll(() => old?.close());

  it("FREE-4: an enterprise that held a valid free certificate at 2023-03-20 00:00 gets 20", async () => {
    const early = await old.customer({ Type: "enterprise" });
    const late = await old.customer({ Type: "enterprise" });
    await old.zone("early-bird.com", true);
    await old.zone("late-comer.com", true);
    const id = await old.apply(early, { DomainName: "early-bird.com", DvAuthMethod: "DNS_AUTO" });
    await old.world.clock.advance(hours(25));
    expect((await old.detail(early, id)).Status).toBe(1);
    expect((await quota(early)).Total).toBe(10); // not decided before the cutoff
    await old.world.clock.advanceTo(Date.parse("2023-03-25T00:00:00+08:00"));
    const lateId = await old.apply(late, { DomainName: "late-comer.com", DvAuthMethod: "DNS_AUTO" });
    await old.world.clock.advance(hours(25));
    expect((await old.detail(late, lateId)).Status).toBe(1);
    expect((await quota(early)).Total).toBe(20);
    expect((await quota(late)).Total).toBe(10);
  });
});
