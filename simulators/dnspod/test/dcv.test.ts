// DNSPod's DCV records (DCV-3), checked over the network against the real DNS server and web host; the GM
// validation kept 13 months for the same domain and company (DCV-8); CAA with DNSPod's identity (DCV-7).
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { csrFor, tempDir } from "@certsim/ca-kit/testing";
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { API, type DnsPodWorld, type Json, sm2CsrFor, startDnsPodWorld } from "./helpers";

const run = promisify(execFile);

let t: DnsPodWorld | undefined;

afterEach(async () => {
  if (!t) return;
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
  t = undefined;
});

/** MD5 and SHA-256 of the CSR's DER, computed by openssl (not by the code under test). */
async function opensslCsrHashes(csrPem: string): Promise<{ md5: string; sha256: string }> {
  const dir = tempDir("dnspod-csr-");
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

describe("DCV-3: DNSPod's record format", () => {
  it("DCV-3: DNSPod CNAME at _<md5 of the CSR's DER>.<domain> pointing to <sha256 first 32>.<sha256 last 32>.<unique>.trust-provider.com, checked at the DNS server", async () => {
    t = await startDnsPodWorld();
    const csr = await csrFor("shop.example.com");
    const { md5, sha256 } = await opensslCsrHashes(csr);
    const wildCsr = await csrFor("wild.example.com");
    const wild = await opensslCsrHashes(wildCsr);
    const order = await t.order({ cert_domains: ["shop.example.com"], cert_csr: csr });
    const wildcard = await t.order({
      cert_product_id: "DNSPOD-DV-WILDCARD",
      cert_domains: ["*.example.com"],
      cert_csr: wildCsr,
    });
    const [record] = order.cert_dcv;
    expect(record).toMatchObject({ domain: "shop.example.com", record_type: "CNAME", verified: false });
    expect(record.host).toBe(`_${md5}.shop.example.com`);
    const labels = record.value.split(".");
    expect(labels.slice(0, 2)).toEqual([sha256.slice(0, 32), sha256.slice(32)]);
    expect(labels[2]).toMatch(/^[a-z2-7]{20}$/);
    expect(labels.slice(3)).toEqual(["trust-provider", "com"]);
    // A wildcard proves through its base name.
    expect(wildcard.cert_dcv[0].host).toBe(`_${wild.md5}.example.com`);
    expect(wildcard.cert_dcv[0].value).toMatch(
      new RegExp(`^${wild.sha256.slice(0, 32)}\\.${wild.sha256.slice(32)}\\.[a-z2-7]{20}\\.trust-provider\\.com$`),
    );

    // Not there yet; then published: found at the authoritative server.
    const missing = await t.reseller.post(`${API}/orders/${order.cert_order_id}/dcv-check`);
    expect(missing.body.cert_dcv_results[0]).toMatchObject({ result: "NOT_FOUND", dcv_method: "DNS" });
    await t.publishCnames(order);
    const found = await t.reseller.post(`${API}/orders/${order.cert_order_id}/dcv-check`);
    expect(found.body.cert_dcv_results[0]).toMatchObject({ result: "PASS", local_check: 1 });
    expect(found.body.cert_status).toBe("ISSUE_PENDING");
    const asked = await t.world.dnsQueries(record.host);
    expect(asked.some((q) => q.type === "CNAME")).toBe(true);
  });

  it("DCV-3: DNSPod file /.well-known/pki-validation/<MD5 upper>.txt holding the SHA-256, trust-provider.com and the unique value on three lines, fetched from the web host", async () => {
    t = await startDnsPodWorld();
    // A GM (SM2) CSR: the same format, from its DER.
    const csr = await sm2CsrFor("example.com", "www.example.com");
    const { md5, sha256 } = await opensslCsrHashes(csr);
    const order = await t.gmDvOrder("Acme Widgets", {
      cert_domains: ["example.com"],
      cert_dcv_method: "FILE",
      cert_csr: csr,
    });
    expect(order.cert_dcv_method).toBe("FILE");
    // An apex is fetched at the apex and at www (DCV-5, DOM-2): one record for each site.
    expect(order.cert_dcv.map((r: Json) => r.domain)).toEqual(["example.com", "www.example.com"]);
    const uniques = new Set<string>();
    for (const record of order.cert_dcv) {
      expect(record.record_type).toBe("FILE");
      expect(record.path).toBe(`/.well-known/pki-validation/${md5.toUpperCase()}.txt`);
      expect(record.file_name).toBe(`${md5.toUpperCase()}.txt`);
      expect(record.urls).toEqual([`http://${record.domain}/.well-known/pki-validation/${md5.toUpperCase()}.txt`]);
      const lines = record.value.split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe(sha256);
      expect(lines[1]).toBe("trust-provider.com");
      expect(lines[2]).toMatch(/^[a-z2-7]{20}$/);
      uniques.add(lines[2]);
    }
    expect(uniques.size).toBe(2);
    await t.publishFiles(order);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.cert_order_id)).cert_status).toBe("ISSUED");
    const fetched = await t.world.webRequests();
    for (const host of ["example.com", "www.example.com"]) {
      expect(fetched.some((r) => r.host === host && r.path === order.cert_dcv[0].path && r.status === 200)).toBe(true);
    }
  });
});

describe("DCV-8: a GM validation kept 13 months for the same domain and company", () => {
  it("DCV-8: within 13 months a GM DV order for the same domain and company needs no new DCV; another company, or a later order, does", async () => {
    t = await startDnsPodWorld();
    const first = await t.gmDvOrder("Acme Widgets Co., Ltd.");
    await t.publishCnames(first);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(first.cert_order_id);
    expect(issued.cert_status).toBe("ISSUED");
    const validatedAt = Date.parse((await t.inspect(first.cert_order_id)).dcv_passed_at);
    // The record goes away after issuance (DCV-9 allows it): a reused validation must not look at it.
    await t.world.removeRecords(first.cert_dcv[0].host, "CNAME");

    // Twelve months later, the same domain under the same company name (written differently): no new DCV.
    await t.world.clock.advanceTo(Date.parse("2027-05-10T10:00:00+08:00"));
    const asked = (await t.world.dnsQueries()).length;
    const again = await t.gmDvOrder(" ACME WIDGETS  Co., Ltd. ");
    expect(again.cert_dcv[0]).toMatchObject({ verified: true, reused: true });
    expect(again.cert_steps.find((s: Json) => s.step === "dcv").state).toBe("SKIPPED");
    await t.world.clock.runUntilIdle();
    expect((await t.get(again.cert_order_id)).cert_status).toBe("ISSUED");
    expect(await t.log(again.cert_order_id)).toContain("earlier validation reused for shop.example.com (DCV-8)");
    // Only CAA was asked at the DNS server, not the validation record.
    const since = (await t.world.dnsQueries()).slice(asked);
    expect(since.filter((q) => q.name.startsWith("_"))).toEqual([]);
    expect(since.some((q) => q.type === "CAA")).toBe(true);

    // Another company, same domain and time: a new DCV.
    const other = await t.gmDvOrder("Globex Ltd.");
    expect(other.cert_dcv[0]).toMatchObject({ verified: false, reused: false });
    expect(other.cert_status).toBe("DCV_PENDING");
    await t.reseller.post(`${API}/orders/${other.cert_order_id}/cancel`);

    // The same reseller's international DV does not reuse a GM validation either (DCV-11 has its own book).
    const intl = await t.order({ cert_domains: ["shop.example.com"] });
    expect(intl.cert_dcv[0].reused).toBe(false);
    await t.reseller.post(`${API}/orders/${intl.cert_order_id}/cancel`);

    // 13 months after the validation (GMT+8 wall clock: 2026-05-11 → 2027-06-11, 396 days) it is no longer kept.
    expect(new Date(validatedAt + 8 * HOUR).toISOString().slice(0, 10)).toBe("2026-05-11");
    const boundary = validatedAt + (Date.parse("2027-06-11T00:00:00+08:00") - Date.parse("2026-05-11T00:00:00+08:00"));
    expect(boundary - validatedAt).toBe(396 * DAY);
    await t.world.clock.advanceTo(boundary - MINUTE);
    const late = await t.gmDvOrder("Acme Widgets Co., Ltd.");
    expect(late.cert_dcv[0].reused).toBe(true);
    await t.reseller.post(`${API}/orders/${late.cert_order_id}/cancel`);
    await t.world.clock.advanceTo(boundary);
    const expired = await t.gmDvOrder("Acme Widgets Co., Ltd.");
    expect(expired.cert_dcv[0]).toMatchObject({ verified: false, reused: false });
    expect(expired.cert_status).toBe("DCV_PENDING");
  });

  it("DCV-8: a GM OV validation is kept under the organisation's name, and a GM DV one needs cert_company_name", async () => {
    t = await startDnsPodWorld();
    const first = await t.gmOvOrder({ cert_domains: ["www.example.com"] });
    await t.publishCnames(await t.uploadLetter(first.cert_order_id));
    await t.world.clock.runUntilIdle();
    expect((await t.get(first.cert_order_id)).cert_status).toBe("ISSUED");
    await t.world.clock.advance(30 * DAY);
    // Same organisation, same domain: once the letter is in, DCV is already done.
    const again = await t.gmOvOrder({
      cert_domains: ["www.example.com"],
      cert_csr: await sm2CsrFor("www.example.com"),
    });
    const released = await t.uploadLetter(again.cert_order_id);
    expect(released.cert_dcv[0]).toMatchObject({ verified: true, reused: true });
    // The same organisation and applicant were approved before too, so the manual review is skipped as well (SM-3).
    const shown = Object.fromEntries(released.cert_steps.map((s: Json) => [s.step, s.state]));
    expect(shown).toMatchObject({ confirm_letter: "DONE", dcv: "SKIPPED", manual_review: "SKIPPED" });
    expect(released.cert_status).toBe("ISSUE_PENDING");

    const noCompany = await t.reseller.post(`${API}/orders`, {
      cert_product_id: "DNSPOD-GM-DV",
      cert_domains: ["shop.example.com"],
      cert_dcv_method: "DNS",
      cert_partner_order_id: "no-company",
      cert_csr: await sm2CsrFor("shop.example.com"),
    });
    expect(noCompany.status).toBe(400);
    expect(noCompany.body.error).toMatchObject({
      code: "cert_param_missing",
      field: "cert_company_name",
      rule: "DCV-8",
    });
  });
});

describe("DCV-7: CAA with DNSPod's identity", () => {
  it("DCV-7: a CAA set naming dnspod.cn lets DNSPod issue; one naming only another CA fails the order", async () => {
    t = await startDnsPodWorld();
    await t.world.setRecords("example.com", "CAA", ['0 issue "dnspod.cn"']);
    const allowed = await t.order({ cert_domains: ["shop.example.com"] });
    await t.publishCnames(allowed);
    await t.world.clock.runUntilIdle();
    expect((await t.get(allowed.cert_order_id)).cert_status).toBe("ISSUED");

    await t.world.setRecords("example.com", "CAA", ['0 issue "wotrus.com"']);
    const refused = await t.order({ cert_domains: ["api.example.com"] });
    await t.publishCnames(refused);
    await t.world.clock.runUntilIdle();
    const failed = await t.get(refused.cert_order_id);
    expect(failed.cert_status).toBe("FAILED");
    expect(failed.cert_fail).toMatchObject({ code: "cert_caa_forbidden" });
    expect(failed.cert_fail.message).toMatch(/api\.example\.com/);
  });
});
