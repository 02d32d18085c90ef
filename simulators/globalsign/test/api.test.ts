// GlobalSign's reseller dialect: keys, products and options, refusals in GlobalSign's codes and field names,
// idempotent orders, isolation between resellers, cancel, download, revoke, callbacks.
import { csrFor, jsonClient } from "@certsim/ca-kit/testing";
import { MINUTE } from "@certsim/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API, callbackSink, type GsWorld, type Json, startGsWorld } from "./helpers";

let t: GsWorld;

beforeAll(async () => {
  t = await startGsWorld();
});

afterAll(async () => {
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
});

/** A DV order body for one name. */
async function dvBody(name: string, extra: Record<string, unknown> = {}) {
  return {
    ProductCode: "DV_LOW_SHA2",
    CommonName: name,
    DCVMethod: "DNS",
    PartnerOrderID: `api-${name}-${Math.random().toString(36).slice(2)}`,
    CSR: await csrFor(name.replace(/^\*\./, "wild.")),
    ...extra,
  };
}

describe("GlobalSign's reseller API", () => {
  it("needs X-GS-Api-Key; refusals carry GlobalSign's negative codes", async () => {
    const anonymous = jsonClient(t.ca.url);
    const none = await anonymous.get(`${API}/products`);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("-201");
    const wrong = await jsonClient(t.ca.url, { "x-gs-api-key": "globalsign_nope" }).get(`${API}/products`);
    expect(wrong.status).toBe(401);
    const nowhere = await t.reseller.get(`${API}/certificates`);
    expect([nowhere.status, nowhere.body.error.code]).toEqual([404, "-9001"]);
    const health = await anonymous.get("/healthz");
    expect(health.body).toMatchObject({ ok: true, service: "globalsign" });
    const spec = await anonymous.get("/openapi.json");
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        `${API}/orders`,
        `${API}/orders/{OrderID}/letter`,
        "/operator/orders/{id}/documents/received",
      ]),
    );
  });

  it("sells DV_LOW_SHA2 and OV_SHA2 with the wildcard option, EV_SHA2 without, 12–36 months", async () => {
    const { body } = await t.reseller.get(`${API}/products`);
    expect(body.Products.map((p: Json) => [p.ProductCode, p.ValidationType, p.BaseOptions])).toEqual([
      ["DV_LOW_SHA2", "DV", ["wildcard"]],
      ["OV_SHA2", "OV", ["wildcard"]],
      ["EV_SHA2", "EV", []],
    ]);
    for (const product of body.Products) {
      expect(product).toMatchObject({
        MaxSANEntries: 99,
        ValidityPeriods: [{ Months: 12 }, { Months: 24 }, { Months: 36 }],
        DCVMethods: ["DNS", "HTTP"],
      });
    }
  });

  it("refuses bad orders naming GlobalSign's fields", async () => {
    const refusals: [Record<string, unknown>, number, string, string][] = [
      [{ Colour: "blue" }, 400, "-103", "Colour"],
      [{ CSR: undefined }, 400, "-102", "CSR"],
      [{ ProductCode: "EV_SHA2", BaseOption: "wildcard", CommonName: "*.example.com" }, 400, "-107", "BaseOption"],
      [{ CommonName: "*.example.com" }, 400, "-105", "CommonName"],
      [{ BaseOption: "wildcard" }, 400, "-105", "CommonName"],
      [{ SANEntries: [{ SubjectAltName: "*.shop.example.com" }] }, 400, "-105", "SANEntries[0].SubjectAltName"],
      [{ CommonName: "*.example.com", BaseOption: "wildcard", DCVMethod: "HTTP" }, 400, "-108", "DCVMethod"],
      [{ SANEntries: [{ SubjectAltName: "bad..example.com" }] }, 400, "-105", "SANEntries[0].SubjectAltName"],
      [{ ValidityPeriod: { Months: 18 } }, 400, "-101", "ValidityPeriod.Months"],
      [{ CSR: "not a csr" }, 400, "-106", "CSR"],
      [{ ProductCode: "OV_SHA2" }, 400, "-102", "OrganizationInfo"],
    ];
    for (const [change, status, code, field] of refusals) {
      const body: Record<string, unknown> = { ...(await dvBody("shop.example.com")), ...change };
      for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
      const answer = await t.reseller.post(`${API}/orders`, body);
      expect([answer.status, answer.body.error?.code, answer.body.error?.field], JSON.stringify(change)).toEqual([
        status,
        code,
        field,
      ]);
    }
    const malformed = await fetch(`${t.ca.url}${API}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gs-api-key": "whatever" },
      body: "{",
    });
    expect(((await malformed.json()) as Json).error.code).toBe("-101");
  });

  it("a repeated PartnerOrderID returns the stored order; other content is refused; other resellers see nothing", async () => {
    const body = await dvBody("repeat.example.com");
    const first = await t.reseller.post(`${API}/orders`, body);
    expect(first.status).toBe(201);
    expect(first.body.OrderID).toMatch(/^GS\d{8}$/);
    const again = await t.reseller.post(`${API}/orders`, body);
    expect([again.status, again.body.OrderID]).toEqual([200, first.body.OrderID]);
    const changed = await t.reseller.post(`${API}/orders`, { ...body, DCVMethod: "HTTP" });
    expect([changed.status, changed.body.error.code, changed.body.error.field]).toEqual([
      409,
      "-4004",
      "PartnerOrderID",
    ]);

    const stranger = await t.newReseller("stranger");
    const peek = await stranger.get(`${API}/orders/${first.body.OrderID}`);
    expect([peek.status, peek.body.error.code]).toEqual([404, "-4001"]);
    expect((await stranger.get(`${API}/orders`)).body).toEqual({ Total: 0, Orders: [] });
  });

  it("cancel, download, revoke; callbacks carry OrderStatus and OrderStatusText", async () => {
    const sink = await callbackSink();
    try {
      const cancelled = (await t.reseller.post(`${API}/orders`, await dvBody("gone.example.com"))).body;
      const cancel = await t.reseller.post(`${API}/orders/${cancelled.OrderID}/cancel`);
      expect(cancel.body).toMatchObject({ OrderStatus: 7, OrderStatusText: "CANCELLED" });
      expect((await t.reseller.post(`${API}/orders/${cancelled.OrderID}/cancel`)).body.error.code).toBe("-4003");

      const order = (
        await t.reseller.post(`${API}/orders`, await dvBody("dl.example.com", { NotificationURL: sink.url }))
      ).body;
      expect((await t.reseller.get(`${API}/orders/${order.OrderID}/certificate`)).body.error.code).toBe("-4003");
      await t.publishTxt(order);
      await t.world.clock.advance(10 * MINUTE);
      await t.world.clock.runUntilIdle();
      const download = (await t.reseller.get(`${API}/orders/${order.OrderID}/certificate`)).body;
      expect(download.X509Cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(download.CACertificates.map((ca: Json) => ca.CACertType)).toEqual(["INTER", "ROOT"]);
      const revoked = await t.reseller.post(`${API}/orders/${order.OrderID}/revoke`, { Reason: "key compromise" });
      expect(revoked.body).toMatchObject({
        OrderStatus: 8,
        OrderStatusText: "REVOKED",
        CertificateInfo: { CertificateStatus: "REVOKED" },
      });
      const status = await t.operator.get(`/operator/certificates/${download.SerialNumber}`);
      expect(status.body).toMatchObject({ status: "revoked", revocation_reason: "key compromise" });
      await t.world.clock.runUntilIdle();
      expect(sink.bodies.map((b) => [b.OrderID, b.OrderStatus, b.OrderStatusText])).toEqual([
        [order.OrderID, 5, "WAITING_ISSUE"],
        [order.OrderID, 6, "ISSUED"],
        [order.OrderID, 8, "REVOKED"],
      ]);
    } finally {
      await sink.close();
    }
  });
});
