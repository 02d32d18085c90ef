// GlobalSign's DCV records (DCV-3), checked over the network against the real DNS server and web host (DCV-4),
// CAA with GlobalSign's identity (DCV-7) and the re-check before issuing (DCV-9).
import { MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { API, type GsWorld, type Json, startGsWorld } from "./helpers";

let worlds: GsWorld[] = [];

afterEach(async () => {
  for (const t of worlds) {
    expect(t.world.clock.errors()).toEqual([]);
    await t.close();
  }
  worlds = [];
});

async function world(options: Parameters<typeof startGsWorld>[0] = {}) {
  const t = await startGsWorld(options);
  worlds.push(t);
  return t;
}

const CODE = /^[a-z2-7]{32}$/;

describe("DCV-3: GlobalSign's record format", () => {
  it("DCV-3: GlobalSign TXT at the domain itself holding _globalsign-domain-verification=<code>; the CA asks the DNS server for it", async () => {
    const t = await world();
    const order = await t.order({
      CommonName: "shop.example.com",
      SANEntries: [{ SubjectAltName: "www.example.com" }],
    });
    expect(order).toMatchObject({ OrderStatusText: "WAITING_DCV", DCVMethod: "DNS", DCVReleased: true });
    // www proves through its apex (DOM-2); each other name at itself — no label is put in front of the name.
    expect(order.DCVList.map((record: Json) => record.RecordName)).toEqual(["shop.example.com", "example.com"]);
    const codes = new Set<string>();
    for (const record of order.DCVList) {
      expect(record).toMatchObject({ DCVMethod: "DNS", RecordType: "TXT", Verified: false });
      expect(record.RecordValue).toBe(`_globalsign-domain-verification=${record.VerificationCode}`);
      expect(record.VerificationCode).toMatch(CODE);
      codes.add(record.VerificationCode);
    }
    expect(codes.size).toBe(2);

    // A wrong value at the name is a mismatch, reported with what the CA saw.
    await t.world.setRecords("shop.example.com", "TXT", ["_globalsign-domain-verification=not-the-code"]);
    const early = await t.reseller.post(`${API}/orders/${order.OrderID}/dcv/verify`);
    expect(early.body.Results[0]).toMatchObject({ DomainName: "shop.example.com", Result: "MISMATCH" });
    expect(early.body.Results[0].Seen).toEqual(["_globalsign-domain-verification=not-the-code"]);

    // Other TXT values at the apex (an SPF record) do not get in the way.
    await t.world.setRecords("example.com", "TXT", ["v=spf1 -all", order.DCVList[1].RecordValue]);
    await t.world.setRecords("shop.example.com", "TXT", [order.DCVList[0].RecordValue]);
    await t.world.clock.advance(10 * MINUTE);
    expect((await t.get(order.OrderID)).DCVList.every((record: Json) => record.Verified)).toBe(true);
    const asked = await t.world.dnsQueries();
    expect(asked.filter((q) => q.type === "TXT").map((q) => q.name)).toEqual(
      expect.arrayContaining(["shop.example.com", "example.com"]),
    );
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.OrderID);
    expect(issued.OrderStatusText).toBe("ISSUED");
    expect(issued.DomainNames).toEqual(["shop.example.com", "www.example.com", "example.com"]);
  });

  it("DCV-3: GlobalSign file /.well-known/pki-validation/gsdv.txt holding the code, fetched from the apex and www", async () => {
    const t = await world();
    const order = await t.order({ CommonName: "example.com", DCVMethod: "HTTP" });
    expect(order.DCVList).toHaveLength(2);
    for (const record of order.DCVList) {
      expect(record).toMatchObject({ DCVMethod: "HTTP", FilePath: "/.well-known/pki-validation/gsdv.txt" });
      expect(record.FileContent).toMatch(CODE);
      expect(record.FileContent).toBe(record.VerificationCode);
    }
    expect(order.DCVList.flatMap((record: Json) => record.FileURLs)).toEqual([
      "http://example.com/.well-known/pki-validation/gsdv.txt",
      "http://www.example.com/.well-known/pki-validation/gsdv.txt",
    ]);
    await t.publishFiles(order);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("ISSUED");
    const fetched = (await t.world.webRequests()).map((request) => `${request.host}${request.path}`);
    expect(fetched).toContain("example.com/.well-known/pki-validation/gsdv.txt");
    expect(fetched).toContain("www.example.com/.well-known/pki-validation/gsdv.txt");
  });

  it("DCV-3: GlobalSign's codes come from the seeded generator: the same seed gives the same codes, another seed others", async () => {
    const codes = async (seed: string) => {
      const t = await world({ seed });
      const order = await t.order({ CommonName: "shop.example.com" });
      const wildcard = await t.order({ CommonName: "*.example.com", BaseOption: "wildcard" });
      expect(wildcard.DCVList[0].RecordName).toBe("example.com");
      return [...order.DCVList, ...wildcard.DCVList].map((record: Json) => record.VerificationCode);
    };
    const first = await codes("seed-a");
    expect(await codes("seed-a")).toEqual(first);
    expect(await codes("seed-b")).not.toEqual(first);
  });
});

describe("DCV-7: CAA with GlobalSign's identity", () => {
  it("DCV-7: CAA naming globalsign.com lets GlobalSign issue; a set naming another CA forbids it", async () => {
    const t = await world();
    await t.world.setRecords("example.com", "CAA", ['0 issue "globalsign.com"']);
    const allowed = await t.order({ CommonName: "shop.example.com" });
    await t.publishTxt(allowed);
    await t.world.addZone("other.com");
    await t.world.setRecords("other.com", "CAA", ['0 issue "wotrus.com"']);
    const forbidden = await t.order({ CommonName: "other.com" });
    await t.publishTxt(forbidden);
    await t.world.clock.runUntilIdle();
    expect((await t.get(allowed.OrderID)).OrderStatusText).toBe("ISSUED");
    const failed = await t.get(forbidden.OrderID);
    expect(failed).toMatchObject({
      OrderStatusText: "FAILED",
      OrderStatus: 9,
      FailureReason: { Code: "CAA_CHECK_FAILED" },
    });
  });
});

describe("DCV-9: the record stays until issuance", () => {
  it("DCV-9: a record removed before issuance sends the order back to WAITING_DCV", async () => {
    const t = await world();
    const order = await t.order({ CommonName: "shop.example.com" });
    await t.publishTxt(order);
    await t.world.clock.advance(10 * MINUTE);
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("WAITING_ISSUE");
    await t.world.removeRecords("shop.example.com", "TXT");
    await t.world.clock.advance(15 * MINUTE);
    const back = await t.get(order.OrderID);
    expect(back).toMatchObject({ OrderStatusText: "WAITING_DCV", CertificateInfo: null });
    expect(back.DCVList[0].Verified).toBe(false);
  });
});
