import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CHECK } from "../src";
import { startWorld, type World } from "./world";

describe("DNS checks against the world's authoritative server", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(["example.com", "trust-provider.com"]);
  });
  afterAll(() => world.close());

  const add = (name: string, type: string, value: unknown) => world.dns.zones.addRecords({ name, type, value });

  it("DCV-4: a TXT check asks the simulated server over the network, and its history shows the query", async () => {
    add("_dnsauth.net.example.com", "TXT", "2026010112000079a0c1e2");
    const result = await world.dcv.checkTxt("_dnsauth.net.example.com", "2026010112000079a0c1e2");
    expect(result).toMatchObject({ status: "found", localCheck: 1, seen: ["2026010112000079a0c1e2"] });
    const queries = world.dns.history.list({ name: "_dnsauth.net.example.com", type: "TXT" });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ transport: "udp", rcode: "NOERROR" });
    expect(queries[0]!.client).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("DCV-4: a record removed at the server is gone for the next check (nothing cached)", async () => {
    add("_dnsauth.removed.example.com", "TXT", "v1");
    expect((await world.dcv.checkTxt("_dnsauth.removed.example.com", "v1")).status).toBe("found");
    world.dns.zones.removeRecords({ name: "_dnsauth.removed.example.com", type: "TXT" });
    expect(await world.dcv.checkTxt("_dnsauth.removed.example.com", "v1")).toMatchObject({
      status: "missing",
      localCheck: LOCAL_CHECK.txtNotFound,
    });
    const rcodes = world.dns.history.list({ name: "_dnsauth.removed.example.com", type: "TXT" }).map((q) => q.rcode);
    expect(rcodes).toEqual(["NOERROR", "NXDOMAIN"]);
  });

  it("DCV-4: a name that exists nowhere is missing, never an answer from the machine's resolver", async () => {
    // The machine resolves `localhost` (/etc/hosts); the simulated world has no such name.
    const a = await world.dcv.lookupA("localhost");
    expect(a).toMatchObject({ status: "refused", values: [] });
    expect(world.dns.history.list({ name: "localhost", type: "A" })).toHaveLength(1);
    expect(await world.dcv.checkTxt("_dnsauth.nowhere-at-all.test", "x")).toMatchObject({
      status: "missing",
      localCheck: LOCAL_CHECK.txtNotFound,
      seen: [],
    });
    expect(await world.dcv.checkCname("_abc.nowhere-at-all.test", "x.trust-provider.com")).toMatchObject({
      status: "missing",
      localCheck: LOCAL_CHECK.cnameNotFound,
    });
    expect(world.dns.history.list({ name: "_dnsauth.nowhere-at-all.test" })[0]?.rcode).toBe("REFUSED");
  });

  it("DCV-4: lookups tell NXDOMAIN, NODATA, SERVFAIL and a timeout apart, without throwing", async () => {
    add("nodata.example.com", "A", "127.0.0.1");
    world.dns.zones.setFault("servfail.example.com", "servfail");
    world.dns.zones.setFault("silent.example.com", "drop");
    expect((await world.dcv.lookupTxt("absent.example.com")).status).toBe("nxdomain");
    expect((await world.dcv.lookupTxt("nodata.example.com")).status).toBe("nodata");
    expect((await world.dcv.lookupTxt("servfail.example.com")).status).toBe("servfail");
    const quick = world.dcvWith({ timeoutMs: 200 });
    const silent = await quick.lookupTxt("silent.example.com");
    expect(silent).toMatchObject({ status: "timeout", values: [] });
    expect(silent.reason).toContain("200 ms");
    expect(await world.dcv.checkTxt("servfail.example.com", "x")).toMatchObject({ status: "error", localCheck: -1 });
    expect(await quick.checkTxt("silent.example.com", "x")).toMatchObject({ status: "error", localCheck: -1 });
    expect((await world.dcv.lookupA("nodata.example.com")).values).toEqual(["127.0.0.1"]);
    expect((await world.dcv.lookupTxt("bad name!")).status).toBe("error");
  });

  it("DCV-6: a TXT reached through a CNAME chain counts", async () => {
    add("_dnsauth.chain.example.com", "CNAME", "step.example.com");
    add("step.example.com", "CNAME", "_dnsauth.delegated.trust-provider.com");
    add("_dnsauth.delegated.trust-provider.com", "TXT", "token-at-the-end");
    expect(await world.dcv.checkTxt("_dnsauth.chain.example.com", "token-at-the-end")).toMatchObject({
      name: "_dnsauth.chain.example.com",
      method: "dns-txt",
      status: "found",
      localCheck: 1,
      seen: ["token-at-the-end"],
    });
    // The server followed the chain inside its zones: one question was enough.
    expect(world.dns.history.list({ type: "TXT", name: "_dnsauth.chain.example.com" })).toHaveLength(1);
  });

  it("DCV-6: a chain that ends in no zone, or loops, is missing, and the loop is named", async () => {
    add("_dnsauth.out.example.com", "CNAME", "target.elsewhere.test");
    const out = await world.dcv.checkTxt("_dnsauth.out.example.com", "x");
    expect(out).toMatchObject({ status: "missing", localCheck: -1 });
    expect(out.reason).toContain("target.elsewhere.test");
    add("loop-a.example.com", "CNAME", "loop-b.example.com");
    add("loop-b.example.com", "CNAME", "loop-a.example.com");
    const lookup = await world.dcv.lookupTxt("loop-a.example.com");
    expect(lookup).toMatchObject({ status: "cname-loop", chain: ["loop-b.example.com", "loop-a.example.com"] });
    const loop = await world.dcv.checkTxt("loop-a.example.com", "x");
    expect(loop).toMatchObject({ status: "missing", localCheck: -1 });
    expect(loop.reason).toContain("CNAME loop");
    expect(await world.dcv.lookupCname("loop-a.example.com")).toMatchObject({ status: "cname-loop" });
  });

  it("DCV-6: TXT matching is exact on the value, case-insensitive on the name; strings of one record are joined", async () => {
    add("_DNSAuth.Case.Example.COM", "TXT", "MiXeD-Value");
    const found = await world.dcv.checkTxt("_DNSAUTH.case.EXAMPLE.com.", "MiXeD-Value");
    expect(found).toMatchObject({ name: "_dnsauth.case.example.com", status: "found", localCheck: 1 });
    expect(await world.dcv.checkTxt("_dnsauth.case.example.com", "mixed-value")).toMatchObject({
      status: "mismatch",
      localCheck: LOCAL_CHECK.txtMismatch,
      seen: ["MiXeD-Value"],
    });
    expect((await world.dcv.checkTxt("_dnsauth.case.example.com", " MiXeD-Value")).status).toBe("mismatch");
    add("multi.example.com", "TXT", ["_globalsign-domain-verification=", "abc123"]);
    expect(await world.dcv.checkTxt("multi.example.com", "_globalsign-domain-verification=abc123")).toMatchObject({
      status: "found",
      seen: ["_globalsign-domain-verification=abc123"],
    });
    // One of several values is enough.
    add("several.example.com", "TXT", "other");
    add("several.example.com", "TXT", "wanted");
    expect((await world.dcv.checkTxt("several.example.com", "wanted")).status).toBe("found");
  });

  it("DCV-6: a CNAME check compares targets case-insensitively without the trailing dot, along the chain", async () => {
    add("_0f1e2d.example.com", "CNAME", "aa11.bb22.unique.trust-provider.com");
    expect(await world.dcv.checkCname("_0F1E2D.example.com", "AA11.BB22.unique.trust-provider.com.")).toMatchObject({
      name: "_0f1e2d.example.com",
      method: "dns-cname",
      status: "found",
      localCheck: 1,
      seen: ["aa11.bb22.unique.trust-provider.com"],
    });
    add("_hop.example.com", "CNAME", "hop.trust-provider.com");
    add("hop.trust-provider.com", "CNAME", "cc.dd.unique.trust-provider.com");
    const chained = await world.dcv.checkCname("_hop.example.com", "cc.dd.unique.trust-provider.com");
    expect(chained).toMatchObject({
      status: "found",
      seen: ["hop.trust-provider.com", "cc.dd.unique.trust-provider.com"],
    });
    expect(await world.dcv.lookupCname("_hop.example.com")).toMatchObject({
      status: "ok",
      values: ["hop.trust-provider.com", "cc.dd.unique.trust-provider.com"],
    });
    expect(await world.dcv.lookupCname("step-less.example.com")).toMatchObject({ status: "nxdomain", values: [] });
  });

  it("DCV-10: LocalCheck for TXT and CNAME: found 1, missing -1/-6, mismatch -2/-7 with the value seen", async () => {
    add("_dnsauth.ten.example.com", "TXT", "seen-value");
    add("_c10.example.com", "CNAME", "seen.target.trust-provider.com");
    const txt = (expected: string, name = "_dnsauth.ten.example.com") => world.dcv.checkTxt(name, expected);
    const cname = (expected: string, name = "_c10.example.com") => world.dcv.checkCname(name, expected);
    expect(await txt("seen-value")).toMatchObject({ status: "found", localCheck: 1, seen: ["seen-value"] });
    expect(await txt("x", "_dnsauth.none.example.com")).toMatchObject({ status: "missing", localCheck: -1, seen: [] });
    expect(await txt("wanted")).toMatchObject({ status: "mismatch", localCheck: -2, seen: ["seen-value"] });
    expect(await cname("seen.target.trust-provider.com")).toMatchObject({ status: "found", localCheck: 1 });
    expect(await cname("x.trust-provider.com", "_none.example.com")).toMatchObject({
      status: "missing",
      localCheck: -6,
      seen: [],
    });
    const mismatch = await cname("wanted.trust-provider.com");
    expect(mismatch).toMatchObject({ status: "mismatch", localCheck: -7, seen: ["seen.target.trust-provider.com"] });
    expect(mismatch.reason).toContain("wanted.trust-provider.com");
    // A TXT where a CNAME is expected is not a CNAME.
    expect(await cname("x.trust-provider.com", "_dnsauth.ten.example.com")).toMatchObject({ localCheck: -6 });
  });
});
