import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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
import { type GlobalSignOptions, startGlobalSign } from "../src";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
export type Json = any;

export const API = "/gs/api/v2";

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

/** The organisation as the reseller writes it on the order (other spacing, same facts). */
export const ACME_INFO = {
  OrganizationName: ACME.name,
  RegistrationNumber: ACME.registrationNumber,
  OrganizationAddress: {
    AddressLine1: ACME.address,
    City: ACME.city,
    Country: "CN",
    Phone: "+86 10-8888-0000",
  },
};

export const REQUESTOR = {
  FirstName: "Lei",
  LastName: "Li",
  JobTitle: "IT manager",
  Phone: "+86 138 0013 8000",
  Email: "li.lei@acme.example",
};

export const DOCUMENTS_MAILBOX = "documents@globalsign.example";

// ── letters: files judged by their first bytes (OV-1) ─────────────────────────────────────────────────────────

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A file of `size` bytes starting with `head`, the rest filler. */
function file(head: number[] | string, size: number): Buffer {
  const start = typeof head === "string" ? Buffer.from(head, "latin1") : Buffer.from(head);
  const body = Buffer.alloc(Math.max(size, start.length), 0x20);
  start.copy(body);
  return body;
}

export const letters = {
  png: (size = 4096) => file(PNG_SIGNATURE, size),
  pdf: (size = 4096) => file("%PDF-1.4\n% signed and sealed\n", size),
  jpg: (size = 4096) => file([0xff, 0xd8, 0xff, 0xe0], size),
  gif: (size = 4096) => file("GIF89a", size),
  text: (size = 4096) => file("This letter is plain text, whatever its name says.\n", size),
};

export const base64 = (bytes: Buffer) => bytes.toString("base64");

export interface GsWorld {
  world: TestWorld;
  people: PeopleWorld;
  ca: RunningCa;
  operator: JsonClient;
  /** The reseller API with the first reseller's key. */
  reseller: JsonClient;
  newReseller(name: string): Promise<JsonClient>;
  /** Places an order (DV over DNS for the common name unless the body says otherwise) and expects it accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** An OV order for Acme (organisation and requestor filled in). */
  ovOrder(body?: Record<string, unknown>): Promise<Json>;
  /** An EV order for Acme. */
  evOrder(body?: Record<string, unknown>): Promise<Json>;
  /** Uploads a letter; returns the raw answer. */
  upload(orderId: string, bytes: Buffer, fileName?: string): Promise<{ status: number; body: Json }>;
  /** Publishes every TXT record of an order at the DNS server. */
  publishTxt(order: Json): Promise<void>;
  /** Puts every file of an order on the web host. */
  publishFiles(order: Json): Promise<void>;
  get(orderId: string, client?: JsonClient): Promise<Json>;
  /** The order as the operator sees it (planned instants, review, log). */
  inspect(orderId: string): Promise<Json>;
  log(orderId: string): Promise<string[]>;
  close(): Promise<void>;
}

let partnerIds = 0;

export async function startGsWorld(
  options: { start?: string; seed?: string; registerAcme?: boolean } & Partial<GlobalSignOptions> = {},
): Promise<GsWorld> {
  const { start, seed, registerAcme = true, ...caOptions } = options;
  const world = await startTestWorld({
    start: start ?? "2026-05-11T10:00:00+08:00",
    seed: seed ?? "globalsign-test",
    world: true,
  });
  const people = world.people!;
  const ca = await startGlobalSign({
    clock: world.clock,
    rng: world.rng,
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: world.dns.dnsPort },
    webPort: world.web.port,
    worldUrl: people.url,
    hierarchy: await testHierarchy("GlobalSign"),
    ...caOptions,
  });
  const operator = jsonClient(ca.operatorUrl);
  const apiKey: string = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key;
  await world.addZone("example.com");
  if (registerAcme) {
    await people.register(ACME);
    await people.setPhonePolicy(ACME.phone, "confirm");
  }
  const reseller = jsonClient(ca.url, { "x-gs-api-key": apiKey });

  const state: GsWorld = {
    world,
    people,
    ca,
    operator,
    reseller,
    async newReseller(name) {
      const answer = await operator.post("/operator/resellers", { name });
      return jsonClient(ca.url, { "x-gs-api-key": answer.body.api_key });
    },
    async order(body, client = reseller) {
      const names = [
        body.CommonName as string,
        ...((body.SANEntries as { SubjectAltName: string }[] | undefined) ?? []).map((entry) => entry.SubjectAltName),
      ];
      const payload = {
        ProductCode: "DV_LOW_SHA2",
        DCVMethod: "DNS",
        PartnerOrderID: `p-${++partnerIds}`,
        CSR: await csrFor(...names.map((name) => name.replace(/^\*\./, "wild."))),
        ...body,
      };
      const answer = await client.post(`${API}/orders`, payload);
      if (answer.status !== 201) throw new Error(`order refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    ovOrder(body = {}) {
      return state.order({
        ProductCode: "OV_SHA2",
        CommonName: "www.example.com",
        OrganizationInfo: ACME_INFO,
        RequestorInfo: REQUESTOR,
        ...body,
      });
    },
    evOrder(body = {}) {
      return state.ovOrder({ ProductCode: "EV_SHA2", ...body });
    },
    upload(orderId, bytes, fileName = "letter.pdf") {
      return reseller.post(`${API}/orders/${orderId}/letter`, { ContentBase64: base64(bytes), FileName: fileName });
    },
    async publishTxt(order) {
      const byName = new Map<string, string[]>();
      for (const record of order.DCVList) {
        byName.set(record.RecordName, [...(byName.get(record.RecordName) ?? []), record.RecordValue]);
      }
      for (const [name, values] of byName) await world.setRecords(name, "TXT", values);
    },
    async publishFiles(order) {
      for (const record of order.DCVList) {
        for (const url of record.FileURLs as string[]) {
          await world.putFile(new URL(url).hostname, record.FilePath, record.FileContent);
        }
      }
    },
    async get(orderId, client = reseller) {
      const answer = await client.get(`${API}/orders/${orderId}`);
      if (answer.status !== 200) throw new Error(`order ${orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async inspect(orderId) {
      return (await operator.get(`/operator/orders/${orderId}`)).body;
    },
    async log(orderId) {
      return (await state.inspect(orderId)).log.map((entry: { detail: string }) => entry.detail);
    },
    async close() {
      await ca.close();
      await world.close();
    },
  };
  return state;
}

/** A reseller's callback endpoint: collects every body GlobalSign posts. */
export async function callbackSink(): Promise<{ url: string; bodies: Json[]; close(): Promise<void> }> {
  const bodies: Json[] = [];
  const server: Server = createServer((req, res) => {
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
    url: `http://127.0.0.1:${port}/gs-callback`,
    bodies,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
