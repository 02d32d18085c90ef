import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimClock } from "@certsim/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../src";
import { RRTYPE } from "../src/wire/constants";
import { api, decode, dig, ManualScheduler, queryBytes, udpExchange } from "./helpers";

describe("management API", () => {
  let server: DnsServer;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    server = await startDnsServer();
    client = api(server.apiUrl!);
    await client.post("/zones", { zone: "example.com", hostedAtPlatform: true });
    await client.post("/zones", { zone: "other.net" });
  });
  afterAll(() => server.close());

  it("serves /healthz and an OpenAPI document with every verb", async () => {
    expect((await client.get("/healthz")).body).toEqual({ ok: true, service: "dns" });
    const paths = (await client.get("/openapi.json")).body.paths;
    expect(Object.keys(paths["/records"]).sort()).toEqual(["delete", "get", "post", "put"]);
    expect(Object.keys(paths["/zones/{zone}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(paths["/faults"]).sort()).toEqual(["delete", "get", "post"]);
    expect(Object.keys(paths["/history"]).sort()).toEqual(["delete", "get"]);
  });

  it("creates zones with SOA and NS, lists them and filters by platform hosting", async () => {
    const zone = (await client.get("/zones/example.com")).body;
    expect(zone).toMatchObject({ zone: "example.com", hostedAtPlatform: true, propagationDelayMs: null, pending: [] });
    expect(zone.records).toEqual([
      { name: "example.com", type: "NS", ttl: 3600, values: ["ns1.dns.certsim.test", "ns2.dns.certsim.test"] },
    ]);
    expect(await dig(server.dnsPort, "+short", "example.com", "SOA")).toMatch(
      /^ns1\.dns\.certsim\.test\. hostmaster\.example\.com\. \d+ 3600 600 1209600 60\n$/,
    );
    const hosted = (await client.get("/zones?hostedAtPlatform=true")).body.zones.map((z: { zone: string }) => z.zone);
    expect(hosted).toEqual(["example.com"]);
    const all = (await client.get("/zones")).body.zones.map((z: { zone: string }) => z.zone);
    expect(all).toEqual(["example.com", "other.net"]);
    expect((await client.patch("/zones/other.net", { hostedAtPlatform: true })).body.hostedAtPlatform).toBe(true);
    expect((await client.post("/zones", { zone: "Example.COM." })).status).toBe(409);
  });

  it("adds, replaces and removes records, and the server answers accordingly", async () => {
    const added = await client.post("/records", {
      name: "www.example.com",
      type: "A",
      values: ["192.0.2.1", "192.0.2.2"],
      ttl: 60,
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      name: "www.example.com",
      type: "A",
      ttl: 60,
      values: ["192.0.2.1", "192.0.2.2"],
    });
    const again = await client.post("/records", { name: "WWW.example.com", type: "a", value: "192.0.2.1" });
    expect(again.body.values).toEqual(["192.0.2.1", "192.0.2.2"]); // a set holds a value once
    expect((await dig(server.dnsPort, "+short", "www.example.com")).split("\n").filter(Boolean).sort()).toEqual([
      "192.0.2.1",
      "192.0.2.2",
    ]);
    await client.put("/records", { name: "www.example.com", type: "A", values: ["192.0.2.9"] });
    expect(await dig(server.dnsPort, "+short", "www.example.com")).toBe("192.0.2.9\n");
    expect(
      (await client.delete("/records", { name: "www.example.com", type: "A", value: "192.0.2.8" })).body.removed,
    ).toBe(0);
    expect((await client.delete("/records", { name: "www.example.com", type: "A" })).body.removed).toBe(1);
    expect(await dig(server.dnsPort, "www.example.com")).toMatch(/status: NXDOMAIN/);
    await client.post("/records", { name: "v6.example.com", type: "AAAA", value: "2001:DB8:0:0:0:0:0:1" });
    expect((await client.get("/records?name=v6.example.com")).body.records[0].values).toEqual(["2001:db8::1"]);
    expect(await dig(server.dnsPort, "+short", "v6.example.com", "AAAA")).toBe("2001:db8::1\n");
  });

  it.each([
    ["a bad name", { name: "bad name.example.com", type: "A", value: "192.0.2.1" }, 400, "name"],
    [
      "a label over 63 characters",
      { name: `${"a".repeat(64)}.example.com`, type: "A", value: "192.0.2.1" },
      400,
      "name",
    ],
    ["an unknown type", { name: "x.example.com", type: "MX", value: "10 mail.example.com" }, 400, "type"],
    ["a record outside any zone", { name: "www.example.org", type: "A", value: "192.0.2.1" }, 400, "name"],
    ["an A record without an IPv4 address", { name: "x.example.com", type: "A", value: "300.1.1.1" }, 400, "value"],
    [
      "an AAAA record without an IPv6 address",
      { name: "x.example.com", type: "AAAA", values: ["::1", "nope"] },
      400,
      "values[1]",
    ],
    [
      "a CAA tag that is not alphanumeric",
      { name: "example.com", type: "CAA", value: '0 iss-ue "ca.example"' },
      400,
      "value",
    ],
    [
      "CAA flags over 255",
      { name: "example.com", type: "CAA", value: { flags: 256, tag: "issue", value: "x" } },
      400,
      "value.flags",
    ],
    ["a TXT over 64 KiB", { name: "big.example.com", type: "TXT", value: "x".repeat(65 * 1024) }, 400, "value"],
    ["a bad CNAME target", { name: "c.example.com", type: "CNAME", value: "-bad-.example.com" }, 400, "value"],
    ["a negative TTL", { name: "x.example.com", type: "A", value: "192.0.2.1", ttl: -1 }, 400, "ttl"],
    ["an unknown field", { name: "x.example.com", type: "A", value: "192.0.2.1", weight: 1 }, 400, "weight"],
    ["neither value nor values", { name: "x.example.com", type: "A" }, 400, "value"],
    ["a CNAME at the apex", { name: "example.com", type: "CNAME", value: "other.net" }, 409, "name"],
  ])("refuses %s with a 4xx naming the field", async (_what, body, status, field) => {
    const res = await client.post("/records", body);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses a CNAME beside other data, and other data beside a CNAME", async () => {
    await client.post("/records", { name: "mixed.example.com", type: "TXT", value: "t" });
    const cname = await client.post("/records", { name: "mixed.example.com", type: "CNAME", value: "other.net" });
    expect(cname.status).toBe(409);
    expect(cname.body.error).toMatchObject({ code: "InvalidParameter.CnameConflict", field: "type" });
    await client.post("/records", { name: "alias.example.com", type: "CNAME", value: "other.net" });
    const beside = await client.post("/records", { name: "alias.example.com", type: "TXT", value: "t" });
    expect(beside.status).toBe(409);
    expect(beside.body.error.field).toBe("type");
    const second = await client.post("/records", { name: "alias.example.com", type: "CNAME", value: "example.com" });
    expect(second.status).toBe(409);
    expect(second.body.error.field).toBe("value");
  });

  it("refuses bad zones and unknown zones", async () => {
    expect((await client.post("/zones", { zone: "*.example.com" })).body.error.field).toBe("zone");
    expect((await client.post("/zones", { zone: "" })).body.error.field).toBe("zone");
    expect((await client.post("/zones", { zone: "x.test", propagationDelayMs: -5 })).body.error.field).toBe(
      "propagationDelayMs",
    );
    expect((await client.get("/zones/nowhere.test")).status).toBe(404);
    expect((await client.delete("/zones/nowhere.test")).status).toBe(404);
    expect((await client.post("/faults", { name: "x.example.com", kind: "slow" })).body.error.field).toBe("kind");
    expect((await client.get("/history?transport=smoke")).body.error.field).toBe("transport");
  });

  it("sets and clears faults per name", async () => {
    await client.post("/records", { name: "flaky.example.com", type: "A", value: "192.0.2.50" });
    expect((await client.post("/faults", { name: "Flaky.Example.com", kind: "servfail" })).status).toBe(204);
    expect((await client.get("/faults")).body.faults).toEqual([{ name: "flaky.example.com", kind: "servfail" }]);
    expect(await dig(server.dnsPort, "flaky.example.com")).toMatch(/status: SERVFAIL/);
    await client.post("/faults", { name: "flaky.example.com", kind: "drop" });
    expect(await udpExchange(server.dnsPort, queryBytes("flaky.example.com", RRTYPE.A), 300)).toBeNull();
    expect(server.history.list({ name: "flaky.example.com" }).at(-1)).toMatchObject({ rcode: null });
    expect((await client.delete("/faults", { name: "flaky.example.com" })).body).toEqual({ cleared: true });
    expect(await dig(server.dnsPort, "+short", "flaky.example.com")).toBe("192.0.2.50\n");
  });

  it("lists history with filters and clears it", async () => {
    await client.delete("/history");
    await dig(server.dnsPort, "one.example.com", "TXT");
    await dig(server.dnsPort, "+tcp", "One.Example.com", "A");
    await dig(server.dnsPort, "two.example.com", "TXT");
    const all = (await client.get("/history")).body.queries;
    expect(
      all.map((q: { name: string; type: string; transport: string }) => `${q.name} ${q.type} ${q.transport}`),
    ).toEqual(["one.example.com TXT udp", "one.example.com A tcp", "two.example.com TXT udp"]);
    expect((await client.get("/history?name=ONE.example.com.")).body.queries).toHaveLength(2);
    expect((await client.get("/history?type=txt")).body.queries).toHaveLength(2);
    expect((await client.get("/history?name=one.example.com&type=TXT")).body.queries).toHaveLength(1);
    expect((await client.get("/history?limit=1")).body.queries[0].name).toBe("two.example.com");
    expect((await client.delete("/history")).status).toBe(204);
    expect((await client.get("/history")).body.queries).toEqual([]);
  });

  it("deletes a zone with its records", async () => {
    await client.post("/zones", { zone: "temp.test" });
    await client.post("/records", { name: "a.temp.test", type: "A", value: "192.0.2.1" });
    expect((await client.delete("/zones/temp.test")).status).toBe(204);
    expect(await dig(server.dnsPort, "a.temp.test")).toMatch(/status: REFUSED/);
    expect((await client.get("/records?zone=example.com")).status).toBe(200);
    expect((await client.get("/records?name=a.temp.test")).body.records).toEqual([]);
  });
});

describe("persistence", () => {
  it("zones, records and faults survive a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certsim-dns-"));
    const dbPath = join(dir, "dns.sqlite");
    try {
      const first = await startDnsServer({ dbPath });
      const client = api(first.apiUrl!);
      await client.post("/zones", { zone: "keep.test", hostedAtPlatform: true });
      await client.post("/records", { name: "_dnsauth.keep.test", type: "TXT", value: "persisted" });
      await client.post("/records", { name: "keep.test", type: "CAA", value: '0 issue "wotrus.com"' });
      await client.post("/faults", { name: "down.keep.test", kind: "servfail" });
      await first.close();

      const second = await startDnsServer({ dbPath });
      try {
        expect(await dig(second.dnsPort, "+short", "_dnsauth.keep.test", "TXT")).toBe('"persisted"\n');
        expect(await dig(second.dnsPort, "+short", "keep.test", "CAA")).toBe('0 issue "wotrus.com"\n');
        expect(await dig(second.dnsPort, "down.keep.test")).toMatch(/status: SERVFAIL/);
        const zone = (await api(second.apiUrl!).get("/zones/keep.test")).body;
        expect(zone.hostedAtPlatform).toBe(true);
        expect(zone.records.map((r: { type: string }) => r.type).sort()).toEqual(["CAA", "NS", "TXT"]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("propagation delay on the simulated clock", () => {
  const txt = async (port: number, name: string) =>
    decode((await udpExchange(port, queryBytes(name, RRTYPE.TXT)))!).answers.map((a) =>
      (a as unknown as { data: string[] }).data.join(""),
    );

  it("a change becomes visible only when the clock reaches its delay", async () => {
    const clock = new ManualScheduler();
    const server = await startDnsServer({ apiPort: null, scheduler: clock, propagationDelayMs: 60_000 });
    try {
      server.zones.createZone({ zone: "slow.test" });
      const start = clock.nowMs();
      const change = server.zones.addRecords({ name: "_dnsauth.slow.test", type: "TXT", value: "v1" });
      expect(change.visibleAtMs).toBe(start + 60_000);
      expect(await txt(server.dnsPort, "_dnsauth.slow.test")).toEqual([]);
      expect(server.zones.getZone("slow.test")!.pending).toMatchObject([
        { name: "_dnsauth.slow.test", values: ["v1"] },
      ]);
      clock.advance(59_999);
      expect(await txt(server.dnsPort, "_dnsauth.slow.test")).toEqual([]);
      clock.advance(1);
      expect(await txt(server.dnsPort, "_dnsauth.slow.test")).toEqual(["v1"]);
      expect(server.zones.getZone("slow.test")!.pending).toEqual([]);

      // A replacement and then a removal: each shows up after its own delay, in order.
      server.zones.replaceRecords({ name: "_dnsauth.slow.test", type: "TXT", values: ["v2"] });
      clock.advance(30_000);
      server.zones.removeRecords({ name: "_dnsauth.slow.test", type: "TXT" });
      expect(await txt(server.dnsPort, "_dnsauth.slow.test")).toEqual(["v1"]);
      clock.advance(30_000);
      expect(await txt(server.dnsPort, "_dnsauth.slow.test")).toEqual(["v2"]);
      clock.advance(30_000);
      expect(await dig(server.dnsPort, "_dnsauth.slow.test", "TXT")).toMatch(/status: NXDOMAIN/);
      // History is stamped with the simulated time.
      expect(server.history.list().at(-1)!.timeMs).toBe(clock.nowMs());
    } finally {
      await server.close();
    }
  });

  it("a zone's own delay overrides the server's, and 0 applies at once", async () => {
    const clock = new ManualScheduler();
    const server = await startDnsServer({ apiPort: null, scheduler: clock, propagationDelayMs: 60_000 });
    try {
      server.zones.createZone({ zone: "fast.test", propagationDelayMs: 0 });
      server.zones.createZone({ zone: "slower.test", propagationDelayMs: 600_000 });
      server.zones.addRecords({ name: "x.fast.test", type: "TXT", value: "now" });
      expect(await txt(server.dnsPort, "x.fast.test")).toEqual(["now"]);
      server.zones.addRecords({ name: "x.slower.test", type: "TXT", value: "later" });
      clock.advance(60_000);
      expect(await txt(server.dnsPort, "x.slower.test")).toEqual([]);
      clock.advance(540_000);
      expect(await txt(server.dnsPort, "x.slower.test")).toEqual(["later"]);
      expect(clock.waiting).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("runs on the ecosystem's SimClock: the record appears when the clock passes the delay", async () => {
    const clock = new SimClock({ start: "2026-03-02T09:00:00+08:00" });
    const server = await startDnsServer({ apiPort: null, scheduler: clock, propagationDelayMs: 5 * 60_000 });
    try {
      server.zones.createZone({ zone: "clock.test" });
      server.zones.addRecords({ name: "_dnsauth.clock.test", type: "TXT", value: "tick" });
      expect(clock.pending().map((e) => e.label)).toEqual(["dns: TXT _dnsauth.clock.test becomes visible"]);
      await clock.advance(4 * 60_000);
      expect(await txt(server.dnsPort, "_dnsauth.clock.test")).toEqual([]);
      await clock.runUntilIdle();
      expect(clock.nowMs()).toBe(Date.parse("2026-03-02T01:05:00Z"));
      expect(await txt(server.dnsPort, "_dnsauth.clock.test")).toEqual(["tick"]);
      expect(server.history.list().map((q) => q.timeMs)).toEqual([Date.parse("2026-03-02T01:04:00Z"), clock.nowMs()]);
    } finally {
      await server.close();
    }
  });

  it("pending changes survive a restart and are rescheduled on the clock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certsim-dns-"));
    const dbPath = join(dir, "dns.sqlite");
    const clock = new ManualScheduler();
    try {
      const first = await startDnsServer({ apiPort: null, dbPath, scheduler: clock, propagationDelayMs: 10_000 });
      first.zones.createZone({ zone: "restart.test" });
      first.zones.addRecords({ name: "a.restart.test", type: "TXT", value: "early" });
      clock.advance(5_000);
      first.zones.addRecords({ name: "b.restart.test", type: "TXT", value: "late" });
      await first.close();

      const later = new ManualScheduler(clock.nowMs() + 7_000); // a's time has come while the server was down
      const second = await startDnsServer({ apiPort: null, dbPath, scheduler: later, propagationDelayMs: 10_000 });
      try {
        expect(await txt(second.dnsPort, "a.restart.test")).toEqual(["early"]);
        expect(await txt(second.dnsPort, "b.restart.test")).toEqual([]);
        later.advance(2_999);
        expect(await txt(second.dnsPort, "b.restart.test")).toEqual([]);
        later.advance(1);
        expect(await txt(second.dnsPort, "b.restart.test")).toEqual(["late"]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
