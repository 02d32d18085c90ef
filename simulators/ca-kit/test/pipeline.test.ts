// ca-kit with a brand of its own (not TrustAsia): the extension points, restarts and the shared clock.
import { join } from "node:path";
import { DAY, MINUTE } from "@certsim/clock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BrandDefinition, CaError, type RunningCa, type StartCaOptions, startCa } from "../src";
import {
  csrFor,
  type JsonClient,
  jsonClient,
  startTestWorld,
  type TestWorld,
  tempDir,
  testHierarchy,
} from "./support/world";

/** A GlobalSign-like brand: TXT at the name itself with a prefixed code, 90-day certificates, one quick delay. */
const exampleBrand: BrandDefinition = {
  id: "exampleca",
  displayName: "Example CA",
  caaIdentities: ["example-ca.test"],
  hierarchyAlgorithm: "RSA",
  products: [
    {
      code: "EX-DV",
      title: "Example DV",
      validation: "DV",
      standard: "international",
      free: false,
      domainTypes: ["single"],
      ip: false,
      maxNames: 1,
      years: [1],
      dcvMethods: { dns: "any", file: "any" },
      validityDays: 90,
    },
  ],
  dcvFormat: {
    instruction: ({ method, domain, validationDomain, rng }) =>
      method === "dns"
        ? { recordType: "TXT", host: validationDomain, value: `_example-verification=${rng.token(128)}` }
        : { recordType: "FILE", host: domain, value: rng.token(128), path: "/.well-known/pki-validation/exdv.txt" },
  },
  orderIdPrefix: "EX",
  admissionRules: [
    ({ domains }) => {
      if (domains.some((d) => d.endsWith("refused.com"))) {
        throw new CaError(403, "ExampleRefused", "this CA does not serve refused.com", { field: "domains" });
      }
    },
  ],
  securityReview: { enabled: false, denyList: { domains: [], lookalikes: [] } },
  timings: { securityReviewDelay: [0, 0], issuanceDelay: [MINUTE, MINUTE] },
};

let world: TestWorld;
let ca: RunningCa | undefined;
let cleanup: (() => void) | undefined;

async function start(
  options: Partial<StartCaOptions> = {},
): Promise<{ ca: RunningCa; api: JsonClient; operator: JsonClient }> {
  ca = await startCa({
    brand: exampleBrand,
    dialect: { basePath: "/v1", apiKeyHeader: "Authorization-Key", errorCodes: { OrderNotFound: "NoSuchOrder" } },
    clock: world.clock,
    rng: world.rng,
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: world.dns.dnsPort },
    webPort: world.web.port,
    hierarchy: await testHierarchy(),
    ...options,
  });
  const operator = jsonClient(ca.operatorUrl);
  return { ca, api: jsonClient(ca.url), operator };
}

let lastKey = "";

async function signUp(operator: JsonClient, url: string): Promise<JsonClient> {
  lastKey = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key;
  return jsonClient(url, { "Authorization-Key": lastKey });
}

const orderBody = async (domain: string) => ({
  product_code: "EX-DV",
  csr: await csrFor(domain),
  domains: [domain],
  dcv_method: "dns",
  partner_order_id: `ex-${domain}`,
});

beforeEach(async () => {
  world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00", seed: "ca-kit" });
  await world.addZone("example.com");
});

afterEach(async () => {
  await ca?.close();
  ca = undefined;
  await world.close();
  cleanup?.();
  cleanup = undefined;
});

describe("a brand built on ca-kit", () => {
  it("brings its own products, record format, admission rules, delays and dialect", async () => {
    const { ca: running, operator } = await start();
    const api = await signUp(operator, running.url);
    const placed = await api.post("/v1/orders", await orderBody("shop.example.com"));
    expect(placed.status).toBe(201);
    expect(placed.body.order_id).toBe("EX00000001");
    const [record] = placed.body.dcv;
    expect(record).toMatchObject({ record_type: "TXT", host: "shop.example.com" });
    expect(record.value).toMatch(/^_example-verification=[0-9a-f]{32}$/);

    await world.setRecords("shop.example.com", "TXT", [record.value]);
    await world.clock.advance(10 * MINUTE);
    expect((await api.get("/v1/orders/EX00000001")).body.stage).toBe("WAIT-ISSUE");
    await world.clock.advance(MINUTE);
    const issued = (await api.get("/v1/orders/EX00000001")).body;
    expect(issued.status).toBe("issued");
    const span = Date.parse(issued.certificate.not_after) - Date.parse(issued.certificate.not_before);
    expect(span).toBe(90 * DAY - 1000);

    const refused = await api.post("/v1/orders", await orderBody("www.refused.com"));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "ExampleRefused", field: "domains" });
    const missing = await api.get("/v1/orders/EX99999999");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NoSuchOrder");
  });

  it("DCV-7: uses the brand's CAA identity", async () => {
    const { ca: running, operator } = await start();
    const api = await signUp(operator, running.url);
    await world.setRecords("example.com", "CAA", ['0 issue "example-ca.test"']);
    const placed = (await api.post("/v1/orders", await orderBody("example.com"))).body;
    await world.setRecords("example.com", "TXT", [placed.dcv[0].value]);
    await world.clock.runUntilIdle();
    expect((await api.get(`/v1/orders/${placed.order_id}`)).body.status).toBe("issued");
  });

  it("a restart re-arms every open order from the database; closing the CA cancels its events on the shared clock", async () => {
    const dir = tempDir();
    cleanup = dir.cleanup;
    const dbPath = join(dir.path, "example.sqlite");
    const first = await start({ dbPath });
    const api = await signUp(first.operator, first.ca.url);
    const placed = (await api.post("/v1/orders", await orderBody("late.example.com"))).body;
    expect(world.clock.pending()).toHaveLength(1);
    await world.clock.advance(DAY);
    await first.ca.close();
    expect(world.clock.pending()).toEqual([]);

    // While the CA is down, time goes on past the deadline; on start it catches up from the stored state.
    await world.clock.advance(7 * DAY);
    const second = await start({ dbPath });
    // The reseller's key was kept (as a hash) and still opens its orders.
    const again = jsonClient(second.ca.url, { "Authorization-Key": lastKey });
    expect((await again.get(`/v1/orders/${placed.order_id}`)).body.status).toBe("pending_dcv");
    await world.clock.runUntilIdle();
    const detail = (await second.operator.get(`/operator/orders/${placed.order_id}`)).body;
    expect(detail).toMatchObject({ status: "failed", failure: { code: "DcvTimeout" } });
  });

  it("a callback that cannot be delivered does not hold the order up", async () => {
    const { ca: running, operator } = await start();
    const api = await signUp(operator, running.url);
    const body = { ...(await orderBody("example.com")), callback_url: "http://127.0.0.1:9/nobody-listens" };
    const placed = (await api.post("/v1/orders", body)).body;
    await world.setRecords("example.com", "TXT", [placed.dcv[0].value]);
    await world.clock.runUntilIdle();
    expect((await api.get(`/v1/orders/${placed.order_id}`)).body.status).toBe("issued");
  });
});
