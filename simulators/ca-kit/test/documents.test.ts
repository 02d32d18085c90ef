// Documents requested by mail (the mechanism behind GS-1), through the generic reseller face with the world's
// mailbox on loopback: the request mailed some business days after submission, a stage waiting for the answer, the
// CA finding the answer in its own mailbox on the clock, and all of it kept across a restart.
import { join } from "node:path";
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, expect, it } from "vitest";
import { type BrandDefinition, type RunningCa, startCa } from "../src";
import {
  csrFor,
  type JsonClient,
  jsonClient,
  startTestWorld,
  type TestWorld,
  tempDir,
  testHierarchy,
} from "./support/world";

const MAILBOX = "documents@ov-ca.test";
const APPLICANT = "ann@example-trading.test";

const brand: BrandDefinition = {
  id: "docca",
  displayName: "Documents CA",
  caaIdentities: ["doc-ca.test"],
  hierarchyAlgorithm: "RSA",
  products: [
    {
      code: "DOC-OV",
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
      host: `_doc.${validationDomain}`,
      value: rng.token(128),
    }),
  },
  orderIdPrefix: "DC",
  flows: { OV: ["dcv", "manual-review", "issue"] },
  documentsByMail: {
    required: (product) => product.validation === "OV",
    before: "manual-review",
    mailbox: MAILBOX,
    documents: () => ["the business licence", "the signed application form"],
    requestAfterBusinessDays: [2, 3],
    pollInterval: HOUR,
    patience: 5 * DAY,
    rule: "GS-1",
  },
  timings: { issuanceDelay: [MINUTE, MINUTE] },
};

const ORG = {
  name: "Example Trading Co., Ltd.",
  registrationNumber: "91440300MA5FAB2C3D",
  address: "8 Keyuan Road, Nanshan District",
  city: "Shenzhen",
  phone: "+86 755 8600 0000",
};

let world: TestWorld | undefined;
let ca: RunningCa | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  if (ca && world) expect(world.clock.errors()).toEqual([]);
  await ca?.close();
  ca = undefined;
  await world?.close();
  world = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it("documents by mail: requested 2–3 business days after submission; the manual review waits for the mailed answer, across a restart", async () => {
  // Monday 10:00: the request falls on Wednesday or Thursday.
  world = await startTestWorld({ start: "2026-05-11T10:00:00+08:00", world: true });
  const people = world.people!;
  await people.register(ORG);
  await people.setPhonePolicy(ORG.phone, "confirm");
  await world.addZone("example.com");
  const dir = tempDir("ca-kit-documents-");
  cleanups.push(dir.cleanup);
  const hierarchy = await testHierarchy();
  const launch = () =>
    startCa({
      brand,
      dialect: { basePath: "/v1", apiKeyHeader: "X-Key" },
      clock: world!.clock,
      rng: world!.rng,
      dbPath: join(dir.path, "ca.sqlite"),
      dns: { host: "127.0.0.1", port: world!.dns.dnsPort },
      webPort: world!.web.port,
      worldUrl: people.url,
      hierarchy,
    });
  ca = await launch();
  const operator = (): JsonClient => jsonClient(ca!.operatorUrl);
  const key = (await operator().post("/operator/resellers", { name: "platform" })).body.api_key;
  const api = jsonClient(ca.url, { "X-Key": key });
  const placed = await api.post("/v1/orders", {
    product_code: "DOC-OV",
    csr: await csrFor("shop.example.com"),
    domains: ["shop.example.com"],
    dcv_method: "dns",
    partner_order_id: "doc-1",
    organization: {
      name: ORG.name,
      registration_number: ORG.registrationNumber,
      address: ORG.address,
      city: ORG.city,
      phone: ORG.phone,
    },
    applicant: { name: "Ann", phone: "+86 138 0000 0000", email: APPLICANT },
  });
  expect(placed.status).toBe(201);
  const id: string = placed.body.order_id;
  await world.setRecords(placed.body.dcv[0].host, "TXT", [placed.body.dcv[0].value]);
  await world.clock.advance(10 * MINUTE);

  const documents = async () => (await operator().get(`/operator/orders/${id}/review`)).body.documents;
  const planned = Date.parse((await documents()).request_at);
  expect(planned).toBeGreaterThanOrEqual(Date.parse("2026-05-13T10:00:00+08:00"));
  expect(planned).toBeLessThanOrEqual(Date.parse("2026-05-14T10:00:00+08:00"));
  // DCV passed; the manual review waits (CA-REVIEWING) and has not begun: the operator cannot pass it.
  expect((await operator().get(`/operator/orders/${id}`)).body).toMatchObject({
    status: "reviewing",
    stage: "CA-REVIEWING",
  });
  expect((await operator().post(`/operator/orders/${id}/approve`)).status).toBe(409);
  expect((await operator().post(`/operator/orders/${id}/review/approve`)).status).toBe(409);

  // A restart before the request: the planned instant survives and the request still goes out.
  await ca.close();
  ca = await launch();
  await world.clock.advanceTo(planned);
  const mail = await people.mail(APPLICANT);
  expect(mail.map((m: { from: string }) => m.from)).toEqual([MAILBOX]);
  expect(mail[0].subject).toContain(id);
  expect(mail[0].body).toContain("the signed application form");
  expect(await documents()).toMatchObject({
    requested_to: APPLICANT,
    documents: ["the business licence", "the signed application form"],
  });

  await world.clock.advance(5 * HOUR);
  expect(await people.calls()).toEqual([]);
  await people.api.post("/mail", { to: MAILBOX, from: APPLICANT, subject: `Re: ${mail[0].subject}`, body: "attached" });
  await ca.close();
  ca = await launch();
  await world.clock.advance(HOUR);
  expect(await documents()).toMatchObject({ answered_by: "mail", answer: { from: APPLICANT } });
  expect(await people.calls()).toHaveLength(1);
  await world.clock.runUntilIdle();
  expect((await operator().get(`/operator/orders/${id}`)).body.status).toBe("issued");
});
