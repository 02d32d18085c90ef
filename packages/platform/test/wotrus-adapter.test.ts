// The WoTrus adapter against a misbehaving WoTrus (msw): its dialect on the wire, retries on what a retry can cure
// (5xx, timeouts, garbage), WoTrus's refusals in the platform's words, and its stages and records translated.
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CaRefusal, PartnerUnavailableError } from "../src";
import { WoTrusAdapter } from "../src/adapters/wotrus";
import type { Json } from "./harness";

const WT = "http://127.0.0.1:1";
const API = `${WT}/wotrus/api/v1`;
const server = setupServer();
let bodies: Json[] = [];
let hits = 0;

beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
afterEach(() => {
  server.resetHandlers();
  bodies = [];
  hits = 0;
});
afterAll(() => server.close());

const adapter = (over: Partial<ConstructorParameters<typeof WoTrusAdapter>[0]> = {}) =>
  new WoTrusAdapter({ url: WT, apiKey: "wt-key", attempts: 3, timeoutMs: 1_000, wait: async () => {}, ...over });

const order = (status: string, dcvList: Json[] = []) => ({
  orderNo: "WT00000001",
  resellerOrderNo: "cert0001",
  productCode: "WOTRUS-OV-SSL",
  status,
  dcvReleased: dcvList.length > 0,
  dcvDeadline: dcvList.length > 0 ? "2026-05-20T10:00:00+08:00" : null,
  dcvList,
  failReason: null,
  certificate: null,
});

const request = {
  product: { type: "OV", domainType: "single", standard: "international" } as const,
  years: 2,
  csrPem: "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
  domains: ["acme.example.com"],
  dcvMethod: "file" as const,
  partnerOrderId: "cert0001",
  callbackUrl: "http://127.0.0.1:2/callbacks/wotrus/cert0001",
  organization: {
    name: "Acme",
    division: "IT",
    registrationNumber: "91110000MA01ABCD1X",
    address: "1 Road",
    city: "Beijing",
    province: "Beijing",
    country: "CN",
    phone: "+86 10 8888 0000",
  },
  administrator: { name: "Li Lei", position: "IT", phone: "+86 138 0000 0000", email: "li@acme.example" },
  applicant: { name: "Han Meimei", position: "Ops", phone: "+86 139 0000 0000", email: "han@acme.example" },
};

describe("WoTrus adapter", () => {
  it("places an order in WoTrus's dialect, retrying 5xx until WoTrus answers", async () => {
    server.use(
      http.post(`${API}/orders`, async ({ request: req }) => {
        hits++;
        bodies.push({ key: req.headers.get("x-wotrus-key"), body: await req.json() });
        if (hits < 3) return HttpResponse.json({ error: { code: "BUSY" } }, { status: 503 });
        return HttpResponse.json(order("PRE_REVIEW"), { status: 201 });
      }),
    );
    const placed = await adapter().placeOrder(request);
    expect(hits).toBe(3);
    expect(placed).toMatchObject({ orderId: "WT00000001", state: "reviewing", progress: "PRE-REVIEWING", dcv: [] });
    expect(bodies[0].key).toBe("wt-key");
    expect(bodies[0].body).toEqual({
      productCode: "WOTRUS-OV-SSL",
      period: 2,
      csr: request.csrPem,
      domains: ["acme.example.com"],
      dcvMethod: "HTTP",
      resellerOrderNo: "cert0001",
      notifyUrl: request.callbackUrl,
      organization: {
        name: "Acme",
        registrationNumber: "91110000MA01ABCD1X",
        address: "1 Road",
        city: "Beijing",
        country: "CN",
        phone: "+86 10 8888 0000",
      },
      applicant: request.applicant,
      administrator: request.administrator,
    });
    // the same resellerOrderNo every time, so WoTrus answers a repeat with the stored order
    expect(new Set(bodies.map((b) => b.body.resellerOrderNo)).size).toBe(1);
  });

  it("gives up after its attempts on timeouts and on answers that are not WoTrus's shape", async () => {
    server.use(
      http.get(`${API}/orders/:id`, async () => {
        hits++;
        await delay(200);
        return HttpResponse.json(order("WAIT_DCV"));
      }),
    );
    await expect(adapter({ timeoutMs: 50 }).getOrder("WT00000001")).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect(hits).toBe(3);
    hits = 0;
    server.use(
      http.get(`${API}/orders/:id`, () => {
        hits++;
        return HttpResponse.json({ orderNo: "WT00000001", status: "SOMETHING_ELSE" });
      }),
    );
    const error = await adapter()
      .getOrder("WT00000001")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerUnavailableError);
    expect((error as PartnerUnavailableError).partner).toBe("WoTrus");
    expect(hits).toBe(3);
  });

  it("translates WoTrus's refusals without retrying them", async () => {
    const cases: [number, string, string, number, string | undefined][] = [
      [400, "CSR_INVALID", "InvalidParameter.CsrInvalid", 400, "CSR-4"],
      [400, "DOMAIN_INVALID", "InvalidParameter.DomainInvalid", 400, "DOM-4"],
      [400, "DCV_METHOD_INVALID", "InvalidParameter.VerifyTypeInvalid", 400, "DCV-1"],
      [409, "DCV_NOT_READY", "FailedOperation.DcvNotReleased", 409, "WT-2"],
      [401, "AUTH_FAILED", "FailedOperation.NetworkError", 503, undefined],
      [404, "ORDER_NOT_FOUND", "FailedOperation.CaOrderNotFound", 404, undefined],
    ];
    for (const [status, wotrusCode, code, platformStatus, rule] of cases) {
      hits = 0;
      server.use(
        http.post(`${API}/orders/:id/dcv/verify`, () => {
          hits++;
          return HttpResponse.json({ error: { code: wotrusCode, message: `said ${wotrusCode}` } }, { status });
        }),
      );
      const error = await adapter()
        .checkDcv("WT00000001")
        .catch((e: unknown) => e);
      expect(error, wotrusCode).toBeInstanceOf(CaRefusal);
      expect(error, wotrusCode).toMatchObject({ code, status: platformStatus, rule, caCode: wotrusCode });
      expect(hits).toBe(1);
    }
  });

  it("PAID-4: stages, CNAME and file records, DCV-10 codes and failures in the platform's words", async () => {
    const cname = {
      domain: "acme.example.com",
      dcvMethod: "CNAME",
      verified: false,
      dnsType: "CNAME",
      dnsHost: "_0123456789abcdef0123456789abcdef.acme.example.com",
      dnsValue: "aaaa.bbbb.ABCDEFGHIJKLMNOPQRST.sectigo.com",
    };
    const file = {
      domain: "example.com",
      dcvMethod: "HTTP",
      verified: true,
      filePath: "/.well-known/pki-validation/0123456789ABCDEF0123456789ABCDEF.txt",
      fileUrls: [
        "http://example.com/.well-known/pki-validation/0123456789ABCDEF0123456789ABCDEF.txt",
        "http://www.example.com/.well-known/pki-validation/0123456789ABCDEF0123456789ABCDEF.txt",
      ],
      fileContent: "abc\nsectigo.com\nXYZ",
    };
    server.use(
      http.get(`${API}/orders/:id`, () => HttpResponse.json(order("WAIT_DCV", [cname, file]))),
      http.post(`${API}/orders/:id/dcv/verify`, () =>
        HttpResponse.json({
          orderNo: "WT00000001",
          status: "WAIT_DCV",
          results: [
            { domain: "acme.example.com", dcvMethod: "CNAME", result: "NOT_FOUND", seen: [], localCheck: -6 },
            { domain: "example.com", dcvMethod: "HTTP", result: "PASS", seen: ["abc"], localCheck: 1 },
          ],
        }),
      ),
      http.post(`${API}/orders/:id/cancel`, () =>
        HttpResponse.json({
          ...order("FAILED"),
          failReason: { code: "ORG_INFO_MISMATCH", message: "registrationNumber differs (OV-5)" },
        }),
      ),
    );
    const wotrus = adapter();
    const pending = await wotrus.getOrder("WT00000001");
    expect(pending).toMatchObject({ state: "pending_dcv", progress: "PENDING-DCV" });
    expect(pending.dcvExpiresAt?.toISOString()).toBe("2026-05-20T02:00:00.000Z");
    expect(pending.dcv).toEqual([
      {
        domain: "acme.example.com",
        method: "dns",
        recordType: "CNAME",
        host: cname.dnsHost,
        value: cname.dnsValue,
        passed: false,
      },
      ...file.fileUrls.map((url) => ({
        domain: "example.com",
        method: "file",
        recordType: "FILE",
        host: new URL(url).hostname,
        value: file.fileContent,
        path: file.filePath,
        url,
        passed: true,
      })),
    ]);
    const checked = await wotrus.checkDcv("WT00000001");
    expect(checked).toEqual([
      {
        domain: "acme.example.com",
        method: "dns",
        status: "missing",
        seen: [],
        localCheck: -6,
        reason: "CNAME record not found",
      },
      { domain: "example.com", method: "file", status: "found", seen: ["abc"], localCheck: 1, reason: "passed" },
    ]);
    const failed = await wotrus.cancel("WT00000001");
    expect(failed.state).toBe("failed");
    expect(failed.failure?.reason).toBe(
      "the organisation does not match the business registry: registrationNumber differs (OV-5)",
    );
  });

  it("PAID-1: knows which catalogue products WoTrus sells, and reads its callbacks", () => {
    const wotrus = adapter();
    const code = (type: "DV" | "OV" | "OV_PRO" | "EV", domainType: "single" | "multi" | "wildcard") =>
      wotrus.productCode({ type, domainType, standard: "international" });
    expect(code("DV", "multi")).toBe("WOTRUS-DV-MDC");
    expect(code("OV", "wildcard")).toBe("WOTRUS-OV-WILDCARD");
    expect(code("EV", "single")).toBe("WOTRUS-EV-SSL");
    expect(code("EV", "wildcard")).toBeUndefined();
    expect(code("OV_PRO", "single")).toBeUndefined();
    expect(wotrus.productCode({ type: "DV", domainType: "single", standard: "national" })).toBeUndefined();
    expect(wotrus.productCode("free-dv")).toBeUndefined();
    expect(wotrus.callbackOrderId({ orderNo: "WT1", resellerOrderNo: "x", status: "ISSUED" })).toBe("WT1");
    expect(wotrus.callbackOrderId({ order_id: "TA1" })).toBeUndefined();
  });
});
