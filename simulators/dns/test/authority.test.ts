import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerQuestion, startDnsServer, ZoneStore } from "../src";
import { RRTYPE, rcodeName, typeName } from "../src/wire/constants";
import type { Sections, WireRecord } from "../src/wire/message";
import { decode, queryBytes, udpExchange } from "./helpers";

function show(rr: WireRecord): string {
  const r = rr.rdata;
  const data =
    r.kind === "name"
      ? r.target
      : r.kind === "soa"
        ? `${r.mname} ${r.rname}`
        : rr.type === RRTYPE.A
          ? [...r.bytes].join(".")
          : rr.type === RRTYPE.TXT
            ? JSON.stringify(r.bytes.subarray(1).toString())
            : r.bytes.toString("hex");
  return `${rr.owner} ${typeName(rr.type)} ${data}`;
}

function summary(s: Sections) {
  return {
    rcode: rcodeName(s.rcode),
    aa: s.aa,
    answer: s.answers.map(show),
    authority: s.authority.map(show),
    additional: s.additional.map(show),
  };
}

describe("answering from the zones (RFC 1034 §4.3.2, RFC 4592)", () => {
  let store: ZoneStore;
  const ask = (name: string, type: keyof typeof RRTYPE) => summary(answerQuestion(store.index, name, RRTYPE[type]));

  beforeEach(() => {
    // RFC 4592 §2.2.1's example zone, with TXT and A in place of MX and SRV.
    store = ZoneStore.open();
    store.createZone({ zone: "example" });
    store.addRecords({ name: "*.example", type: "TXT", value: "this is a wildcard" });
    store.addRecords({ name: "sub.*.example", type: "TXT", value: "this is not a wildcard" });
    store.addRecords({ name: "host1.example", type: "A", value: "192.0.2.1" });
    store.addRecords({ name: "_ssh._tcp.host1.example", type: "TXT", value: "srv" });
    store.addRecords({ name: "_ssh._tcp.host2.example", type: "TXT", value: "srv" });
    store.addRecords({ name: "subdel.example", type: "NS", values: ["ns.subdel.example", "ns.example.net"] });
    store.addRecords({ name: "ns.subdel.example", type: "A", value: "192.0.2.53" });
  });
  afterEach(() => store.close());

  const soa = "example SOA ns1.dns.certsim.test hostmaster.example";

  it("a wildcard answers for names that do not exist, with the query name as owner", () => {
    expect(ask("host3.example", "TXT")).toMatchObject({
      rcode: "NOERROR",
      aa: true,
      answer: ['host3.example TXT "this is a wildcard"'],
    });
    expect(ask("foo.bar.example", "TXT").answer).toEqual(['foo.bar.example TXT "this is a wildcard"']);
  });

  it("a wildcard without the asked type gives NODATA", () => {
    expect(ask("host3.example", "A")).toEqual({
      rcode: "NOERROR",
      aa: true,
      answer: [],
      authority: [soa],
      additional: [],
    });
  });

  it("a wildcard does not answer for a name that exists with other types", () => {
    expect(ask("host1.example", "TXT")).toMatchObject({ rcode: "NOERROR", answer: [], authority: [soa] });
    expect(ask("sub.*.example", "A")).toMatchObject({ rcode: "NOERROR", answer: [], authority: [soa] });
  });

  it("no wildcard below an empty non-terminal: the closest encloser has no '*' child", () => {
    expect(ask("_tcp.host1.example", "TXT")).toMatchObject({ rcode: "NOERROR", answer: [] }); // the ENT itself exists
    expect(ask("_telnet._tcp.host1.example", "TXT")).toMatchObject({ rcode: "NXDOMAIN", answer: [], authority: [soa] });
    expect(ask("_telnet._tcp.host2.example", "TXT").rcode).toBe("NXDOMAIN");
  });

  it("a name below a wildcard owner is not matched by a '*.*' wildcard", () => {
    expect(ask("ghost.*.example", "TXT")).toMatchObject({ rcode: "NXDOMAIN", authority: [soa] });
  });

  it("the literal '*' name answers as itself", () => {
    expect(ask("*.example", "TXT").answer).toEqual(['*.example TXT "this is a wildcard"']);
  });

  it("refers below a zone cut without AA, with glue, and wildcards do not reach past it", () => {
    const referral = {
      rcode: "NOERROR",
      aa: false,
      answer: [],
      authority: ["subdel.example NS ns.subdel.example", "subdel.example NS ns.example.net"],
      additional: ["ns.subdel.example A 192.0.2.53"],
    };
    expect(ask("host.subdel.example", "A")).toEqual(referral);
    expect(ask("subdel.example", "TXT")).toEqual(referral);
    expect(ask("subdel.example", "DS")).toMatchObject({ rcode: "NOERROR", aa: true, answer: [], authority: [soa] });
  });

  it("answers NS and SOA at the apex; NS with glue when it has some", () => {
    expect(ask("example", "NS").answer).toEqual(["example NS ns1.dns.certsim.test", "example NS ns2.dns.certsim.test"]);
    expect(ask("example", "SOA").answer).toEqual([soa]);
    expect(ask("subdel.example", "NS").aa).toBe(false);
  });

  it("ANY returns every set at the name", () => {
    store.addRecords({ name: "host1.example", type: "TXT", value: "t" });
    expect(ask("host1.example", "ANY").answer.sort()).toEqual(["host1.example A 192.0.2.1", 'host1.example TXT "t"']);
  });

  it("stops a CNAME loop and answers with the chain so far", () => {
    store.addRecords({ name: "a.example", type: "CNAME", value: "b.example" });
    store.addRecords({ name: "b.example", type: "CNAME", value: "a.example" });
    expect(ask("a.example", "A")).toMatchObject({
      rcode: "NOERROR",
      answer: ["a.example CNAME b.example", "b.example CNAME a.example"],
    });
  });

  it("ends a chain that leaves the served zones with the CNAME alone", () => {
    store.addRecords({ name: "out.example", type: "CNAME", value: "www.elsewhere.org" });
    expect(ask("out.example", "A")).toEqual({
      rcode: "NOERROR",
      aa: true,
      answer: ["out.example CNAME www.elsewhere.org"],
      authority: [],
      additional: [],
    });
  });

  it("a chain that ends at a missing name is NXDOMAIN with the chain and the SOA (RFC 6604)", () => {
    store.addRecords({ name: "dangling.example", type: "CNAME", value: "nothing.host1.example" });
    expect(ask("dangling.example", "A")).toMatchObject({
      rcode: "NXDOMAIN",
      answer: ["dangling.example CNAME nothing.host1.example"],
      authority: [soa],
    });
  });

  it("a CNAME is answered as itself when asked for, and wildcard CNAMEs are synthesised", () => {
    store.addRecords({ name: "*.cdn.example", type: "CNAME", value: "host1.example" });
    expect(ask("img.cdn.example", "CNAME").answer).toEqual(["img.cdn.example CNAME host1.example"]);
    expect(ask("img.cdn.example", "A").answer).toEqual([
      "img.cdn.example CNAME host1.example",
      "host1.example A 192.0.2.1",
    ]);
  });

  it("names in a nested zone are answered from it, and REFUSED outside every zone", () => {
    store.addRecords({ name: "x.inner.example", type: "A", value: "192.0.2.77" });
    store.createZone({ zone: "inner.example" });
    expect(ask("x.inner.example", "A").answer).toEqual(["x.inner.example A 192.0.2.77"]);
    expect(ask("y.inner.example", "A").authority).toEqual([
      "inner.example SOA ns1.dns.certsim.test hostmaster.inner.example",
    ]);
    expect(store.getZone("inner.example")!.records.map((r) => r.name)).toContain("x.inner.example");
    store.deleteZone("inner.example");
    // Its records went with it; the name now falls under *.example, which has no A: NODATA.
    expect(ask("x.inner.example", "A")).toMatchObject({ rcode: "NOERROR", answer: [], authority: [soa] });
    expect(ask("x.inner.example", "TXT").answer).toEqual(['x.inner.example TXT "this is a wildcard"']);
    expect(ask("example.org", "A")).toMatchObject({ rcode: "REFUSED", aa: false });
    expect(ask("", "A").rcode).toBe("REFUSED");
  });

  it("on the wire, a referral has no AA flag and carries the glue (decoded by dns2)", async () => {
    const server = await startDnsServer({ apiPort: null });
    try {
      server.zones.createZone({ zone: "example" });
      server.zones.addRecords({ name: "subdel.example", type: "NS", value: "ns.subdel.example" });
      server.zones.addRecords({ name: "ns.subdel.example", type: "A", value: "192.0.2.53" });
      const answer = decode((await udpExchange(server.dnsPort, queryBytes("www.subdel.example", RRTYPE.A)))!);
      expect(answer.header).toMatchObject({ qr: 1, aa: 0, rcode: 0 });
      expect(answer.answers).toHaveLength(0);
      expect(answer.authorities).toMatchObject([{ name: "subdel.example", type: RRTYPE.NS, ns: "ns.subdel.example" }]);
      expect(answer.additionals).toMatchObject([{ name: "ns.subdel.example", type: RRTYPE.A, address: "192.0.2.53" }]);
    } finally {
      await server.close();
    }
  });
});
