// WoTrus's DCV records (DCV-3), checked over the network against the real DNS server and web host (DCV-4, DCV-6),
// CAA with WoTrus's identity (DCV-7) and the re-check before issuing (DCV-9).
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { csrFor, tempDir } from "@certsim/ca-kit/testing";
import { MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { API, startWoTrusWorld, type WoTrusWorld } from "./helpers";

const run = promisify(execFile);

let t: WoTrusWorld | undefined;

afterEach(async () => {
  if (!t) return;
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
  t = undefined;
});

/** MD5 and SHA-256 of the CSR's DER, computed by openssl (not by the code under test). */
async function opensslCsrHashes(csrPem: string): Promise<{ md5: string; sha256: string }> {
  const dir = tempDir("wotrus-csr-");
  try {
    const pem = join(dir.path, "csr.pem");
    const der = join(dir.path, "csr.der");
    writeFileSync(pem, csrPem);
    await run("openssl", ["req", "-in", pem, "-outform", "DER", "-out", der]);
    const digest = async (algorithm: string) =>
      (await run("openssl", ["dgst", `-${algorithm}`, "-r", der])).stdout.split(" ")[0]!.trim();
    return { md5: await digest("md5"), sha256: await digest("sha256") };
  } finally {
    dir.cleanup();
  }
}

describe("DCV-3: WoTrus's record format (Sectigo style)", () => {
  it("DCV-3: WoTrus CNAME at _<md5 of the CSR's DER>.<domain> pointing to <sha256 first 32>.<sha256 last 32>.<unique>.sectigo.com", async () => {
    t = await startWoTrusWorld();
    const csr = await csrFor("shop.example.com", "www.example.com", "*.example.com");
    const { md5, sha256 } = await opensslCsrHashes(csr);
    const multi = await t.order({
      productCode: "WOTRUS-DV-MDC",
      domains: ["shop.example.com", "www.example.com"],
      csr,
    });
    const wildcard = await t.order({ productCode: "WOTRUS-DV-WILDCARD", domains: ["*.example.com"], csr });
    const hosts = [...multi.dcvList, ...wildcard.dcvList].map((record: { dnsHost: string }) => record.dnsHost);
    // www proves through its apex (DOM-2); a wildcard through its base name.
    expect(hosts).toEqual([`_${md5}.shop.example.com`, `_${md5}.example.com`, `_${md5}.example.com`]);
    const uniques = new Set<string>();
    for (const record of [...multi.dcvList, ...wildcard.dcvList]) {
      expect(record).toMatchObject({ dcvMethod: "CNAME", dnsType: "CNAME", verified: false });
      const labels = record.dnsValue.split(".");
      expect(labels.slice(0, 2)).toEqual([sha256.slice(0, 32), sha256.slice(32)]);
      expect(labels[2]).toMatch(/^[a-z2-7]{20}$/);
      expect(labels.slice(3)).toEqual(["sectigo", "com"]);
      uniques.add(labels[2]);
    }
    expect(uniques.size).toBe(3);
    expect(multi.dcvList[1].coveredDomains).toEqual(["www.example.com", "example.com"]);
  });

  it("DCV-3: WoTrus file /.well-known/pki-validation/<MD5 upper>.txt holding the SHA-256, sectigo.com and the unique value on three lines", async () => {
    t = await startWoTrusWorld();
    const csr = await csrFor("example.com");
    const { md5, sha256 } = await opensslCsrHashes(csr);
    const order = await t.order({ domains: ["example.com"], dcvMethod: "HTTP", csr });
    expect(order.dcvMethod).toBe("HTTP");
    // An apex is fetched at the apex and at www (DCV-5, DOM-2): one record for each site.
    expect(order.dcvList.map((record: { domain: string }) => record.domain)).toEqual([
      "example.com",
      "www.example.com",
    ]);
    for (const record of order.dcvList) {
      expect(record.filePath).toBe(`/.well-known/pki-validation/${md5.toUpperCase()}.txt`);
      expect(record.fileName).toBe(`${md5.toUpperCase()}.txt`);
      expect(record.fileUrls).toEqual([`http://${record.domain}/.well-known/pki-validation/${md5.toUpperCase()}.txt`]);
      const lines = record.fileContent.split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe(sha256);
      expect(lines[1]).toBe("sectigo.com");
      expect(lines[2]).toMatch(/^[a-z2-7]{20}$/);
    }

    await t.publishFiles(order);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.orderNo)).status).toBe("ISSUED");
    const fetched = (await t.world.webRequests()).map((request) => `${request.host}${request.path}`);
    expect(fetched).toContain(`example.com/.well-known/pki-validation/${md5.toUpperCase()}.txt`);
    expect(fetched).toContain(`www.example.com/.well-known/pki-validation/${md5.toUpperCase()}.txt`);
  });
});

describe("DCV-4/DCV-6: validation by CNAME against the real DNS server", () => {
  it("DCV-6: a DV order validated by its CNAME at the DNS server is issued; the server saw the CA's questions", async () => {
    t = await startWoTrusWorld();
    const order = await t.order({ domains: ["shop.example.com"] });
    expect(order).toMatchObject({ status: "WAIT_DCV", progress: { dcv: "IN_PROGRESS", issuance: "WAITING" } });
    const host = order.dcvList[0].dnsHost;

    const missing = (await t.reseller.post(`${API}/orders/${order.orderNo}/dcv/verify`)).body;
    expect(missing.results).toMatchObject([{ domain: "shop.example.com", result: "NOT_FOUND", localCheck: -6 }]);
    await t.world.setRecords(host, "CNAME", ["elsewhere.sectigo.com"]);
    const wrong = (await t.reseller.post(`${API}/orders/${order.orderNo}/dcv/verify`)).body;
    expect(wrong.results).toMatchObject([{ result: "MISMATCH", localCheck: -7, seen: ["elsewhere.sectigo.com"] }]);

    await t.publishCnames(order);
    await t.world.clock.advance(10 * MINUTE);
    expect((await t.get(order.orderNo)).status).toBe("WAIT_ISSUE");
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.orderNo);
    expect(issued).toMatchObject({ status: "ISSUED", dcvList: [{ verified: true }] });
    const asked = await t.world.dnsQueries(host);
    expect(asked.filter((q) => q.type === "CNAME").length).toBeGreaterThanOrEqual(3);
    const caa = (await t.world.dnsQueries()).filter((q) => q.type === "CAA").map((q) => q.name);
    expect(caa).toContain("shop.example.com");
  });
});

describe("DCV-7: CAA names wotrus.com", () => {
  it("DCV-7: a CAA set naming wotrus.com lets WoTrus issue; one naming only another CA fails the order", async () => {
    t = await startWoTrusWorld();
    await t.world.addZone("closed.com");
    await t.world.setRecords("example.com", "CAA", ['0 issue "wotrus.com"']);
    await t.world.setRecords("closed.com", "CAA", ['0 issue "trustasia.com"']);
    const open = await t.order({ domains: ["shop.example.com"] });
    const closed = await t.order({ domains: ["shop.closed.com"] });
    await t.publishCnames(open);
    await t.publishCnames(closed);
    await t.world.clock.runUntilIdle();
    expect((await t.get(open.orderNo)).status).toBe("ISSUED");
    const refused = await t.get(closed.orderNo);
    expect(refused).toMatchObject({ status: "FAILED", failReason: { code: "CAA_FORBIDDEN" } });
    expect(refused.failReason.message).toMatch(/closed\.com authorises only trustasia\.com/);
  });
});

describe("DCV-9: the record stays until issuance", () => {
  it("DCV-9: a CNAME removed while the manual review runs sends the order back to WAIT_DCV at the join; the review stays passed", async () => {
    t = await startWoTrusWorld();
    const order = await t.ovOrder();
    const released = await t.untilReleased(order.orderNo);
    await t.publishCnames(released);
    await t.world.clock.advance(10 * MINUTE);
    expect((await t.get(order.orderNo)).progress).toMatchObject({ dcv: "PASSED", manualReview: "IN_PROGRESS" });
    await t.world.removeRecords(released.dcvList[0].dnsHost, "CNAME");
    const reviewDue = Date.parse(
      (await t.inspect(order.orderNo)).review.stages.find((s: { name: string }) => s.name === "manual-review").due_at,
    );
    await t.world.clock.advanceTo(reviewDue);
    const back = await t.get(order.orderNo);
    expect(back).toMatchObject({
      status: "WAIT_DCV",
      progress: { dcv: "IN_PROGRESS", manualReview: "PASSED" },
      certificate: null,
    });
    const log = (await t.inspect(order.orderNo)).log.map((entry: { detail: string }) => entry.detail);
    expect(log.at(-1)).toMatch(/gone before issuance \(DCV-9\)/);

    await t.publishCnames(back);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.orderNo)).status).toBe("ISSUED");
  });
});
