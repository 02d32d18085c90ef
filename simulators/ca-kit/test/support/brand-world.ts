// What the tests of every brand with its own reseller API share: a test world with the registry, phone and
// mailbox, the brand's CA in it, its first reseller, and the calls every brand's tests make the same way. The
// brand's helpers add its dialect: paths, field names, products and the orders its tests place.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningCa } from "@certsim/ca-kit";
import type { Rng, Scheduler } from "@certsim/clock";
import { type Json, type JsonClient, jsonClient, type PeopleWorld, startTestWorld, type TestWorld } from "./world";

/** What the world gives the brand's `start…`. */
export interface WorldForCa {
  clock: Scheduler;
  rng: Rng;
  dbPath: string;
  dns: { host: string; port: number };
  webPort: number;
  worldUrl: string;
}

export interface BrandWorldOptions {
  start?: string | undefined;
  seed: string;
  /** Register `acme` in the business registry, its phone set to confirm (OV-3, OV-5). Default true. */
  registerAcme?: boolean | undefined;
  acme: { name: string; registrationNumber: string; address: string; city: string; phone: string };
  /** The header the brand's reseller API reads the key from, e.g. "x-wotrus-key". */
  keyHeader: string;
  /** The brand's orders' collection path, e.g. "/wotrus/api/v1/orders". */
  orders: string;
  /** Starts the brand's CA in this world (again on `restart`, on the same options). */
  launch(world: WorldForCa): Promise<RunningCa>;
}

export interface BrandWorld {
  world: TestWorld;
  people: PeopleWorld;
  ca: RunningCa;
  operator: JsonClient;
  /** The reseller API with the first reseller's key. */
  reseller: JsonClient;
  apiKey: string;
  /** A client for a new reseller. */
  newReseller(name: string): Promise<JsonClient>;
  /** Posts an order's body to the brand's orders and expects it placed (201). */
  place(payload: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** The order as the reseller sees it. */
  get(orderId: string, client?: JsonClient): Promise<Json>;
  /** The order as the operator sees it (planned instants, review, log). */
  inspect(orderId: string): Promise<Json>;
  /** The details of the order's log. */
  log(orderId: string): Promise<string[]>;
  /** Puts each file on the web host of every URL it is fetched from. */
  putFiles(files: { urls: string[]; path: string; content: string }[]): Promise<void>;
  /** Restarts the CA on the same options (the clock and world go on); new ports, the same keys and ids. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startBrandWorld(options: BrandWorldOptions): Promise<BrandWorld> {
  const world = await startTestWorld({
    start: options.start ?? "2026-05-11T10:00:00+08:00",
    seed: options.seed,
    world: true,
  });
  const people = world.people!;
  const launch = () =>
    options.launch({
      clock: world.clock,
      rng: world.rng,
      dbPath: ":memory:",
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
      webPort: world.web.port,
      worldUrl: people.url,
    });
  const ca = await launch();
  const operator = jsonClient(ca.operatorUrl);
  const apiKey: string = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key;
  await world.addZone("example.com");
  if (options.registerAcme ?? true) {
    await people.register(options.acme);
    await people.setPhonePolicy(options.acme.phone, "confirm");
  }
  const keyed = (key: string) => jsonClient(state.ca.url, { [options.keyHeader]: key });

  const state: BrandWorld = {
    world,
    people,
    ca,
    operator,
    reseller: jsonClient(ca.url, { [options.keyHeader]: apiKey }),
    apiKey,
    async newReseller(name) {
      return keyed((await state.operator.post("/operator/resellers", { name })).body.api_key);
    },
    async place(payload, client = state.reseller) {
      const answer = await client.post(options.orders, payload);
      if (answer.status !== 201) throw new Error(`order refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async get(orderId, client = state.reseller) {
      const answer = await client.get(`${options.orders}/${orderId}`);
      if (answer.status !== 200) throw new Error(`order ${orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async inspect(orderId) {
      return (await state.operator.get(`/operator/orders/${orderId}`)).body;
    },
    async log(orderId) {
      return (await state.inspect(orderId)).log.map((entry: { detail: string }) => entry.detail);
    },
    async putFiles(files) {
      for (const file of files) {
        for (const url of file.urls) await world.putFile(new URL(url).hostname, file.path, file.content);
      }
    },
    async restart() {
      await state.ca.close();
      state.ca = await launch();
      state.operator = jsonClient(state.ca.operatorUrl);
      state.reseller = keyed(apiKey);
    },
    async close() {
      await state.ca.close();
      await world.close();
    },
  };
  return state;
}

/** A reseller's callback endpoint on loopback: collects every JSON body the CA posts to `url`. */
export async function callbackSink(
  path = "/callback",
): Promise<{ url: string; bodies: Json[]; close(): Promise<void> }> {
  const bodies: Json[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      bodies.push(JSON.parse(text));
      res.end("ok");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
