import { type BrandWorld, callbackSink as sinkAt, startBrandWorld } from "@certsim/ca-kit/test-support";
import { csrFor, type JsonClient, testHierarchy } from "@certsim/ca-kit/testing";
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

export interface GsWorld extends BrandWorld {
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
}

let partnerIds = 0;

export async function startGsWorld(
  options: { start?: string; seed?: string; registerAcme?: boolean } & Partial<GlobalSignOptions> = {},
): Promise<GsWorld> {
  const { start, seed, registerAcme, ...caOptions } = options;
  const hierarchy = await testHierarchy("GlobalSign");
  const base = await startBrandWorld({
    start,
    seed: seed ?? "globalsign-test",
    registerAcme,
    acme: ACME,
    keyHeader: "x-gs-api-key",
    orders: `${API}/orders`,
    launch: (world) => startGlobalSign({ ...world, hierarchy, ...caOptions }),
  });
  const dialect: Omit<GsWorld, keyof BrandWorld> = {
    async order(body, client = base.reseller) {
      const names = [
        body.CommonName as string,
        ...((body.SANEntries as { SubjectAltName: string }[] | undefined) ?? []).map((entry) => entry.SubjectAltName),
      ];
      return base.place(
        {
          ProductCode: "DV_LOW_SHA2",
          DCVMethod: "DNS",
          PartnerOrderID: `p-${++partnerIds}`,
          CSR: await csrFor(...names.map((name) => name.replace(/^\*\./, "wild."))),
          ...body,
        },
        client,
      );
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
      return base.reseller.post(`${API}/orders/${orderId}/letter`, {
        ContentBase64: base64(bytes),
        FileName: fileName,
      });
    },
    async publishTxt(order) {
      const byName = new Map<string, string[]>();
      for (const record of order.DCVList) {
        byName.set(record.RecordName, [...(byName.get(record.RecordName) ?? []), record.RecordValue]);
      }
      for (const [name, values] of byName) await base.world.setRecords(name, "TXT", values);
    },
    publishFiles(order) {
      return base.putFiles(
        order.DCVList.map((record: Json) => ({
          urls: record.FileURLs,
          path: record.FilePath,
          content: record.FileContent,
        })),
      );
    },
  };
  const state: GsWorld = Object.assign(base, dialect);
  return state;
}

/** A reseller's callback endpoint: collects every body GlobalSign posts. */
export const callbackSink = () => sinkAt("/gs-callback");
