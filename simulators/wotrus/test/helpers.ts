import { type BrandWorld, startBrandWorld } from "@certsim/ca-kit/test-support";
import { csrFor, type JsonClient, testHierarchy } from "@certsim/ca-kit/testing";
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

export interface WoTrusWorld extends BrandWorld {
  /** Places an order (DV single over CNAME unless the body says otherwise) and expects it to be accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** An OV order for Acme (organisation and applicant filled in). */
  ovOrder(body?: Record<string, unknown>): Promise<Json>;
  /** Publishes every CNAME of an order at the DNS server. */
  publishCnames(order: Json): Promise<void>;
  /** Puts every file of an order on the web host. */
  publishFiles(order: Json): Promise<void>;
  /** Runs the clock until the order's DCV instructions are out (its pre-review passed), and returns it. */
  untilReleased(orderNo: string): Promise<Json>;
}

let partnerIds = 0;

export async function startWoTrusWorld(
  options: { start?: string; seed?: string; registerAcme?: boolean } & Partial<WoTrusOptions> = {},
): Promise<WoTrusWorld> {
  const { start, seed, registerAcme, ...caOptions } = options;
  const hierarchy = await testHierarchy("WoTrus");
  const base = await startBrandWorld({
    start,
    seed: seed ?? "wotrus-test",
    registerAcme,
    acme: ACME,
    keyHeader: "x-wotrus-key",
    orders: `${API}/orders`,
    launch: (world) => startWoTrus({ ...world, hierarchy, ...caOptions }),
  });
  const dialect: Omit<WoTrusWorld, keyof BrandWorld> = {
    async order(body, client = base.reseller) {
      const domains = body.domains as string[];
      return base.place(
        {
          productCode: "WOTRUS-DV-SSL",
          dcvMethod: "CNAME",
          resellerOrderNo: `r-${++partnerIds}`,
          csr: await csrFor(...domains.map((d) => d.replace(/^\*\./, "wild."))),
          ...body,
        },
        client,
      );
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
      for (const record of order.dcvList) await base.world.setRecords(record.dnsHost, "CNAME", [record.dnsValue]);
    },
    publishFiles(order) {
      return base.putFiles(
        order.dcvList.map((record: Json) => ({
          urls: record.fileUrls,
          path: record.filePath,
          content: record.fileContent,
        })),
      );
    },
    async untilReleased(orderNo) {
      const planned = (await base.inspect(orderNo)).review.stages.find(
        (stage: { name: string }) => stage.name === "pre-review",
      );
      await base.world.clock.advanceTo(Date.parse(planned.due_at));
      return base.get(orderNo);
    },
  };
  const state: WoTrusWorld = Object.assign(base, dialect);
  return state;
}
