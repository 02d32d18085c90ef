import { Resolver } from "node:dns/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../src";
import { api, dig } from "./helpers";

/** What a CA's validation code sees: Node's resolver (c-ares) pointed at the world's server, nothing else. */
describe("answers seen by Node's resolver", () => {
  let server: DnsServer;
  let resolver: Resolver;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    server = await startDnsServer();
    resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.dnsPort}`]);
    client = api(server.apiUrl!);
    expect((await client.post("/zones", { zone: "example.com" })).status).toBe(201);
    expect((await client.post("/zones", { zone: "trust-provider.com" })).status).toBe(201);
  });
  afterAll(() => server.close());
  beforeEach(() => server.history.clear());

  it("resolveTxt gets a 400-byte TXT value back whole (its 255-byte chunks joined)", async () => {
    const value = `2026010100000${"x".repeat(387)}`;
    expect(value).toHaveLength(400);
    await client.post("/records", { name: "long.example.com", type: "TXT", value });
    const txt = await resolver.resolveTxt("long.example.com");
    expect(txt).toHaveLength(1);
    expect(txt[0]!.map((s) => Buffer.byteLength(s))).toEqual([255, 145]);
    expect(txt[0]!.join("")).toBe(value);
  });

  it("resolveTxt keeps a record given as several strings as several strings", async () => {
    await client.post("/records", { name: "multi.example.com", type: "TXT", value: ["v=spf1", " -all"] });
    expect(await resolver.resolveTxt("multi.example.com")).toEqual([["v=spf1", " -all"]]);
  });

  it("resolveCaa reads flags, tag and value", async () => {
    await client.post("/records", {
      name: "example.com",
      type: "CAA",
      values: ['0 issue "trustasia.com"', { flags: 128, tag: "tbs", value: "unknown" }],
    });
    const caa = await resolver.resolveCaa("example.com");
    expect(caa).toContainEqual({ critical: 0, issue: "trustasia.com" });
    expect(caa).toContainEqual({ critical: 128, tbs: "unknown" });
  });

  it("resolveCname reads a CNAME", async () => {
    await client.post("/records", {
      name: "_abc.example.com",
      type: "CNAME",
      value: "aa.bb.unique.trust-provider.com",
    });
    expect(await resolver.resolveCname("_abc.example.com")).toEqual(["aa.bb.unique.trust-provider.com"]);
  });

  it("DCV-4: a TXT set through the management API reaches the CA over the network, and history shows each query with its transport", async () => {
    const value = "202601011200009f2c1e6b7d4a3c5e8f0a1b2c";
    await client.post("/records", { name: "_dnsauth.shop.example.com", type: "TXT", value });
    expect(await resolver.resolveTxt("_dnsauth.shop.example.com")).toEqual([[value]]);
    const overTcp = await dig(server.dnsPort, "+tcp", "+short", "_dnsauth.shop.example.com", "TXT");
    expect(overTcp.trim()).toBe(`"${value}"`);
    const history = (await client.get("/history?name=_dnsauth.shop.example.com&type=TXT")).body.queries;
    expect(history.map((q: { transport: string }) => q.transport)).toEqual(["udp", "tcp"]);
    for (const q of history) {
      expect(q).toMatchObject({ name: "_dnsauth.shop.example.com", type: "TXT", rcode: "NOERROR" });
      expect(q.client).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(typeof q.timeMs).toBe("number");
    }
  });

  it("DCV-4: a removed record is gone for the CA at once (no clock, no delay), and the miss is in the history", async () => {
    await client.post("/records", { name: "_dnsauth.gone.example.com", type: "TXT", value: "v1" });
    expect(await resolver.resolveTxt("_dnsauth.gone.example.com")).toEqual([["v1"]]);
    const removed = await client.delete("/records", { name: "_dnsauth.gone.example.com", type: "TXT", value: "v1" });
    expect(removed.body.removed).toBe(1);
    await expect(resolver.resolveTxt("_dnsauth.gone.example.com")).rejects.toMatchObject({ code: "ENOTFOUND" });
    const rcodes = server.history.list({ name: "_dnsauth.gone.example.com" }).map((q) => q.rcode);
    expect(rcodes).toEqual(["NOERROR", "NXDOMAIN"]);
  });

  it("DCV-6: a CNAME chain is followed in the answer, so the CA finds the TXT at its end", async () => {
    await client.post("/records", { name: "_dnsauth.www.example.com", type: "CNAME", value: "step.example.com" });
    await client.post("/records", {
      name: "step.example.com",
      type: "CNAME",
      value: "_dnsauth.delegated.trust-provider.com",
    });
    await client.post("/records", {
      name: "_dnsauth.delegated.trust-provider.com",
      type: "TXT",
      value: "token-at-the-end",
    });
    expect(await resolver.resolveTxt("_dnsauth.www.example.com")).toEqual([["token-at-the-end"]]);
    // One query sufficed: the chain came back in the answer section.
    expect(server.history.list({ type: "TXT" }).map((q) => q.name)).toEqual(["_dnsauth.www.example.com"]);
    const out = await dig(server.dnsPort, "_dnsauth.www.example.com", "TXT");
    expect(out).toMatch(/ANSWER: 3,/);
  });

  it("DCV-6: TXT name matching is case-insensitive; the value is returned exactly", async () => {
    await client.post("/records", { name: "_DNSAuth.Case.Example.COM", type: "TXT", value: "MiXeD-Case-Value" });
    expect(await resolver.resolveTxt("_dnsauth.case.example.com")).toEqual([["MiXeD-Case-Value"]]);
    expect(await resolver.resolveTxt("_DNSAUTH.CASE.EXAMPLE.COM")).toEqual([["MiXeD-Case-Value"]]);
    // c-ares may lower-case what it sends; dig sends the name as written.
    expect(await dig(server.dnsPort, "+short", "_DnsAuth.CASE.example.Com", "TXT")).toBe('"MiXeD-Case-Value"\n');
    const asked = server.history.list({ name: "_dnsauth.case.example.com" }).map((q) => q.askedName);
    expect(asked).toHaveLength(3);
    expect(asked[2]).toBe("_DnsAuth.CASE.example.Com");
    const listed = (await client.get("/records?name=_dnsauth.case.example.com&type=TXT")).body.records;
    expect(listed).toEqual([
      { name: "_dnsauth.case.example.com", type: "TXT", ttl: 300, values: ["MiXeD-Case-Value"] },
    ]);
  });

  it("DCV-6: a wildcard TXT does not answer for a name the CA asks about that exists with other data", async () => {
    await client.post("/records", { name: "*.wild.example.com", type: "TXT", value: "from-wildcard" });
    await client.post("/records", { name: "real.wild.example.com", type: "A", value: "192.0.2.5" });
    expect(await resolver.resolveTxt("other.wild.example.com")).toEqual([["from-wildcard"]]);
    await expect(resolver.resolveTxt("real.wild.example.com")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("DCV-7: each level a CA climbs answers its CAA question over the network: NXDOMAIN, NODATA, the set, REFUSED above the zones", async () => {
    await client.post("/zones", { zone: "caa.test" });
    await client.post("/records", { name: "www.shop.caa.test", type: "A", value: "192.0.2.7" });
    await client.post("/records", {
      name: "caa.test",
      type: "CAA",
      values: ['0 issue "trustasia.com"', '0 issuewild ";"', { flags: 128, tag: "future", value: "x" }],
    });
    await expect(resolver.resolveCaa("nothing.www.shop.caa.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolveCaa("www.shop.caa.test")).rejects.toMatchObject({ code: "ENODATA" });
    await expect(resolver.resolveCaa("shop.caa.test")).rejects.toMatchObject({ code: "ENODATA" }); // empty non-terminal
    expect(await resolver.resolveCaa("caa.test")).toEqual([
      { critical: 0, issue: "trustasia.com" },
      { critical: 0, issuewild: ";" },
      { critical: 128, future: "x" },
    ]);
    await expect(resolver.resolveCaa("test")).rejects.toMatchObject({ code: "EREFUSED" });
    // RFC 8659 §3: CAA follows aliases; the chain is answered in one response.
    await client.post("/records", { name: "alias.caa.test", type: "CNAME", value: "caa.test" });
    expect(await resolver.resolveCaa("alias.caa.test")).toHaveLength(3);
    const climbed = server.history.list({ type: "CAA" }).map((q) => `${q.name} ${q.rcode}`);
    expect(climbed).toEqual([
      "nothing.www.shop.caa.test NXDOMAIN",
      "www.shop.caa.test NOERROR",
      "shop.caa.test NOERROR",
      "caa.test NOERROR",
      "test REFUSED",
      "alias.caa.test NOERROR",
    ]);
  });
});
