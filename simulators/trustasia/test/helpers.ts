import type { RunningCa } from "@certsim/ca-kit";
import {
  csrFor,
  type JsonClient,
  jsonClient,
  startTestWorld,
  type TestWorld,
  testHierarchy,
} from "@certsim/ca-kit/testing";
import { startTrustAsia, type TrustAsiaOptions } from "../src";

export interface TrustAsiaWorld {
  world: TestWorld;
  ca: RunningCa;
  operator: JsonClient;
  /** The reseller API with the first reseller's key. */
  reseller: JsonClient;
  resellerId: string;
  apiKey: string;
  /** Another reseller's client. */
  newReseller(name: string): Promise<{ client: JsonClient; id: string }>;
  /** Places an order and expects it to be accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** Publishes every DNS record of an order (adding to what is there). */
  publishDns(order: Json): Promise<void>;
  /** Puts every file of an order on the web host. */
  publishFiles(order: Json): Promise<void>;
  /** The order as the reseller sees it. */
  get(orderId: string, client?: JsonClient): Promise<Json>;
  /** The order as the operator sees it (with planned instants and its log). */
  inspect(orderId: string): Promise<Json>;
  /** Restarts the CA on the same database (the clock and world go on). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
type Json = any;

let partnerIds = 0;

export async function startTrustAsiaWorld(
  options: { start?: string; seed?: string; dbPath?: string } & Partial<TrustAsiaOptions> = {},
): Promise<TrustAsiaWorld> {
  const { start, seed, ...caOptions } = options;
  const world = await startTestWorld({ start: start ?? "2026-05-11T10:00:00+08:00", seed: seed ?? "trustasia-test" });
  const hierarchy = await testHierarchy();
  const launch = () =>
    startTrustAsia({
      clock: world.clock,
      rng: world.rng,
      dbPath: ":memory:",
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
      webPort: world.web.port,
      hierarchy,
      ...caOptions,
    });
  let ca = await launch();
  const operatorHeaders: Record<string, string> = caOptions.operatorToken
    ? { "x-operator-token": caOptions.operatorToken }
    : {};
  const operator = jsonClient(ca.operatorUrl, operatorHeaders);
  const created = await operator.post("/operator/resellers", { name: "platform" });
  const apiKey: string = created.body.api_key;
  const reseller = jsonClient(ca.url, { "x-api-key": apiKey });
  const state: TrustAsiaWorld = {
    world,
    ca,
    operator,
    reseller,
    resellerId: created.body.reseller_id,
    apiKey,
    async newReseller(name) {
      const answer = await state.operator.post("/operator/resellers", { name });
      return { client: jsonClient(state.ca.url, { "x-api-key": answer.body.api_key }), id: answer.body.reseller_id };
    },
    async order(body, client = state.reseller) {
      const domains = body.domains as string[];
      const payload = {
        product_code: "TA-DV-FREE",
        dcv_method: "dns",
        partner_order_id: `p-${++partnerIds}`,
        csr: await csrFor(...domains.map((d) => d.replace(/^\*\./, "wild."))),
        ...body,
      };
      const answer = await client.post("/api/v2/orders", payload);
      if (answer.status !== 201) throw new Error(`order refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async publishDns(order) {
      for (const record of order.dcv) {
        const answer = await world.dnsApi.post("/records", { name: record.host, type: "TXT", value: record.value });
        if (answer.status >= 300) throw new Error(`TXT ${record.host}: ${JSON.stringify(answer.body)}`);
      }
    },
    async publishFiles(order) {
      for (const record of order.dcv) {
        for (const url of record.urls as string[])
          await world.putFile(new URL(url).hostname, record.path, record.value);
      }
    },
    async get(orderId, client = state.reseller) {
      const answer = await client.get(`/api/v2/orders/${orderId}`);
      if (answer.status !== 200) throw new Error(`order ${orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async inspect(orderId) {
      return (await state.operator.get(`/operator/orders/${orderId}`)).body;
    },
    async restart() {
      await state.ca.close();
      ca = await launch();
      state.ca = ca;
      // New ports: the same keys and ids, new clients.
      state.operator = jsonClient(ca.operatorUrl, operatorHeaders);
      state.reseller = jsonClient(ca.url, { "x-api-key": apiKey });
    },
    async close() {
      await state.ca.close();
      await world.close();
    },
  };
  return state;
}
