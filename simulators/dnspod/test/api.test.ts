// DNSPod's reseller dialect: its token header, products, codes and field names, isolation between resellers, cancel,
// revoke and download; and the state a restart keeps (both hierarchies, a GM certificate's encryption key).
import { join } from "node:path";
import { csrFor, jsonClient, tempDir } from "@certsim/ca-kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { API, type DnsPodWorld, type Json, sm2CsrFor, startDnsPodWorld } from "./helpers";

let t: DnsPodWorld | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  if (t) {
    expect(t.world.clock.errors()).toEqual([]);
    await t.close();
    t = undefined;
  }
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("the DNSPod reseller API", () => {
  it("needs X-DNSPod-Token: no token, a wrong one or another brand's header get 401 cert_token_invalid", async () => {
    t = await startDnsPodWorld();
    const attempts: Record<string, string>[] = [{}, { "x-dnspod-token": "dnspod_nope" }, { "x-wotrus-key": t.token }];
    for (const headers of attempts) {
      const answer = await jsonClient(t.ca.url, headers).get(`${API}/products`);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("cert_token_invalid");
    }
    const spec = (await jsonClient(t.ca.url).get("/openapi.json")).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/dnspod/v3/cert/orders",
        "/dnspod/v3/cert/orders/{cert_order_id}/confirm-letter",
        "/dnspod/v3/cert/orders/{cert_order_id}/download",
      ]),
    );
  });

  it("lists international DV and GM DV/OV/EV, GM uncapped and with the letter for OV/EV", async () => {
    t = await startDnsPodWorld();
    const { cert_products: products } = (await t.reseller.get(`${API}/products`)).body;
    const byId = Object.fromEntries(products.map((p: Json) => [p.cert_product_id, p]));
    expect(Object.keys(byId)).toEqual([
      "DNSPOD-DV",
      "DNSPOD-DV-WILDCARD",
      "DNSPOD-GM-DV",
      "DNSPOD-GM-OV",
      "DNSPOD-GM-OV-WILDCARD",
      "DNSPOD-GM-EV",
    ]);
    expect(byId["DNSPOD-DV"]).toMatchObject({
      cert_standard: "INTL",
      cert_algorithms: ["RSA", "ECC"],
      cert_validity_capped: true,
      cert_confirm_letter: false,
      cert_dcv_methods: ["DNS", "DNS_AUTO", "FILE"],
      cert_periods: [1, 2, 3],
    });
    expect(byId["DNSPOD-DV-WILDCARD"].cert_dcv_methods).toEqual(["DNS", "DNS_AUTO"]);
    expect(byId["DNSPOD-GM-OV"]).toMatchObject({
      cert_standard: "GM",
      cert_validation: "OV",
      cert_algorithms: ["SM2"],
      cert_validity_days: 365,
      cert_validity_capped: false,
      cert_confirm_letter: true,
    });
    expect(byId["DNSPOD-GM-DV"].cert_confirm_letter).toBe(false);
  });

  it("refuses bad input with a 4xx in DNSPod's codes naming DNSPod's field, never a 500", async () => {
    t = await startDnsPodWorld();
    const csr = await sm2CsrFor("shop.example.com");
    const base = {
      cert_product_id: "DNSPOD-GM-DV",
      cert_domains: ["shop.example.com"],
      cert_dcv_method: "DNS",
      cert_partner_order_id: "bad-1",
      cert_company_name: "Acme",
      cert_csr: csr,
    };
    const ecc = await csrFor("shop.example.com");
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ cert_product_id: "DNSPOD-NOPE" }, 400, "cert_product_invalid", "cert_product_id"],
      [{ cert_domains: ["exa mple.com"] }, 400, "cert_domain_invalid", "cert_domains[0]"],
      [{ cert_dcv_method: "EMAIL" }, 400, "cert_param_invalid", "cert_dcv_method"],
      [{ cert_period: 5 }, 400, "cert_param_invalid", "cert_period"],
      [{ cert_csr: "not a csr" }, 400, "cert_csr_invalid", "cert_csr"],
      // CSR-4: a GM product needs an SM2 key, an international one an RSA or ECC key.
      [{ cert_csr: ecc }, 400, "cert_csr_invalid", "cert_csr"],
      [{ cert_product_id: "DNSPOD-DV", cert_company_name: undefined }, 400, "cert_csr_invalid", "cert_csr"],
      [{ cert_colour: "red" }, 400, "cert_param_unknown", "cert_colour"],
      [{ cert_company_name: "   " }, 400, "cert_param_invalid", "cert_company_name"],
      [{ cert_product_id: "DNSPOD-GM-OV" }, 400, "cert_param_invalid", "cert_company_name"],
      [
        { cert_product_id: "DNSPOD-GM-OV", cert_company_name: undefined },
        400,
        "cert_param_missing",
        "cert_organization",
      ],
      [{ cert_domains: ["*.example.com"] }, 400, "cert_domain_invalid", "cert_domains"],
      [
        {
          cert_product_id: "DNSPOD-GM-OV-WILDCARD",
          cert_company_name: undefined,
          cert_domains: ["*.example.com"],
          cert_dcv_method: "FILE",
        },
        400,
        "cert_dcv_method_invalid",
        "cert_dcv_method",
      ],
    ];
    for (const [change, status, code, field] of cases) {
      const body: Record<string, unknown> = { ...base, ...change };
      for (const key of Object.keys(change)) if (change[key] === undefined) delete body[key];
      const answer = await t.reseller.post(`${API}/orders`, body);
      expect([answer.status, answer.body.error?.code, answer.body.error?.field], JSON.stringify(change)).toEqual([
        status,
        code,
        field,
      ]);
    }
    const broken = await fetch(`${t.ca.url}${API}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-dnspod-token": t.token },
      body: "{",
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Json).error.code).toBe("cert_param_invalid");
  });

  it("keeps resellers apart, repeats an order for the same cert_partner_order_id, cancels before issuance and revokes after", async () => {
    t = await startDnsPodWorld();
    const first = await t.order({ cert_domains: ["shop.example.com"], cert_partner_order_id: "same" });
    const again = await t.reseller.post(`${API}/orders`, {
      cert_product_id: "DNSPOD-DV",
      cert_domains: ["shop.example.com"],
      cert_dcv_method: "DNS",
      cert_partner_order_id: "same",
      cert_csr: "ignored: the stored order answers",
    });
    expect(again.status).toBe(200);
    expect(again.body.cert_order_id).toBe(first.cert_order_id);
    const conflict = await t.reseller.post(`${API}/orders`, {
      cert_product_id: "DNSPOD-DV",
      cert_domains: ["shop.example.com"],
      cert_dcv_method: "FILE",
      cert_partner_order_id: "same",
      cert_csr: "x",
    });
    expect(conflict.body.error).toMatchObject({ code: "cert_partner_order_conflict", field: "cert_partner_order_id" });

    const other = await t.newReseller("another platform");
    const hidden = await other.get(`${API}/orders/${first.cert_order_id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("cert_order_not_found");
    expect((await other.get(`${API}/orders`)).body).toEqual({ cert_total: 0, cert_orders: [] });

    const early = await t.reseller.get(`${API}/orders/${first.cert_order_id}/download`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("cert_order_state_invalid");
    const cancelled = await t.reseller.post(`${API}/orders/${first.cert_order_id}/cancel`);
    expect(cancelled.body.cert_status).toBe("CANCELLED");

    const issued = await t.order({ cert_domains: ["api.example.com"] });
    await t.publishCnames(issued);
    await t.world.clock.runUntilIdle();
    const listed = (await t.reseller.get(`${API}/orders?cert_status=ISSUED`)).body;
    expect(listed.cert_orders.map((o: Json) => o.cert_order_id)).toEqual([issued.cert_order_id]);
    const revoked = await t.reseller.post(`${API}/orders/${issued.cert_order_id}/revoke`, {
      cert_revoke_reason: "key compromise",
    });
    expect(revoked.body.cert_status).toBe("REVOKED");
    expect(revoked.body.cert_certificate.revoked_at).toMatch(/\+08:00$/);
    const serial = revoked.body.cert_certificate.serial_number;
    expect((await t.operator.get(`/operator/certificates/${serial}`)).body.status).toBe("revoked");
  });

  it("a restart keeps both hierarchies and a GM certificate with its encryption key", async () => {
    const data = tempDir("dnspod-restart-");
    cleanups.push(data.cleanup);
    const dbPath = join(data.path, "dnspod.sqlite");
    t = await startDnsPodWorld({ dbPath });
    const roots = (await t.operator.get("/operator/roots")).body;
    const order = await t.gmDvOrder("Acme Widgets");
    await t.publishCnames(order);
    await t.world.clock.runUntilIdle();
    const before = (await t.reseller.get(`${API}/orders/${order.cert_order_id}/download`)).body;
    expect(before.cert_encrypt_key_pem).toMatch(/PRIVATE KEY/);

    await t.ca.close();
    const { startDnsPod } = await import("../src");
    const world = t.world;
    t.ca = await startDnsPod({
      clock: world.clock,
      rng: world.rng,
      dbPath,
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
      webPort: world.web.port,
      worldUrl: t.people.url,
    });
    const reseller = jsonClient(t.ca.url, { "x-dnspod-token": t.token });
    expect((await jsonClient(t.ca.operatorUrl).get("/operator/roots")).body).toEqual(roots);
    const after = (await reseller.get(`${API}/orders/${order.cert_order_id}/download`)).body;
    expect(after).toEqual(before);
  });
});
