import type { RunningCa } from "@certsim/ca-kit";
import {
  csrFor,
  type JsonClient,
  jsonClient,
  type PeopleWorld,
  startTestWorld,
  type TestWorld,
  testHierarchy,
} from "@certsim/ca-kit/testing";
import { startWoTrus, type WoTrusOptions } from "../src";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
type Json = any;

export const API = "/wotrus/api/v1";

/** An organisation as the business registry has it (OV-5's reference), with its registered phone (OV-3). */
export const ACME = {
  name: "Acme Widgets (Beijing) Co., Ltd.",
  registrationNumber: "91110105MA01ABCD1X",
  address: "1 Jianguomen Outer Street, Chaoyang District",
  city: "Beijing",
  phone: "+86 10 8888 0000",
};

/** The registered phone as the phone line files it. */
export const ACME_PHONE = "+861088880000";

/** The organisation as the applicant writes it on the order (other spacing, same facts). */
export const ACME_CLAIM = {
  name: ACME.name,
  registrationNumber: ACME.registrationNumber,
  address: ACME.address,
  city: ACME.city,
  country: "CN",
  phone: "+86 10-8888-0000",
};

export const APPLICANT = {
  name: "Li Lei",
  position: "IT manager",
  phone: "+86 138 0013 8000",
  email: "li.lei@acme.example",
};

export interface WoTrusWorld {
  world: TestWorld;
  people: PeopleWorld;
  ca: RunningCa;
  operator: JsonClient;
  /** The reseller API with the first reseller's key. */
  reseller: JsonClient;
  apiKey: string;
  newReseller(name: string): Promise<JsonClient>;
  /** Places an order (DV single over CNAME unless the body says otherwise) and expects it to be accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** An OV order for Acme (organisation and applicant filled in). */
  ovOrder(body?: Record<string, unknown>): Promise<Json>;
  /** Publishes every CNAME of an order at the DNS server. */
  publishCnames(order: Json): Promise<void>;
  /** Puts every file of an order on the web host. */
  publishFiles(order: Json): Promise<void>;
  get(orderNo: string, client?: JsonClient): Promise<Json>;
  /** The order as the operator sees it (planned instants, review, log). */
  inspect(orderNo: string): Promise<Json>;
  /** Runs the clock until the order's DCV instructions are out (its pre-review passed), and returns it. */
  untilReleased(orderNo: string): Promise<Json>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let partnerIds = 0;

export async function startWoTrusWorld(
  options: { start?: string; seed?: string; registerAcme?: boolean } & Partial<WoTrusOptions> = {},
): Promise<WoTrusWorld> {
  const { start, seed, registerAcme = true, ...caOptions } = options;
  const world = await startTestWorld({
    start: start ?? "2026-05-11T10:00:00+08:00",
    seed: seed ?? "wotrus-test",
    world: true,
  });
  const people = world.people!;
  const hierarchy = await testHierarchy("WoTrus");
  const launch = () =>
    startWoTrus({
      clock: world.clock,
      rng: world.rng,
      dbPath: ":memory:",
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
      webPort: world.web.port,
      worldUrl: people.url,
      hierarchy,
      ...caOptions,
    });
  const ca = await launch();
  const operator = jsonClient(ca.operatorUrl);
  const apiKey: string = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key;
  await world.addZone("example.com");
  if (registerAcme) {
    await people.register(ACME);
    await people.setPhonePolicy(ACME.phone, "confirm");
  }

  const state: WoTrusWorld = {
    world,
    people,
    ca,
    operator,
    reseller: jsonClient(ca.url, { "x-wotrus-key": apiKey }),
    apiKey,
    async newReseller(name) {
      const answer = await state.operator.post("/operator/resellers", { name });
      return jsonClient(state.ca.url, { "x-wotrus-key": answer.body.api_key });
    },
    async order(body, client = state.reseller) {
      const domains = body.domains as string[];
      const payload = {
        productCode: "WOTRUS-DV-SSL",
        dcvMethod: "CNAME",
        resellerOrderNo: `r-${++partnerIds}`,
        csr: await csrFor(...domains.map((d) => d.replace(/^\*\./, "wild."))),
        ...body,
      };
      const answer = await client.post(`${API}/orders`, payload);
      if (answer.status !== 201) throw new Error(`order refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    ovOrder(body = {}) {
      return state.order({
        productCode: "WOTRUS-OV-SSL",
        domains: ["www.example.com"],
        organization: ACME_CLAIM,
        applicant: APPLICANT,
        ...body,
      });
    },
    async publishCnames(order) {
      for (const record of order.dcvList) await world.setRecords(record.dnsHost, "CNAME", [record.dnsValue]);
    },
    async publishFiles(order) {
      for (const record of order.dcvList) {
        for (const url of record.fileUrls as string[]) {
          await world.putFile(new URL(url).hostname, record.filePath, record.fileContent);
        }
      }
    },
    async get(orderNo, client = state.reseller) {
      const answer = await client.get(`${API}/orders/${orderNo}`);
      if (answer.status !== 200) throw new Error(`order ${orderNo}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async inspect(orderNo) {
      return (await state.operator.get(`/operator/orders/${orderNo}`)).body;
    },
    async untilReleased(orderNo) {
      const planned = (await state.inspect(orderNo)).review.stages.find(
        (stage: { name: string }) => stage.name === "pre-review",
      );
      await world.clock.advanceTo(Date.parse(planned.due_at));
      return state.get(orderNo);
    },
    async restart() {
      await state.ca.close();
      state.ca = await launch();
      state.operator = jsonClient(state.ca.operatorUrl);
      state.reseller = jsonClient(state.ca.url, { "x-wotrus-key": apiKey });
    },
    async close() {
      await state.ca.close();
      await world.close();
    },
  };
  return state;
}
