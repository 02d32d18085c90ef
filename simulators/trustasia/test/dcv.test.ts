// DCV as TrustAsia does it, against the real DNS server and web host on loopback.

import { csrFor } from "@certsim/ca-kit/testing";
import { DAY, formatGmt8, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTrustAsiaWorld, type TrustAsiaWorld } from "./helpers";

let t: TrustAsiaWorld;

beforeEach(async () => {
  t = await startTrustAsiaWorld({ start: "2026-05-11T10:00:00+08:00" });
  await t.world.addZone("example.com");
});

afterEach(async () => {
  await t.close();
});

const place = async (body: Record<string, unknown>) =>
  t.reseller.post("/api/v2/orders", {
    product_code: "TA-DV-FREE",
    dcv_method: "dns",
    partner_order_id: `dcv-${Math.random()}`,
    csr: await csrFor("example.com"),
    ...body,
  });

describe("DCV-1: methods per product", () => {
  it("DCV-1: DNS and file for every product; automatic methods only for the 2- and 3-year wildcard", async () => {
    for (const method of ["dns", "file"]) {
      expect((await place({ domains: ["a.example.com"], dcv_method: method })).status).toBe(201);
      expect(
        (await place({ product_code: "TA-DV-SINGLE", domains: ["b.example.com"], dcv_method: method })).status,
      ).toBe(201);
    }
    for (const method of ["dns-auto", "file-auto"]) {
      const free = await place({ domains: ["c.example.com"], dcv_method: method });
      expect(free.status).toBe(400);
      expect(free.body.error).toMatchObject({ code: "InvalidDcvMethod", field: "dcv_method", rule: "DCV-1" });
      const single = await place({
        product_code: "TA-DV-SINGLE",
        years: 3,
        domains: ["c.example.com"],
        dcv_method: method,
      });
      expect(single.body.error).toMatchObject({ code: "InvalidDcvMethod", rule: "DCV-1" });
    }
    const oneYear = await place({
      product_code: "TA-DV-WILDCARD",
      years: 1,
      domains: ["*.example.com"],
      dcv_method: "dns-auto",
    });
    expect(oneYear.body.error).toMatchObject({ code: "InvalidDcvMethod", rule: "DCV-1" });
    for (const years of [2, 3]) {
      const wildcard = await place({
        product_code: "TA-DV-WILDCARD",
        years,
        domains: ["*.example.com"],
        dcv_method: "dns-auto",
      });
      expect(wildcard.status).toBe(201);
      expect(wildcard.body.dcv[0]).toMatchObject({ method: "dns", record_type: "TXT", host: "_dnsauth.example.com" });
    }
    // The catalogue says the same.
    const products = (await t.reseller.get("/api/v2/products")).body.products;
    const wildcard = products.find((p: { product_code: string }) => p.product_code === "TA-DV-WILDCARD");
    expect(wildcard.dcv_methods["1"]).toEqual(["dns"]);
    expect(wildcard.dcv_methods["2"]).toEqual(["dns", "dns-auto", "file-auto"]);
  });
});

describe("DCV-3: TrustAsia's record formats", () => {
  it("DCV-3: TXT at _dnsauth.<domain> holding a GMT+8 timestamp and 128 random bits; the file holds the same kind of value", async () => {
    const dns = (await place({ domains: ["shop.example.com"] })).body;
    const [txt] = dns.dcv;
    expect(txt).toMatchObject({
      domain: "shop.example.com",
      method: "dns",
      record_type: "TXT",
      host: "_dnsauth.shop.example.com",
    });
    expect(txt.value).toMatch(/^\d{14}[0-9a-f]{32}$/);
    expect(txt.value.slice(0, 14)).toBe("20260511100000"); // the instant the value was made, GMT+8
    const random = BigInt(`0x${txt.value.slice(14)}`);
    expect(txt.value.length - 14).toBeGreaterThanOrEqual(28); // ≥ 112 bits as hex
    expect(random).toBeGreaterThan(0n);

    const file = (await place({ domains: ["shop.example.com"], dcv_method: "file" })).body.dcv[0];
    expect(file).toMatchObject({
      method: "file",
      record_type: "FILE",
      host: "shop.example.com",
      path: "/.well-known/pki-validation/fileauth.txt",
      url: "http://shop.example.com/.well-known/pki-validation/fileauth.txt",
    });
    expect(file.value).toMatch(/^\d{14}[0-9a-f]{32}$/);
    expect(file.value).not.toBe(txt.value); // every record draws its own randomness
  });

  it("DCV-3: a random value expires after 30 days; the old one is no longer accepted, the new one is", async () => {
    await t.close(); // a CA whose DCV deadline outlives the value
    t = await startTrustAsiaWorld({ timings: { dcvDeadline: 45 * DAY, dcvSlowInterval: DAY } });
    await t.world.addZone("example.com");
    const order = await t.order({ domains: ["late.example.com"] });
    const first = order.dcv[0];
    expect(first.value_expires_at).toBe("2026-06-10T10:00:00+08:00");

    await t.world.clock.advance(30 * DAY + HOUR);
    const renewed = await t.get(order.order_id);
    expect(renewed.status).toBe("pending_dcv");
    expect(renewed.dcv[0].value).not.toBe(first.value);
    expect(renewed.dcv[0].value.slice(0, 14)).toBe("20260610100000");
    expect((await t.inspect(order.order_id)).log.map((e: { detail: string }) => e.detail).join("\n")).toMatch(
      /value expired.*DCV-3/,
    );

    await t.world.setRecords("_dnsauth.late.example.com", "TXT", [first.value]);
    const old = await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`);
    expect(old.body.results[0]).toMatchObject({ status: "mismatch", local_check: -2, seen: [first.value] });

    await t.world.setRecords("_dnsauth.late.example.com", "TXT", [renewed.dcv[0].value]);
    const fresh = await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`);
    expect(fresh.body.results[0]).toMatchObject({ status: "found", local_check: 1 });
    expect(fresh.body.status).toBe("reviewing");
  });
});

describe("DCV-4: checks go over the network", () => {
  it("DCV-4: the DNS server's history shows the CA's TXT and CAA queries; the web host's history shows its fetches", async () => {
    const dnsOrder = await t.order({ domains: ["api.example.com"] });
    await t.publishDns(dnsOrder);
    await t.world.clock.advance(10 * MINUTE);
    const txt = (await t.world.dnsQueries("_dnsauth.api.example.com")).filter((q) => q.type === "TXT");
    expect(txt.map((q) => q.timeMs)).toEqual([t.world.clock.start.getTime() + 10 * MINUTE]);

    const fileOrder = await t.order({ domains: ["example.com"], dcv_method: "file" });
    await t.publishFiles(fileOrder);
    const check = await t.reseller.post(`/api/v2/orders/${fileOrder.order_id}/dcv-check`);
    expect(check.body.results.map((r: { status: string }) => r.status)).toEqual(["found", "found"]);
    const fetched = (await t.world.webRequests()).map((r) => `${r.host}${r.path} ${r.status}`);
    expect(fetched).toEqual([
      "example.com/.well-known/pki-validation/fileauth.txt 200",
      "www.example.com/.well-known/pki-validation/fileauth.txt 200",
    ]);

    await t.world.clock.runUntilIdle();
    expect((await t.get(dnsOrder.order_id)).status).toBe("issued");
    const caa = (await t.world.dnsQueries()).filter((q) => q.type === "CAA").map((q) => q.name);
    expect(caa).toContain("api.example.com");
    expect(caa).toContain("example.com"); // climbing the tree
  });
});

describe("DCV-5: file validation", () => {
  it("DCV-5: an apex needs the file on both the apex and www", async () => {
    const order = await t.order({ domains: ["example.com"], dcv_method: "file" });
    expect(order.names).toEqual(["example.com", "www.example.com"]);
    expect(
      order.dcv.map((r: { domain: string; url: string; proves: string[] }) => [r.domain, r.url, r.proves]),
    ).toEqual([
      ["example.com", "http://example.com/.well-known/pki-validation/fileauth.txt", ["example.com"]],
      ["www.example.com", "http://www.example.com/.well-known/pki-validation/fileauth.txt", ["www.example.com"]],
    ]);
    const [apex, www] = order.dcv;
    await t.world.putFile("example.com", apex.path, apex.value);
    const half = (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body;
    expect(
      half.results.map((r: { domain: string; status: string; local_check: number }) => [
        r.domain,
        r.status,
        r.local_check,
      ]),
    ).toEqual([
      ["example.com", "found", 1],
      ["www.example.com", "missing", -4],
    ]);
    expect(half.status).toBe("pending_dcv");
    await t.world.putFile("www.example.com", www.path, www.value);
    const both = (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body;
    expect(both.results.map((r: { status: string }) => r.status)).toEqual(["found", "found"]);
    expect(both.status).toBe("reviewing");
  });

  it("DCV-5: 2xx is required; a wrong body is a mismatch", async () => {
    await t.world.setRecords("shop.example.com", "A", ["127.0.0.1"]);
    const order = await t.order({ domains: ["shop.example.com"], dcv_method: "file" });
    const { path, value } = order.dcv[0];
    const check = async () => (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body.results[0];
    expect(await check()).toMatchObject({ status: "missing", local_check: -4 });
    await t.world.putFile("shop.example.com", path, value, 500);
    expect((await check()).reason).toMatch(/HTTP 500/);
    await t.world.putFile("shop.example.com", path, "something else");
    expect(await check()).toMatchObject({ status: "mismatch", local_check: -5, seen: ["something else"] });
    await t.world.putFile("shop.example.com", path, `${value}\n`);
    expect(await check()).toMatchObject({ status: "found", local_check: 1 });
  });

  it("DCV-5: at most two redirects, within the same primary domain", async () => {
    await t.world.addZone("other.net");
    for (const name of ["cdn.example.com", "static.example.com", "edge.example.com", "shop.example.com"]) {
      await t.world.setRecords(name, "A", ["127.0.0.1"]);
    }
    const order = await t.order({ domains: ["shop.example.com"], dcv_method: "file" });
    const { path, value } = order.dcv[0];
    const check = async () => (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body;

    // shop → cdn → static: two redirects inside example.com.
    await t.world.putRedirect("shop.example.com", path, "http://cdn.example.com/a", 301);
    await t.world.putRedirect("cdn.example.com", "/a", "http://static.example.com/b", 302);
    await t.world.putFile("static.example.com", "/b", value);
    const two = await check();
    expect(two.results[0]).toMatchObject({ status: "found" });

    // A third redirect fails.
    const third = await t.order({ domains: ["edge.example.com"], dcv_method: "file" });
    await t.world.putRedirect("edge.example.com", path, "http://shop.example.com/x", 301);
    await t.world.putRedirect("shop.example.com", "/x", "http://cdn.example.com/a", 302);
    await t.world.putFile("static.example.com", "/b", third.dcv[0].value);
    const three = (await t.reseller.post(`/api/v2/orders/${third.order_id}/dcv-check`)).body.results[0];
    expect(three).toMatchObject({ status: "missing", local_check: -4 });
    expect(three.reason).toMatch(/too many redirects.*DCV-5/);

    // Leaving the primary domain fails, even with one redirect.
    const cross = await t.order({ domains: ["cdn.example.com"], dcv_method: "file" });
    await t.world.putRedirect("cdn.example.com", path, "http://other.net/fileauth.txt", 302);
    await t.world.putFile("other.net", "/fileauth.txt", cross.dcv[0].value);
    const away = (await t.reseller.post(`/api/v2/orders/${cross.order_id}/dcv-check`)).body.results[0];
    expect(away.status).toBe("missing");
    expect(away.reason).toMatch(/leaves the primary domain example\.com/);
    expect((await t.world.webRequests("other.net")).length).toBe(0);
  });

  it("DCV-5: a wildcard cannot be validated by file", async () => {
    const answer = await place({
      product_code: "TA-DV-WILDCARD",
      years: 2,
      domains: ["*.example.com"],
      dcv_method: "file-auto",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "InvalidDcvMethod", field: "dcv_method", rule: "DCV-5" });
  });
});

describe("DCV-6: DNS validation", () => {
  it("DCV-6: a TXT record reached through a CNAME chain counts; a wildcard is validated at its base", async () => {
    await t.world.addZone("validation.net");
    const order = await t.order({ product_code: "TA-DV-WILDCARD", domains: ["*.example.com"] });
    expect(order.dcv[0].host).toBe("_dnsauth.example.com");
    await t.world.setRecords("_dnsauth.example.com", "CNAME", ["hop.validation.net"]);
    await t.world.setRecords("hop.validation.net", "CNAME", ["final.validation.net"]);
    await t.world.setRecords("final.validation.net", "TXT", [order.dcv[0].value]);
    const check = (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body;
    expect(check.results[0]).toMatchObject({ status: "found", local_check: 1 });
    expect(check.status).toBe("reviewing");
  });

  it("DCV-6: the value must match exactly; the name matches whatever its case", async () => {
    const order = await t.order({ domains: ["mail.example.com"] });
    const value: string = order.dcv[0].value;
    const check = async () => (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body.results[0];
    await t.world.setRecords("_DNSAUTH.Mail.Example.COM", "TXT", [value.toUpperCase(), ` ${value}`]);
    expect(await check()).toMatchObject({ status: "mismatch", local_check: -2 });
    await t.world.setRecords("_DNSAUTH.Mail.Example.COM", "TXT", [value]);
    expect(await check()).toMatchObject({ status: "found", local_check: 1, seen: [value] });
  });

  it("DCV-6: no record is 'missing' with the vendor's code", async () => {
    const order = await t.order({ domains: ["none.example.com"] });
    const result = (await t.reseller.post(`/api/v2/orders/${order.order_id}/dcv-check`)).body.results[0];
    expect(result).toMatchObject({
      domain: "none.example.com",
      method: "dns",
      status: "missing",
      local_check: -1,
      seen: [],
    });
    expect(formatGmt8(t.world.clock.now())).toBe("2026-05-11T10:00:00+08:00");
  });
});
