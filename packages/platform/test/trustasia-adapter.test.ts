// TrustAsia misbehaving (msw): timeouts, 5xx and garbage are retried with backoff, then the customer sees
// FailedOperation.NetworkError and nothing is left half-written: no certificate, quota back, no order at the CA.
import { Rng, SimClock } from "@certsim/clock";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CaRefusal, PartnerUnavailableError, type Platform, startPlatform, TrustAsiaAdapter } from "../src";
import { ADMIN_TOKEN, type Json } from "./harness";

// Nothing listens on port 1: a request msw does not answer fails to connect instead of going anywhere.
const TA = "http://127.0.0.1:1";
const server = setupServer();
type Call = { method: string; path: string; body: Json };
let calls: Call[] = [];

beforeAll(() => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  server.listen({ onUnhandledRequest: "bypass" });
  server.events.on("request:start", async ({ request }) => {
    const url = new URL(request.url);
    if (url.origin !== TA) return;
    const call: Call = { method: request.method, path: url.pathname, body: undefined };
    calls.push(call);
    const text = await request.clone().text();
    call.body = text ? JSON.parse(text) : undefined;
  });
});
afterEach(() => {
  server.resetHandlers();
  calls = [];
});
afterAll(() => server.close());

const rng = new Rng("adapter-test");
const orderId = () => `TA${rng.int(10_000_000, 99_999_999)}`;
const dcv = (domain: string) => [
  {
    domain,
    method: "dns",
    record_type: "TXT",
    host: `_dnsauth.${domain}`,
    value: `20260511000000${rng.token(128)}`,
    status: "pending",
  },
];
const order = (id: string, partner: string, domain: string, status = "pending_dcv") => ({
  order_id: id,
  partner_order_id: partner,
  product_code: "TA-DV-FREE",
  domains: [domain],
  status,
  stage: "PENDING-DCV",
  dcv: dcv(domain),
  dcv_expires_at: "2026-05-18T10:00:00+08:00",
  created_at: "2026-05-11T10:00:00+08:00",
  updated_at: "2026-05-11T10:00:00+08:00",
});

/** A working TrustAsia for everything not overridden: orders are kept so GET and cancel answer consistently. */
function workingTrustAsia() {
  const orders = new Map<string, Json>();
  return {
    orders,
    handlers: [
      http.post(`${TA}/api/v2/orders`, async ({ request }) => {
        const body = (await request.json()) as Json;
        const id = orderId();
        const placed = order(id, body.partner_order_id, body.domains[0]);
        orders.set(id, placed);
        return HttpResponse.json(placed, { status: 201 });
      }),
      http.get(`${TA}/api/v2/orders/:id`, ({ params }) => {
        const found = orders.get(String(params.id));
        return found
          ? HttpResponse.json(found)
          : HttpResponse.json({ error: { code: "OrderNotFound", message: "no" } }, { status: 404 });
      }),
      http.post(`${TA}/api/v2/orders/:id/cancel`, ({ params }) => {
        const found = orders.get(String(params.id));
        if (!found) return HttpResponse.json({ error: { code: "OrderNotFound", message: "no" } }, { status: 404 });
        found.status = "cancelled";
        found.stage = "CANCELLED";
        return HttpResponse.json(found);
      }),
    ],
  };
}

const broken = {
  timeout: () => http.post(`${TA}/api/v2/orders`, () => delay("infinite")),
  serverError: () => http.post(`${TA}/api/v2/orders`, () => new HttpResponse("upstream exploded", { status: 502 })),
  html: () =>
    http.post(
      `${TA}/api/v2/orders`,
      () => new HttpResponse("<html>maintenance</html>", { status: 200, headers: { "content-type": "text/html" } }),
    ),
  redirect: () =>
    http.post(
      `${TA}/api/v2/orders`,
      () => new HttpResponse(null, { status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } }),
    ),
  resetConnection: () => http.post(`${TA}/api/v2/orders`, () => HttpResponse.error()),
  wrongShape: () =>
    http.post(`${TA}/api/v2/orders`, () => HttpResponse.json({ ok: true, orderId: 7 }, { status: 201 })),
  truncated: () =>
    http.post(
      `${TA}/api/v2/orders`,
      () =>
        new HttpResponse('{"order_id":"TA1","status":"pend', {
          status: 201,
          headers: { "content-type": "application/json" },
        }),
    ),
};

describe("TrustAsiaAdapter", () => {
  const adapter = (waits: number[], attempts = 4) =>
    new TrustAsiaAdapter({
      url: TA,
      apiKey: "k",
      attempts,
      timeoutMs: 50,
      backoffMs: 100,
      maxBackoffMs: 300,
      // Records the backoff instead of sleeping: no real waiting in tests.
      wait: async (ms) => {
        waits.push(ms);
      },
    });
  const place = (a: TrustAsiaAdapter) =>
    a.placeOrder({
      product: "free-dv",
      csrPem: "csr",
      domains: ["a.com"],
      dcvMethod: "dns",
      partnerOrderId: "p1",
    });

  for (const [name, handler] of Object.entries(broken)) {
    it(`retries ${name} with growing backoff, then gives up as unavailable`, async () => {
      server.use(handler());
      const waits: number[] = [];
      await expect(place(adapter(waits))).rejects.toBeInstanceOf(PartnerUnavailableError);
      expect(calls.filter((c) => c.path === "/api/v2/orders")).toHaveLength(4);
      expect(waits).toHaveLength(3);
      // equal jitter: between half and all of 100, 200, 300 (capped)
      expect(waits[0]).toBeGreaterThanOrEqual(50);
      expect(waits[0]).toBeLessThanOrEqual(100);
      expect(waits[1]).toBeGreaterThanOrEqual(100);
      expect(waits[2]).toBeGreaterThanOrEqual(150);
      expect(waits[2]).toBeLessThanOrEqual(300);
    });
  }

  it("recovers when TrustAsia answers after two failures, sending the same partner_order_id each time", async () => {
    const ta = workingTrustAsia();
    let failures = 2;
    server.use(
      http.post(`${TA}/api/v2/orders`, () => {
        if (failures-- > 0) return new HttpResponse(null, { status: 503 });
        return undefined;
      }),
      ...ta.handlers,
    );
    const placed = await place(adapter([]));
    expect(placed.state).toBe("pending_dcv");
    expect(placed.dcv[0]?.host).toBe("_dnsauth.a.com");
    const posts = calls.filter((c) => c.path === "/api/v2/orders");
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((c) => c.body.partner_order_id))).toEqual(new Set(["p1"]));
    expect(posts[0]!.body).toMatchObject({ product_code: "TA-DV-FREE", domains: ["a.com"], dcv_method: "dns" });
  });

  it("does not retry a refusal, and speaks the platform's codes", async () => {
    server.use(
      http.post(`${TA}/api/v2/orders`, () =>
        HttpResponse.json(
          { error: { code: "MainDomainCertificateCountLimit", message: "20 already" } },
          { status: 400 },
        ),
      ),
    );
    const error = await place(adapter([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaRefusal);
    expect(error).toMatchObject({
      status: 400,
      code: "FailedOperation.MainDomainCertificateCountLimit",
      rule: "FREE-3",
    });
    expect(calls).toHaveLength(1);
  });

  it("sends the API key in X-Api-Key", async () => {
    let seen: string | null = null;
    server.use(
      http.get(`${TA}/api/v2/orders/:id`, ({ request }) => {
        seen = request.headers.get("x-api-key");
        return HttpResponse.json(order("TA1", "p1", "a.com"));
      }),
    );
    await adapter([]).getOrder("TA1");
    expect(seen).toBe("k");
  });
});

describe("the platform when TrustAsia misbehaves", () => {
  let platform: Platform;
  let api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;
  let clock: SimClock;

  beforeAll(async () => {
    clock = new SimClock({ start: "2026-05-11T10:00:00+08:00" });
    platform = await startPlatform({
      dbPath: ":memory:",
      clock,
      trustAsia: { url: TA, apiKey: "k", attempts: 3, timeoutMs: 50, backoffMs: 1, maxBackoffMs: 2 },
      dnsApiUrl: "http://127.0.0.1:1",
      worldUrl: "http://127.0.0.1:1",
      adminToken: ADMIN_TOKEN,
      keyPoolSize: 0,
      partnerAttempts: 1,
    });
    const account = await fetch(`${platform.url}/admin/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-admin-token": ADMIN_TOKEN },
      body: JSON.stringify({ Type: "enterprise", Email: "ops@acme.example", Phone: "+861088888888" }),
    }).then((r) => r.json() as Promise<Json>);
    api = async (method, path, body) => {
      const res = await fetch(`${platform.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${account.ApiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json() };
    };
  });
  afterAll(() => platform?.close());

  const applyFor = (DomainName: string) =>
    api("POST", "/v1/free-certificates", { DomainName, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" });

  for (const [name, handler] of Object.entries(broken)) {
    it(`FREE-6: ${name}: NetworkError after retries, no certificate left, quota back`, async () => {
      server.use(handler());
      const answer = await applyFor(`acme-${name.toLowerCase()}.com`);
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe("FailedOperation.NetworkError");
      expect(JSON.stringify(answer.body)).not.toMatch(/upstream exploded|maintenance|\.ts:\d+/);
      expect(calls.filter((c) => c.path === "/api/v2/orders")).toHaveLength(3);
      expect((await api("GET", "/v1/quota")).body.Used).toBe(0);
      expect((await api("GET", "/v1/certificates")).body.TotalCount).toBe(0);
      const db = (platform.store as unknown as { db: { prepare(sql: string): { get(): Json } } }).db;
      expect(db.prepare("SELECT COUNT(*) AS n FROM operation_logs").get().n).toBe(0);
      expect(db.prepare("SELECT COUNT(*) AS n FROM quota_holds").get().n).toBe(0);
    });
  }

  it("DNS_AUTO when the DNS hosting service is unreachable: NetworkError naming it, nothing taken", async () => {
    const answer = await api("POST", "/v1/free-certificates", {
      DomainName: "acme-auto.com",
      DvAuthMethod: "DNS_AUTO",
    });
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("FailedOperation.NetworkError");
    expect(answer.body.error.message).toContain("DNS hosting");
    expect(calls.filter((c) => c.path.startsWith("/api/v2/"))).toHaveLength(0);
    expect((await api("GET", "/v1/quota")).body.Used).toBe(0);
  });

  it("an order TrustAsia accepted but the platform gave up on is withdrawn when its callback arrives", async () => {
    const ta = workingTrustAsia();
    // The first attempt lands at TrustAsia but its answer never comes back; the later ones fail outright.
    let attempt = 0;
    server.use(
      http.post(`${TA}/api/v2/orders`, async ({ request }) => {
        attempt++;
        if (attempt === 1) {
          const body = (await request.json()) as Json;
          const id = orderId();
          ta.orders.set(id, order(id, body.partner_order_id, body.domains[0]));
          return delay("infinite");
        }
        return new HttpResponse(null, { status: 500 });
      }),
      ...ta.handlers,
    );
    const answer = await applyFor("acme-orphan.com");
    expect(answer.status).toBe(503);
    const [orphan] = [...ta.orders.values()];
    expect(orphan.status).toBe("pending_dcv");
    const callback = await fetch(`${platform.url}/callbacks/trustasia/${orphan.partner_order_id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        order_id: orphan.order_id,
        partner_order_id: orphan.partner_order_id,
        status: "pending_dcv",
      }),
    });
    expect(callback.status).toBe(200);
    expect(orphan.status).toBe("cancelled");
    expect((await api("GET", "/v1/certificates")).body.TotalCount).toBe(0);
  });

  it("PAID-7: a cancel TrustAsia cannot take leaves the order where it was, quota still held", async () => {
    const ta = workingTrustAsia();
    server.use(...ta.handlers);
    const placed = await applyFor("acme-keep.com");
    expect(placed.status).toBe(200);
    const id = placed.body.CertificateId;
    server.use(
      http.post(`${TA}/api/v2/orders/:id/cancel`, () => new HttpResponse(null, { status: 504 })),
      http.get(`${TA}/api/v2/orders/:id`, () => new HttpResponse(null, { status: 503 })),
    );
    const cancel = await api("POST", `/v1/certificates/${id}/cancel`, {});
    expect(cancel.status).toBe(503);
    expect(cancel.body.error.code).toBe("FailedOperation.NetworkError");
    // a read while TrustAsia is down shows what the platform knows
    const detail = await api("GET", `/v1/certificates/${id}`);
    expect(detail.body).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    expect((await api("GET", "/v1/quota")).body.Used).toBe(1);
    const logs = (await api("GET", `/v1/certificates/${id}/operation-logs`)).body.OperateLogs;
    expect(logs.slice(-2).map((l: Json) => [l.Action, l.StatusFrom, l.StatusTo])).toEqual([
      ["cancel-requested", 0, 6],
      ["cancel-failed", 6, 0],
    ]);
    // TrustAsia is back: the cancel goes through and the quota returns
    server.resetHandlers(...ta.handlers);
    expect((await api("POST", `/v1/certificates/${id}/cancel`, {})).body.Status).toBe(7);
    expect((await api("GET", "/v1/quota")).body.Used).toBe(0);
  });
});
