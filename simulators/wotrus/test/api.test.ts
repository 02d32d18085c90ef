// WoTrus's reseller API as a platform meets it: its dialect, keys, products, refusals, isolation, idempotency.
import { csrFor, jsonClient } from "@certsim/ca-kit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACME_CLAIM, API, APPLICANT, startWoTrusWorld, type WoTrusWorld } from "./helpers";

let t: WoTrusWorld;

beforeEach(async () => {
  t = await startWoTrusWorld();
});

afterEach(async () => {
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
});

describe("WoTrus's reseller dialect", () => {
  it("needs X-WoTrus-Key: no key, a wrong one or TrustAsia's header get 401 AUTH_FAILED", async () => {
    const tries: Record<string, string>[] = [{}, { "x-wotrus-key": "wotrus_nope" }, { "x-api-key": t.apiKey }];
    for (const headers of tries) {
      const answer = await jsonClient(t.ca.url, headers).get(`${API}/products`);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("AUTH_FAILED");
    }
    expect((await t.reseller.get(`${API}/products`)).status).toBe(200);
    // TrustAsia's paths are not WoTrus's.
    expect((await t.reseller.get("/api/v2/products")).status).toBe(404);
  });

  it("lists its products: DV, OV and EV, single / multi-domain / wildcard, 1–3 years; no EV wildcard", async () => {
    const { products } = (await t.reseller.get(`${API}/products`)).body;
    expect(products.map((p: { productCode: string }) => p.productCode)).toEqual([
      "WOTRUS-DV-SSL",
      "WOTRUS-DV-MDC",
      "WOTRUS-DV-WILDCARD",
      "WOTRUS-OV-SSL",
      "WOTRUS-OV-MDC",
      "WOTRUS-OV-WILDCARD",
      "WOTRUS-EV-SSL",
      "WOTRUS-EV-MDC",
    ]);
    expect(products[2]).toMatchObject({
      validationType: "DV",
      domainTypes: ["WILDCARD"],
      periods: [1, 2, 3],
      dcvMethods: ["CNAME"],
      validityDays: 365,
    });
    expect(products[4]).toMatchObject({ validationType: "OV", domainTypes: ["SINGLE", "MULTI"], maxDomains: 100 });
    expect(products.filter((p: { validationType: string }) => p.validationType === "EV")).toHaveLength(2);
  });

  it("a 3-year purchase is accepted and issued as a one-year certificate", async () => {
    const order = await t.order({ productCode: "WOTRUS-DV-SSL", period: 3, domains: ["api.example.com"] });
    expect(order.period).toBe(3);
    await t.publishCnames(order);
    await t.world.clock.runUntilIdle();
    const { certificate } = await t.get(order.orderNo);
    const days = (Date.parse(certificate.notAfter) - Date.parse(certificate.notBefore) + 1000) / 86_400_000;
    expect(days).toBe(200); // 2026-05: the CERT-4 cap (200 days) under the product's one year
  });

  it("bad input gets a 4xx in WoTrus's codes naming WoTrus's field, never a 500", async () => {
    const csr = await csrFor("shop.example.com");
    const base = {
      productCode: "WOTRUS-DV-SSL",
      csr,
      domains: ["shop.example.com"],
      dcvMethod: "CNAME",
      resellerOrderNo: "bad-1",
    };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ productCode: "TA-DV-SINGLE" }, 400, "PRODUCT_INVALID", "productCode"],
      [{ dcvMethod: "dns" }, 400, "PARAM_INVALID", "dcvMethod"],
      [{ period: 4 }, 400, "PARAM_INVALID", "period"],
      [{ csr: "not a csr" }, 400, "CSR_INVALID", "csr"],
      [{ domains: ["bad_name..example.com"] }, 400, "DOMAIN_INVALID", "domains[0]"],
      [
        { productCode: "WOTRUS-DV-WILDCARD", domains: ["*.example.com"], dcvMethod: "HTTP" },
        400,
        "DCV_METHOD_INVALID",
        "dcvMethod",
      ],
      [{ productCode: "WOTRUS-OV-SSL" }, 400, "PARAM_MISSING", "organization"],
      [{ productCode: "WOTRUS-OV-SSL", organization: ACME_CLAIM }, 400, "PARAM_MISSING", "applicant"],
      [
        { productCode: "WOTRUS-OV-SSL", organization: { ...ACME_CLAIM, address: "  " }, applicant: APPLICANT },
        400,
        "PARAM_INVALID",
        "organization.address",
      ],
      [
        { productCode: "WOTRUS-OV-SSL", organization: ACME_CLAIM, applicant: { ...APPLICANT, email: "nobody" } },
        400,
        "PARAM_INVALID",
        "applicant.email",
      ],
      [{ organization: ACME_CLAIM }, 400, "PARAM_INVALID", "organization"],
      [{ product_code: "WOTRUS-DV-SSL" }, 400, "PARAM_UNKNOWN", "product_code"],
    ];
    for (const [change, status, code, field] of cases) {
      const answer = await t.reseller.post(`${API}/orders`, { ...base, ...change });
      expect(answer.status, JSON.stringify(change)).toBe(status);
      expect(answer.body.error, JSON.stringify(change)).toMatchObject({ code, field });
    }
    const malformed = await fetch(`${t.ca.url}${API}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-wotrus-key": t.apiKey },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("PARAM_INVALID");
  });

  it("a reseller sees only its own orders; the same resellerOrderNo again returns the stored order", async () => {
    const order = await t.order({ domains: ["shop.example.com"], resellerOrderNo: "same-1" });
    const again = await t.reseller.post(`${API}/orders`, {
      productCode: "WOTRUS-DV-SSL",
      csr: await csrFor("shop.example.com"),
      domains: ["shop.example.com"],
      dcvMethod: "CNAME",
      resellerOrderNo: "same-1",
    });
    expect(again.status).toBe(200);
    expect(again.body.orderNo).toBe(order.orderNo);
    const clash = await t.reseller.post(`${API}/orders`, {
      productCode: "WOTRUS-DV-MDC",
      csr: await csrFor("shop.example.com"),
      domains: ["shop.example.com"],
      dcvMethod: "CNAME",
      resellerOrderNo: "same-1",
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: "DUPLICATE_ORDER", field: "resellerOrderNo" });

    const other = await t.newReseller("another platform");
    const hidden = await other.get(`${API}/orders/${order.orderNo}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("ORDER_NOT_FOUND");
    expect((await other.get(`${API}/orders`)).body).toEqual({ total: 0, orders: [] });
    expect((await t.reseller.get(`${API}/orders?status=WAIT_DCV`)).body.total).toBe(1);
    expect((await t.reseller.get(`${API}/orders?status=ISSUED`)).body.total).toBe(0);
  });

  it("cancel before issuance; revoke after; the certificate download carries the CA chain", async () => {
    const pending = await t.ovOrder();
    const cancelled = await t.reseller.post(`${API}/orders/${pending.orderNo}/cancel`);
    expect(cancelled.body).toMatchObject({ status: "CANCELLED" });
    expect((await t.reseller.post(`${API}/orders/${pending.orderNo}/cancel`)).body.error.code).toBe(
      "ORDER_STATE_INVALID",
    );
    await t.world.clock.runUntilIdle();
    expect((await t.get(pending.orderNo)).status).toBe("CANCELLED");

    const order = await t.order({ domains: ["shop.example.com"] });
    expect((await t.reseller.get(`${API}/orders/${order.orderNo}/certificate`)).body.error.code).toBe(
      "ORDER_STATE_INVALID",
    );
    await t.publishCnames(order);
    await t.world.clock.runUntilIdle();
    const download = (await t.reseller.get(`${API}/orders/${order.orderNo}/certificate`)).body;
    expect(download).toMatchObject({ orderNo: order.orderNo });
    expect(download.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(download.caChain).toHaveLength(2);
    const revoked = (await t.reseller.post(`${API}/orders/${order.orderNo}/revoke`, { reason: "key compromise" })).body;
    expect(revoked.status).toBe("REVOKED");
    expect(revoked.certificate.revokedAt).not.toBeNull();
    const status = (await t.operator.get(`/operator/certificates/${download.serialNumber}`)).body;
    expect(status).toMatchObject({ status: "revoked", order_id: order.orderNo });
  });

  it("serves /healthz and an OpenAPI document listing WoTrus's routes", async () => {
    expect((await jsonClient(t.ca.url).get("/healthz")).body).toMatchObject({ ok: true, service: "wotrus" });
    const paths = Object.keys((await jsonClient(t.ca.url).get("/openapi.json")).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/wotrus/api/v1/orders",
        "/wotrus/api/v1/orders/{orderNo}/dcv/verify",
        "/operator/orders/{id}/review/approve",
      ]),
    );
  });
});
