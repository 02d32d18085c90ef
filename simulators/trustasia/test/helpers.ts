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
  /** Another reseller's client. */
  newReseller(name: string): Promise<{ client: JsonClient; id: string }>;
  /** Places an order and expects it to be accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Record<string, Json>>;
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
  const operator = jsonClient(ca.operatorUrl);
  const created = await operator.post("/operator/resellers", { name: "platform" });
  const reseller = jsonClient(ca.url, { "x-api-key": created.body.api_key });
  const state: TrustAsiaWorld = {
    world,
    ca,
    operator,
    reseller,
    resellerId: created.body.reseller_id,
    async newReseller(name) {
      const answer = await jsonClient(state.ca.operatorUrl).post("/operator/resellers", { name });
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
    async restart() {
      await state.ca.close();
      ca = await launch();
      state.ca = ca;
    },
    async close() {
      await state.ca.close();
      await world.close();
    },
  };
  return state;
}
