// The reseller and operator faces: keys, isolation, refusals that name the field, the review queue, callbacks.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { csrFor, jsonClient } from "@certsim/ca-kit/testing";
import { HOUR } from "@certsim/clock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTrustAsiaWorld, type TrustAsiaWorld } from "./helpers";

let t: TrustAsiaWorld;

beforeEach(async () => {
  t = await startTrustAsiaWorld();
  await t.world.addZone("example.com");
});

afterEach(async () => {
  await t.close();
});

const valid = async (extra: Record<string, unknown> = {}) => ({
  product_code: "TA-DV-FREE",
  csr: await csrFor("example.com"),
  domains: ["example.com"],
  dcv_method: "dns",
  partner_order_id: `api-${Math.random()}`,
  ...extra,
});

describe("reseller API", () => {
  it("refuses calls without a valid API key (401)", async () => {
    for (const client of [jsonClient(t.ca.url), jsonClient(t.ca.url, { "x-api-key": "trustasia_nope" })]) {
      const answer = await client.post("/api/v2/orders", await valid());
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("Unauthorized");
    }
  });

  it("a reseller sees only its own orders (404 for another's)", async () => {
    const mine = await t.order({ domains: ["example.com"] });
    const other = await t.newReseller("another cloud");
    for (const [method, path] of [
      ["GET", ""],
      ["POST", "/cancel"],
      ["POST", "/dcv-check"],
      ["GET", "/certificate"],
      ["POST", "/revoke"],
    ] as const) {
      const answer = await other.client.call(
        method,
        `/api/v2/orders/${mine.order_id}${path}`,
        method === "POST" ? {} : undefined,
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe("OrderNotFound");
    }
    expect((await other.client.get("/api/v2/orders")).body.orders).toEqual([]);
    expect((await t.reseller.get("/api/v2/orders")).body.orders).toHaveLength(1);
  });

  it("bad input gets a 4xx naming the field, never a 500", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ product_code: undefined }, "MissingParameter", "product_code"],
      [{ product_code: "TA-OV-GOLD" }, "InvalidProduct", "product_code"],
      [{ years: 2 }, "InvalidProduct", "years"],
      [{ domains: ["bad..name.com"] }, "InvalidDomain", "domains[0]"],
      [{ domains: ["example.com", "b.example.com"] }, "InvalidDomain", "domains"],
      [{ domains: ["*.example.com"] }, "InvalidDomain", "domains"],
      [{ domains: ["co.uk"] }, "InvalidDomain", "domains[0]"],
      [{ domains: [] }, "InvalidParameter", "domains"],
      [{ csr: "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----" }, "InvalidCsr", "csr"],
      [{ dcv_method: "email" }, "InvalidParameter", "dcv_method"],
      [{ callback_url: "ftp://x" }, "InvalidParameter", "callback_url"],
      [{ surprise: 1 }, "UnknownParameter", "surprise"],
    ];
    for (const [change, code, field] of cases) {
      const answer = await t.reseller.post("/api/v2/orders", await valid(change));
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body.error, JSON.stringify(change)).toMatchObject({ code, field });
      expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    const malformed = await fetch(`${t.ca.url}/api/v2/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": t.apiKey },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
  });

  it("the same partner_order_id again returns the stored order (a safe retry)", async () => {
    const body = await valid({ partner_order_id: "retry-me" });
    const first = await t.reseller.post("/api/v2/orders", body);
    const second = await t.reseller.post("/api/v2/orders", body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.order_id).toBe(first.body.order_id);
    const clash = await t.reseller.post("/api/v2/orders", { ...body, dcv_method: "file" });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: "DuplicateOrder", field: "partner_order_id" });
  });

  it("cancels before issuance only", async () => {
    const order = await t.order({ domains: ["example.com"] });
    const cancelled = await t.reseller.post(`/api/v2/orders/${order.order_id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: "cancelled", stage: "CANCELLED" });
    expect((await t.reseller.post(`/api/v2/orders/${order.order_id}/cancel`)).status).toBe(409);
    expect((await t.reseller.get(`/api/v2/orders/${order.order_id}/certificate`)).status).toBe(409);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.order_id)).status).toBe("cancelled"); // no event revives it
  });

  it("POSTs every status change to the callback URL", async () => {
    const received: { order_id: string; status: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/trustasia/42`;
      const order = await t.order({ domains: ["example.com"], callback_url: url });
      await t.publishDns(order);
      await t.world.clock.runUntilIdle();
      expect(received.map((r) => r.status)).toEqual(["reviewing", "issued"]);
      expect(received[0]).toMatchObject({ order_id: order.order_id, partner_order_id: order.partner_order_id });
    } finally {
      server.close();
    }
  });

  it("serves /healthz and an OpenAPI document", async () => {
    expect((await jsonClient(t.ca.url).get("/healthz")).body).toMatchObject({ ok: true });
    const doc = (await jsonClient(t.ca.url).get("/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v2/orders",
        "/api/v2/orders/{order_id}/dcv-check",
        "/operator/orders/{id}/approve",
      ]),
    );
  });
});

describe("operator API", () => {
  it("manual review: orders wait in the queue until approved; reject fails an order with the operator's reason", async () => {
    await t.close();
    t = await startTrustAsiaWorld({ timings: { manualReview: true } });
    await t.world.addZone("example.com");
    const a = await t.order({ domains: ["a.example.com"] });
    const b = await t.order({ domains: ["b.example.com"] });
    await t.publishDns(a);
    await t.publishDns(b);
    await t.world.clock.runUntilIdle();
    const queue = (await t.operator.get("/operator/orders?status=reviewing")).body.orders;
    expect(queue.map((o: { order_id: string; manual_hold: boolean }) => [o.order_id, o.manual_hold])).toEqual([
      [a.order_id, true],
      [b.order_id, true],
    ]);
    const approved = await t.operator.post(`/operator/orders/${a.order_id}/approve`);
    expect(approved.body).toMatchObject({ status: "issued", stage: "ISSUED" });
    const rejected = await t.operator.post(`/operator/orders/${b.order_id}/reject`, {
      reason: "applicant unreachable",
    });
    expect(rejected.body).toMatchObject({
      status: "failed",
      failure: { code: "Rejected", reason: "applicant unreachable" },
    });
    expect((await t.operator.post(`/operator/orders/${b.order_id}/approve`)).status).toBe(409);
    expect((await t.operator.post("/operator/orders/TA99999999/approve")).status).toBe(404);
    expect((await t.operator.post(`/operator/orders/${a.order_id}/reject`, {})).body.error.field).toBe("reason");
  });

  it("approve issues an order under review at once, without waiting for its drawn instant", async () => {
    const order = await t.order({ domains: ["example.com"] });
    await t.publishDns(order);
    await t.world.clock.advance(HOUR / 6);
    const before = await t.inspect(order.order_id);
    expect(before.status).toBe("reviewing");
    const approved = (await t.operator.post(`/operator/orders/${order.order_id}/approve`)).body;
    expect(approved.status).toBe("issued");
    expect(Date.parse(approved.certificate.not_before)).toBeLessThan(Date.parse(before.issue_at));
    expect(approved.log).toBeUndefined();
    const detail = await t.inspect(order.order_id);
    expect(detail.log.map((e: { detail: string }) => e.detail)).toContain("approved by the operator");
  });

  it("needs the operator token when one is configured", async () => {
    await t.close();
    t = await startTrustAsiaWorld({ operatorToken: "s3cret" });
    const bare = jsonClient(t.ca.operatorUrl);
    for (const path of ["/operator/orders", "/operator/roots", "/operator/deny-list"]) {
      const answer = await bare.get(path);
      expect(answer.status, path).toBe(401);
      expect(answer.body.error.code).toBe("Unauthorized");
    }
    expect((await jsonClient(t.ca.operatorUrl, { "x-operator-token": "wrong!" }).get("/operator/roots")).status).toBe(
      401,
    );
    expect((await t.operator.get("/operator/roots")).status).toBe(200);
    // The reseller API does not take the operator token, nor the operator API a reseller key.
    expect((await jsonClient(t.ca.url, { "x-api-key": t.apiKey }).get("/operator/roots")).status).toBe(401);
  });
});
