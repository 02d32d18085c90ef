import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../src";
import { dig } from "./helpers";

/** The server as any DNS client sees it: dig over UDP and TCP on a loopback port. */
describe("answers seen by dig", () => {
  let server: DnsServer;
  let port: number;

  beforeAll(async () => {
    server = await startDnsServer({ apiPort: null });
    port = server.dnsPort;
    const z = server.zones;
    z.createZone({ zone: "example.com" });
    z.addRecords({ name: "www.example.com", type: "A", values: ["192.0.2.10", "192.0.2.11"] });
    z.addRecords({ name: "www.example.com", type: "AAAA", value: "2001:db8::10" });
    z.addRecords({
      name: "example.com",
      type: "CAA",
      values: ['0 issue "trustasia.com"', { flags: 0, tag: "issuewild", value: ";" }],
    });
    z.addRecords({ name: "*.apps.example.com", type: "A", value: "192.0.2.20" });
    z.addRecords({ name: "a.example.com", type: "CNAME", value: "b.example.com" });
    z.addRecords({ name: "b.example.com", type: "CNAME", value: "www.example.com" });
    z.addRecords({
      name: "big.example.com",
      type: "TXT",
      values: Array.from({ length: 12 }, (_, i) => `${i}`.repeat(60)),
    });
    z.addRecords({ name: "broken.example.com", type: "A", value: "192.0.2.30" });
    z.addRecords({ name: "silent.example.com", type: "A", value: "192.0.2.31" });
    z.setFault("broken.example.com", "servfail");
    z.setFault("silent.example.com", "drop");
  });
  afterAll(() => server.close());

  it("answers authoritatively: flags qr aa", async () => {
    const out = await dig(port, "www.example.com", "A");
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/flags: qr aa rd;/);
    expect(out).toMatch(/^www\.example\.com\.\s+300\s+IN\s+A\s+192\.0\.2\.10$/m);
    expect(out).toMatch(/^www\.example\.com\.\s+300\s+IN\s+A\s+192\.0\.2\.11$/m);
  });

  it("echoes the query's case in question and answer", async () => {
    const out = await dig(port, "WwW.ExAmPlE.CoM", "AAAA");
    expect(out).toMatch(/^;WwW\.ExAmPlE\.CoM\.\s+IN\s+AAAA$/m);
    expect(out).toMatch(/^WwW\.ExAmPlE\.CoM\.\s+300\s+IN\s+AAAA\s+2001:db8::10$/m);
  });

  it("NXDOMAIN for a missing name, with the zone's SOA in the authority section", async () => {
    const out = await dig(port, "missing.example.com", "A");
    expect(out).toMatch(/status: NXDOMAIN/);
    expect(out).toMatch(/flags: qr aa rd;.*ANSWER: 0, AUTHORITY: 1/);
    expect(out).toMatch(
      /AUTHORITY SECTION:\nexample\.com\.\s+60\s+IN\s+SOA\s+ns1\.dns\.certsim\.test\. hostmaster\.example\.com\./,
    );
  });

  it("NODATA for a missing type: NOERROR, no answer, SOA in authority", async () => {
    const out = await dig(port, "www.example.com", "TXT");
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/ANSWER: 0, AUTHORITY: 1/);
    expect(out).toMatch(/AUTHORITY SECTION:\nexample\.com\.\s+60\s+IN\s+SOA/);
  });

  it("answers over TCP", async () => {
    const out = await dig(port, "+tcp", "www.example.com", "A");
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/\(TCP\)/);
    expect(out).toMatch(/IN\s+A\s+192\.0\.2\.10/);
  });

  it("REFUSED outside its zones, without AA", async () => {
    const out = await dig(port, "www.example.org", "A");
    expect(out).toMatch(/status: REFUSED/);
    expect(out).toMatch(/flags: qr rd;/);
  });

  it("synthesises wildcard answers under the wildcard's parent", async () => {
    const out = await dig(port, "shop.apps.example.com", "A");
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/^shop\.apps\.example\.com\.\s+300\s+IN\s+A\s+192\.0\.2\.20$/m);
  });

  it("follows a CNAME chain inside the zone in one answer", async () => {
    const out = await dig(port, "a.example.com", "A");
    expect(out).toMatch(/ANSWER: 4,/);
    const answer = out.split("ANSWER SECTION:\n")[1]!.split("\n\n")[0]!;
    expect(answer).toMatch(/^a\.example\.com\.\s+300\s+IN\s+CNAME\s+b\.example\.com\.$/m);
    expect(answer).toMatch(/^b\.example\.com\.\s+300\s+IN\s+CNAME\s+www\.example\.com\.$/m);
    expect(answer).toMatch(/^www\.example\.com\.\s+300\s+IN\s+A\s+192\.0\.2\.10$/m);
  });

  it("prints CAA records as written", async () => {
    const out = await dig(port, "+short", "example.com", "CAA");
    expect(out.trim().split("\n").sort()).toEqual(['0 issue "trustasia.com"', '0 issuewild ";"']);
  });

  it("sets TC on a UDP answer over 512 bytes without EDNS, and dig gets it whole over TCP", async () => {
    const truncated = await dig(port, "+noedns", "+ignore", "big.example.com", "TXT");
    expect(truncated).toMatch(/flags: qr aa tc rd;/);
    expect(truncated).toMatch(/ANSWER: 0,/);
    const retried = await dig(port, "+noedns", "big.example.com", "TXT");
    expect(retried).toMatch(/Truncated, retrying in TCP mode/);
    expect(retried).toMatch(/ANSWER: 12,/);
  });

  it("honours the EDNS buffer size: a 1232-byte budget carries the same answer over UDP", async () => {
    const out = await dig(port, "+bufsize=1232", "big.example.com", "TXT");
    expect(out).not.toMatch(/Truncated/);
    expect(out).toMatch(/flags: qr aa rd;.*ANSWER: 12,/);
    expect(out).toMatch(/EDNS: version: 0, flags:; udp: 1232/);
  });

  it("answers BADVERS to an EDNS version it does not speak", async () => {
    const out = await dig(port, "+edns=1", "+noednsnegotiation", "www.example.com", "A");
    expect(out).toMatch(/status: BADVERS/);
  });

  it("a servfail fault answers SERVFAIL", async () => {
    const out = await dig(port, "broken.example.com", "A");
    expect(out).toMatch(/status: SERVFAIL/);
  });

  it("a drop fault answers nothing: dig times out", async () => {
    const out = await dig(port, "+time=1", "+tries=1", "silent.example.com", "A");
    expect(out).toMatch(/timed out|no servers could be reached/);
    expect(out).not.toMatch(/status:/);
  });
});
