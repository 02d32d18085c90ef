// Review flows as data: checking a flow, and a brand composing its own (DCV, then a manual review, then issuance)
// through the generic reseller face, with the world's registry and phone line on loopback.
import { createServer } from "node:net";
import { HOUR, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import {
  type BrandDefinition,
  DV_FLOW,
  FlowError,
  type ResellerDialect,
  type RunningCa,
  resolveFlow,
  type StartCaOptions,
  startCa,
} from "../src";
import { csrFor, type JsonClient, jsonClient, startTestWorld, type TestWorld, testHierarchy } from "./support/world";

describe("resolveFlow", () => {
  it("gives every step as a list and keeps side-by-side stages together", () => {
    expect(resolveFlow(DV_FLOW)).toEqual([["dcv"], ["security-review"], ["issue"]]);
    expect(resolveFlow(["pre-review", ["dcv", "manual-review"], "issue"])).toEqual([
      ["pre-review"],
      ["dcv", "manual-review"],
      ["issue"],
    ]);
  });

  it("refuses flows that cannot work, saying why", () => {
    const refusals: [Parameters<typeof resolveFlow>[0], RegExp][] = [
      [[], /at least one step/],
      [["issue"], /validates domain control/],
      [["dcv"], /last step is issue/],
      [["dcv", ["issue", "manual-review"]], /last step is issue, alone/],
      [["issue", "dcv"], /last step is issue/],
      [["dcv", "dcv", "issue"], /appears twice/],
      [[["dcv", "security-review"], "issue"], /security-review runs in a step after dcv/],
      [["dcv", [], "issue"], /step 2 is empty/],
      [["dcv", "letter" as never, "issue"], /unknown stage "letter"/],
    ];
    for (const [flow, message] of refusals) {
      expect(() => resolveFlow(flow), JSON.stringify(flow)).toThrow(FlowError);
      expect(() => resolveFlow(flow), JSON.stringify(flow)).toThrow(message);
    }
  });
});

/** An OV brand whose manual review begins only after DCV (the shape of DNSPod's GM flow, SM-1). */
const ovBrand: BrandDefinition = {
  id: "ovca",
  displayName: "OV Example CA",
  caaIdentities: ["ov-ca.test"],
  hierarchyAlgorithm: "RSA",
  products: [
    {
      code: "OVCA-OV",
      title: "Example OV",
      validation: "OV",
      standard: "international",
      free: false,
      domainTypes: ["single"],
      ip: false,
      maxNames: 1,
      years: [1],
      dcvMethods: { dns: "any" },
      validityDays: 365,
    },
  ],
  dcvFormat: {
    instruction: ({ validationDomain, rng }) => ({
      recordType: "TXT",
      host: `_ovca.${validationDomain}`,
      value: rng.token(128),
    }),
  },
  orderIdPrefix: "OV",
  flows: { OV: ["dcv", "manual-review", "issue"] },
  timings: { issuanceDelay: [MINUTE, MINUTE] },
};

const dialect: ResellerDialect = { basePath: "/v1", apiKeyHeader: "X-Key" };

const ORG = {
  name: "Example Trading Co., Ltd.",
  registrationNumber: "91440300MA5FAB2C3D",
  address: "8 Keyuan Road, Nanshan District",
  city: "Shenzhen",
  phone: "+86 755 8600 0000",
};

let world: TestWorld;
let ca: RunningCa | undefined;

afterEach(async () => {
  if (ca) expect(world.clock.errors()).toEqual([]);
  await ca?.close();
  ca = undefined;
  await world?.close();
});

async function start(options: Partial<StartCaOptions> = {}): Promise<{ api: JsonClient; operator: JsonClient }> {
  ca = await startCa({
    brand: ovBrand,
    dialect,
    clock: world.clock,
    rng: world.rng,
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: world.dns.dnsPort },
    webPort: world.web.port,
    hierarchy: await testHierarchy(),
    ...(world.people ? { worldUrl: world.people.url } : {}),
    ...options,
  });
  const operator = jsonClient(ca.operatorUrl);
  const key = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key;
  return { api: jsonClient(ca.url, { "X-Key": key }), operator };
}

const orderBody = async (organization: Record<string, string> = {}) => ({
  product_code: "OVCA-OV",
  csr: await csrFor("shop.example.com"),
  domains: ["shop.example.com"],
  dcv_method: "dns",
  partner_order_id: `ov-${Math.random()}`,
  organization: {
    name: ORG.name,
    registration_number: ORG.registrationNumber,
    address: ORG.address,
    city: ORG.city,
    phone: ORG.phone,
    ...organization,
  },
  applicant: { name: "Wang Fang", phone: "+86 139 0000 0000", email: "wang.fang@example.com" },
});

describe("a flow composed by a brand: DCV, then the manual review, then issuance", () => {
  it("OV-3/OV-5: the manual review starts only after DCV, checks the registry, calls the registered phone, and the leaf names the organisation", async () => {
    world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00", seed: "ov-flow", world: true });
    await world.addZone("example.com");
    const people = world.people!;
    await people.register(ORG);
    await people.setPhonePolicy(ORG.phone, "confirm");
    const { api, operator } = await start();

    const placed = (await api.post("/v1/orders", await orderBody())).body;
    expect(placed).toMatchObject({
      status: "pending_dcv",
      stage: "PENDING-DCV",
      organization: { registration_number: ORG.registrationNumber, city: "Shenzhen" },
      applicant: { email: "wang.fang@example.com" },
      review: {
        flow: [["dcv"], ["manual-review"], ["issue"]],
        stages: { dcv: "active", "manual-review": "waiting", issue: "waiting" },
      },
    });
    expect(placed.dcv).toHaveLength(1);
    await world.clock.advance(HOUR);
    expect(await people.calls()).toEqual([]); // nobody is called before DCV passes

    await world.setRecords(placed.dcv[0].host, "TXT", [placed.dcv[0].value]);
    await world.clock.advance(HOUR);
    const reviewing = (await operator.get(`/operator/orders/${placed.order_id}`)).body;
    expect(reviewing).toMatchObject({ status: "reviewing", stage: "CA-REVIEWING" });
    expect(reviewing.review.current).toEqual(["manual-review"]);
    expect(reviewing.review.manual_review).toMatchObject({
      validation: "OV",
      business_days: [3, 5],
      registry: "matched",
      phone: "confirmed",
      registered_phone: "+8675586000000",
    });
    expect((await people.calls("+8675586000000")).map((c: { from: string }) => c.from)).toEqual(["OV Example CA"]);

    await world.clock.runUntilIdle();
    const issued = (await operator.get(`/operator/orders/${placed.order_id}`)).body;
    expect(issued.status).toBe("issued");
    const stages = Object.fromEntries(
      issued.review.stages.map((s: { name: string; state: string }) => [s.name, s.state]),
    );
    expect(stages).toEqual({ dcv: "passed", "manual-review": "passed", issue: "passed" });
    const { certificate } = (await api.get(`/v1/orders/${placed.order_id}/certificate`)).body;
    const { X509Certificate } = await import("node:crypto");
    expect(new X509Certificate(certificate).subject).toContain("L=Shenzhen");
  });

  it("OV-5: a phone number the registry does not have fails the order naming the phone field", async () => {
    world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00", seed: "ov-flow", world: true });
    await world.addZone("example.com");
    await world.people!.register(ORG);
    const { api } = await start();
    const placed = (await api.post("/v1/orders", await orderBody({ phone: "+86 755 1234 5678" }))).body;
    await world.setRecords(placed.dcv[0].host, "TXT", [placed.dcv[0].value]);
    await world.clock.runUntilIdle();
    const failed = (await api.get(`/v1/orders/${placed.order_id}`)).body;
    expect(failed).toMatchObject({ status: "failed", failure: { code: "OrganizationMismatch" } });
    expect(failed.failure.reason).toMatch(/^the organisation differs from the business registry: phone \(/);
  });

  it("when the world does not answer, the review waits and tries again; OV/EV orders need the organisation", async () => {
    world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00", seed: "ov-flow" });
    await world.addZone("example.com");
    const closed = await freePort();
    const { api, operator } = await start({ worldUrl: `http://127.0.0.1:${closed}`, worldTimeoutMs: 500 });
    const missing = await api.post("/v1/orders", { ...(await orderBody()), organization: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "MissingParameter", field: "organization" });

    const placed = (await api.post("/v1/orders", await orderBody())).body;
    await world.setRecords(placed.dcv[0].host, "TXT", [placed.dcv[0].value]);
    await world.clock.advance(10 * MINUTE);
    const waiting = (await operator.get(`/operator/orders/${placed.order_id}/review`)).body;
    expect(waiting.manual_review.registry).toBe("pending");
    expect(waiting.manual_review.last_error).toMatch(/registry\/verify/);
    const planned = world.clock.pending().map((event) => event.at.getTime());
    expect(planned).toContain(world.clock.nowMs() + HOUR);
  });

  it("startCa refuses a manual review without the world, and a brand with two faces or none", async () => {
    world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00" });
    const base = {
      brand: ovBrand,
      clock: world.clock,
      rng: world.rng,
      dbPath: ":memory:",
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
    };
    await expect(startCa({ ...base, dialect })).rejects.toThrow(/needs the world's URL/);
    await expect(startCa({ ...base, worldUrl: "http://127.0.0.1:9" })).rejects.toThrow(/dialect or a resellerApi/);
    await expect(
      startCa({ ...base, worldUrl: "http://127.0.0.1:9", dialect, resellerApi: () => undefined }),
    ).rejects.toThrow(/dialect or a resellerApi/);
  });
});

/** A loopback port nobody listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
