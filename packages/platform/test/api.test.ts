// Accounts, authentication, isolation and bad input at the platform's HTTP face.
import { domainToASCII } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlitePlatformStore } from "../src";
import { ADMIN_TOKEN, type Customer, type Ecosystem, type Json, startEcosystem } from "./harness";

let eco: Ecosystem;
let alice: Customer;
let bob: Customer;
let aliceCert: string;

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem();
  alice = await eco.customer();
  bob = await eco.customer();
  aliceCert = await eco.apply(alice, { DomainName: "alice-shop.com" });
});
afterAll(() => eco?.close());

const raw = (path: string, init: RequestInit = {}) => fetch(`${eco.platform.url}${path}`, init);
const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as Json).error });

describe("service basics", () => {
  it("serves /healthz and an OpenAPI document with the customer, admin and callback routes", async () => {
    expect(await (await raw("/healthz")).json()).toEqual({ ok: true, service: "platform" });
    const doc: Json = await (await raw("/openapi.json")).json();
    for (const path of ["/v1/free-certificates", "/v1/certificates/{CertificateId}", "/v1/quota", "/admin/accounts"]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths["/v1/free-certificates"].post.requestBody.content["application/json"].schema.required).toEqual([
      "DomainName",
      "DvAuthMethod",
    ]);
  });
});

describe("accounts and API keys", () => {
  it("the admin API needs the admin token", async () => {
    const body = JSON.stringify({ Type: "individual", Email: "x@mail.example", Phone: "+8613800000001" });
    const headers = { "content-type": "application/json" };
    expect(await errorOf(await raw("/admin/accounts", { method: "POST", headers, body }))).toMatchObject({
      status: 401,
      code: "AuthFailure.InvalidAuthorization",
    });
    expect(
      await errorOf(
        await raw("/admin/accounts", {
          method: "POST",
          headers: { ...headers, "x-admin-token": `${ADMIN_TOKEN}x` },
          body,
        }),
      ),
    ).toMatchObject({ status: 401, code: "AuthFailure.SignatureFailure" });
  });

  it("refuses bad account data naming the field", async () => {
    const bad = [
      [{ Type: "company", Email: "a@mail.example", Phone: "+8613800000001" }, "Type"],
      [{ Type: "individual", Email: "not-an-email", Phone: "+8613800000001" }, "Email"],
      [{ Type: "individual", Email: "a@mail.example", Phone: "call me" }, "Phone"],
      [{ Type: "individual", MemberLevel: "V3", Email: "a@mail.example", Phone: "+8613800000001" }, "MemberLevel"],
      [
        { Type: "individual", HeldFreeCertOn20230320: true, Email: "a@mail.example", Phone: "+8613800000001" },
        "HeldFreeCertOn20230320",
      ],
    ] as const;
    for (const [body, field] of bad) {
      const answer = await eco.admin.post("/admin/accounts", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
  });

  it("stores only a hash of the API key's secret", async () => {
    const db = (eco.platform.store as SqlitePlatformStore).db;
    const secret = alice.apiKey.split(".")[1]!;
    const rows = db.prepare("SELECT * FROM api_keys").all() as Json[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("authenticates every /v1 request with vendor-style codes", async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "AuthFailure.InvalidAuthorization"],
      [{ authorization: "Basic abc" }, "AuthFailure.InvalidAuthorization"],
      [{ authorization: "Bearer nonsense" }, "AuthFailure.SecretIdNotFound"],
      [{ authorization: `Bearer AKIDzzzzzzzzzzzzzzzz.${"a".repeat(43)}` }, "AuthFailure.SecretIdNotFound"],
      [{ authorization: `Bearer ${alice.apiKey.split(".")[0]}.${"a".repeat(43)}` }, "AuthFailure.SignatureFailure"],
    ];
    for (const path of ["/v1/quota", `/v1/certificates/${aliceCert}`, "/v1/certificates", "/v1/messages"]) {
      for (const [headers, code] of cases) {
        expect(await errorOf(await raw(path, { headers })), `${path} ${JSON.stringify(headers)}`).toMatchObject({
          status: 401,
          code,
        });
      }
    }
    expect((await alice.api.get("/v1/quota")).status).toBe(200);
  });

  it("an account never sees another's certificates", async () => {
    for (const [method, path, body] of [
      ["GET", `/v1/certificates/${aliceCert}`],
      ["GET", `/v1/certificates/${aliceCert}/operation-logs`],
      ["GET", `/v1/certificates/${aliceCert}/download?ServiceType=nginx`],
      ["POST", `/v1/certificates/${aliceCert}/cancel`, {}],
      ["POST", `/v1/certificates/${aliceCert}/revoke`, { Reason: "x" }],
      ["POST", `/v1/certificates/${aliceCert}/domain-verification`, {}],
      ["PATCH", `/v1/certificates/${aliceCert}`, { Alias: "mine now" }],
    ] as const) {
      const answer = await bob.api.call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe("FailedOperation.CertificateNotFound");
    }
    const unknown = await bob.api.get("/v1/certificates/doesNotExist");
    expect(unknown.body.error.code).toBe("FailedOperation.CertificateNotFound");
    expect((await bob.api.get("/v1/certificates")).body.TotalCount).toBe(0);
    expect((await alice.api.get("/v1/certificates")).body.Certificates.map((c: Json) => c.CertificateId)).toEqual([
      aliceCert,
    ]);
    expect((await eco.detail(alice, aliceCert)).Alias).toBe("");
  });
});

describe("bad input gets a 4xx naming the field, never a 500", () => {
  const apply = (body: string, headers: Record<string, string> = {}) =>
    raw("/v1/free-certificates", {
      method: "POST",
      headers: { authorization: `Bearer ${alice.apiKey}`, "content-type": "application/json", ...headers },
      body,
    });

  it.each([
    ["{not json", 400, "InvalidParameter.MalformedJson", "body"],
    [JSON.stringify({ DomainName: "a.com", DvAuthMethod: "DNS", Colour: "red" }), 400, "UnknownParameter", "Colour"],
    [JSON.stringify({ DvAuthMethod: "DNS" }), 400, "MissingParameter", "DomainName"],
    [JSON.stringify({ DomainName: "a.com", DvAuthMethod: "EMAIL" }), 400, "InvalidParameter", "DvAuthMethod"],
    [
      JSON.stringify({ DomainName: "a.com", DvAuthMethod: "DNS", CsrEncryptAlgo: "DSA" }),
      400,
      "InvalidParameter",
      "CsrEncryptAlgo",
    ],
    [
      JSON.stringify({ DomainName: "a.com", DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC", CsrKeyParameter: "2048" }),
      400,
      "InvalidParameter.CsrKeyParameterInvalid",
      "CsrKeyParameter",
    ],
    [
      JSON.stringify({ DomainName: "a.com", DvAuthMethod: "DNS", ContactEmail: "nope" }),
      400,
      "InvalidParameter",
      "ContactEmail",
    ],
    [JSON.stringify({ DomainName: 42, DvAuthMethod: "DNS" }), 400, "InvalidParameter", "DomainName"],
    [
      JSON.stringify({ DomainName: "x".repeat(70_000), DvAuthMethod: "DNS" }),
      413,
      "InvalidParameter.RequestTooLarge",
      "body",
    ],
    [
      JSON.stringify({ DomainName: "a.com", DvAuthMethod: "DNS", Csr: "hello" }),
      400,
      "InvalidParameter.CsrInvalid",
      "Csr",
    ],
  ])("refuses bad input %# with the right status, code and field", async (body, status, code, field) => {
    const answer = await errorOf(await apply(body));
    expect(answer).toMatchObject({ status, code, field });
  });

  it("FREE-1: wildcards, IP addresses and public suffixes are refused", async () => {
    for (const name of ["*.alice-shop.com", "192.0.2.7", "2001:db8::1", "com", "co.uk"]) {
      const answer = await errorOf(await apply(JSON.stringify({ DomainName: name, DvAuthMethod: "DNS" })));
      expect(answer, name).toMatchObject({
        status: 400,
        code: "InvalidParameter.DomainInvalid",
        field: "DomainName",
        rule: "FREE-1",
      });
    }
  });

  it("FREE-2: names under denied suffixes are refused; DOM-3: after normalisation", async () => {
    for (const name of ["mit.edu", "WWW.Wikipedia.ORG.", "yandex.ru", "sony.co.jp", "bank.bank", "x.live", "a.gov"]) {
      const answer = await errorOf(await apply(JSON.stringify({ DomainName: name, DvAuthMethod: "DNS" })));
      expect(answer, name).toMatchObject({
        status: 400,
        code: "FailedOperation.DomainSuffixNotSupported",
        rule: "FREE-2",
      });
    }
  });

  it("DOM-3: names are normalised before any rule, and bad names are refused", async () => {
    const id = await eco.apply(alice, { DomainName: "  Alice-Blog.COM. " });
    expect((await eco.detail(alice, id)).Domain).toBe("alice-blog.com");
    const idn = await eco.apply(alice, { DomainName: "bücher-alice.com" });
    expect((await eco.detail(alice, idn)).Domain).toBe(domainToASCII("bücher-alice.com"));
    for (const name of [
      "",
      "a..com",
      "exa mple.com",
      "-a.com",
      `${"a".repeat(64)}.com`,
      `${"ab.".repeat(22)}com`,
      "a_b.com",
    ]) {
      const answer = await errorOf(await apply(JSON.stringify({ DomainName: name, DvAuthMethod: "DNS" })));
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.field).toBe("DomainName");
      expect(["InvalidParameter.DomainInvalid", "InvalidParameter"]).toContain(answer.code);
    }
  });

  it("refuses bad queries on the read routes", async () => {
    for (const [path, field] of [
      ["/v1/certificates?Limit=abc", "Limit"],
      ["/v1/certificates?Limit=0", "Limit"],
      ["/v1/certificates?Status=99", "Status"],
      ["/v1/certificates?Colour=red", "Colour"],
      [`/v1/certificates/${aliceCert}/download`, "ServiceType"],
      [`/v1/certificates/${aliceCert}/download?ServiceType=jks`, "ServiceType"],
      ["/v1/messages?Offset=-1", "Offset"],
    ] as const) {
      const answer = await alice.api.get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
  });

  test.prop([fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })], {
    numRuns: 60,
  })("random JSON bodies never get a 5xx", async (body) => {
    const res = await apply(JSON.stringify({ DvAuthMethod: "FILE", ...body }));
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});
