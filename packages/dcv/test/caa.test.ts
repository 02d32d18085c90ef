import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaaLookupError } from "../src";
import { startWorld, type World } from "./world";

const trustasia = { identity: "trustasia.com" };

describe("CAA over the network (RFC 8659)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(["example.com", "forbid.test", "wild.test", "plain.test", "caa-host.test"]);
  });
  afterAll(() => world.close());

  const caa = (name: string, ...values: unknown[]) => world.dns.zones.addRecords({ name, type: "CAA", values });
  const asked = (...names: string[]) =>
    world.dns.history
      .list({ type: "CAA" })
      .map((q) => q.name)
      .filter((n) => names.includes(n));

  it("DCV-7: a CAA set at the parent applies to a subdomain, found by climbing over the network", async () => {
    caa("example.com", '0 issue "globalsign.com"');
    const verdict = await world.dcv.checkCaa("shop.example.com", trustasia);
    expect(verdict).toMatchObject({ allowed: false, outcome: "not-authorised", at: "example.com" });
    expect(verdict.records).toEqual([{ flags: 0, tag: "issue", value: "globalsign.com" }]);
    expect(asked("shop.example.com", "example.com")).toEqual(["shop.example.com", "example.com"]);
    expect(await world.dcv.checkCaa("shop.example.com", { identity: "globalsign.com", wildcard: false })).toMatchObject(
      { allowed: true, outcome: "authorised", at: "example.com" },
    );
    expect(await world.dcv.findCaaSet("a.b.shop.example.com")).toEqual({
      at: "example.com",
      records: [{ flags: 0, tag: "issue", value: "globalsign.com" }],
    });
  });

  it("DCV-7: a closer name without CAA (other data, or no such name) keeps climbing; a closer set wins", async () => {
    world.dns.zones.addRecords({ name: "b.example.com", type: "A", value: "127.0.0.1" });
    const verdict = await world.dcv.checkCaa("a.b.example.com", trustasia);
    expect(verdict).toMatchObject({ outcome: "not-authorised", at: "example.com" });
    const rcodes = world.dns.history
      .list({ type: "CAA" })
      .filter((q) => ["a.b.example.com", "b.example.com"].includes(q.name))
      .map((q) => `${q.name} ${q.rcode}`);
    expect(rcodes).toEqual(["a.b.example.com NXDOMAIN", "b.example.com NOERROR"]);

    caa("own.example.com", '0 issue "trustasia.com"');
    expect(await world.dcv.checkCaa("www.own.example.com", trustasia)).toMatchObject({
      allowed: true,
      outcome: "authorised",
      at: "own.example.com",
    });
  });

  it("DCV-7: issuewild overrides issue for a wildcard, and only for a wildcard", async () => {
    caa("wild.test", '0 issue "trustasia.com"', '0 issuewild ";"');
    expect(await world.dcv.checkCaa("*.wild.test", trustasia)).toMatchObject({ allowed: false, outcome: "forbidden" });
    expect(await world.dcv.checkCaa("www.wild.test", trustasia)).toMatchObject({
      allowed: true,
      outcome: "authorised",
    });
    // The climb for `*.sub.wild.test` starts at sub.wild.test.
    expect(await world.dcv.checkCaa("*.sub.wild.test", { identity: "trustasia.com" })).toMatchObject({
      allowed: false,
      at: "wild.test",
    });
    expect(asked("*.sub.wild.test")).toEqual([]);
    caa("open.wild.test", '0 issue "globalsign.com"', '0 issuewild "trustasia.com"');
    expect(await world.dcv.checkCaa("*.open.wild.test", trustasia)).toMatchObject({
      allowed: true,
      at: "open.wild.test",
    });
    expect(await world.dcv.checkCaa("open.wild.test", trustasia)).toMatchObject({ allowed: false });
    // An explicit flag decides for a name given without `*.`.
    expect(await world.dcv.checkCaa("open.wild.test", { ...trustasia, wildcard: true })).toMatchObject({
      allowed: true,
    });
  });

  it('DCV-7: issue ";" forbids all, a critical unknown tag forbids, and no CAA anywhere allows', async () => {
    caa("forbid.test", '0 issue ";"');
    expect(await world.dcv.checkCaa("www.forbid.test", trustasia)).toMatchObject({
      allowed: false,
      outcome: "forbidden",
    });
    caa("critical.plain.test", '0 issue "trustasia.com"', { flags: 128, tag: "tbs", value: "x" });
    expect(await world.dcv.checkCaa("critical.plain.test", trustasia)).toMatchObject({
      allowed: false,
      outcome: "critical-unknown-tag",
    });
    // Above plain.test the server has no zone (REFUSED): nothing there, the climb ends empty.
    expect(await world.dcv.checkCaa("www.plain.test", trustasia)).toMatchObject({ allowed: true, outcome: "no-caa" });
    expect(await world.dcv.findCaaSet("www.plain.test")).toBeUndefined();
    expect(world.dns.history.list({ type: "CAA", name: "test" }).at(-1)?.rcode).toBe("REFUSED");
    expect(await world.dcv.checkCaa("127.0.0.1", trustasia)).toMatchObject({ allowed: true, outcome: "ip-address" });
  });

  it("DCV-7: a CNAME at a name on the climb is followed to its target's CAA set", async () => {
    caa("policy.caa-host.test", '0 issue "dnspod.cn"');
    world.dns.zones.addRecords({ name: "alias.example.com", type: "CNAME", value: "policy.caa-host.test" });
    expect(await world.dcv.checkCaa("alias.example.com", trustasia)).toMatchObject({
      allowed: false,
      outcome: "not-authorised",
      at: "alias.example.com",
      records: [{ flags: 0, tag: "issue", value: "dnspod.cn" }],
    });
  });

  it("DCV-7: SERVFAIL or no answer during the climb is an error outcome, never permission", async () => {
    world.dns.zones.setFault("broken.plain.test", "servfail");
    const verdict = await world.dcv.checkCaa("www.broken.plain.test", trustasia);
    expect(verdict).toMatchObject({ allowed: false, outcome: "lookup-failed", at: "broken.plain.test" });
    expect(verdict.reason).toContain("SERVFAIL");
    await expect(world.dcv.findCaaSet("www.broken.plain.test")).rejects.toBeInstanceOf(CaaLookupError);
    await expect(world.dcv.findCaaSet("www.broken.plain.test")).rejects.toMatchObject({
      code: "CaaLookupFailed",
      rule: "DCV-7",
      at: "broken.plain.test",
    });
    world.dns.zones.setFault("silent.plain.test", "drop");
    const quick = world.dcvWith({ timeoutMs: 200 });
    expect(await quick.evaluateCaa("silent.plain.test", trustasia)).toMatchObject({
      allowed: false,
      outcome: "lookup-failed",
      reason: expect.stringContaining("within 200 ms"),
    });
  });
});
