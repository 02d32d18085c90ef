import { type BrandWorld, startBrandWorld } from "@certsim/ca-kit/test-support";
import { csrFor, type JsonClient, testHierarchy } from "@certsim/ca-kit/testing";
import {
  createSm2CaHierarchy,
  createSm2Csr,
  generateSm2KeyPair,
  type Sm2CaHierarchy,
  type Sm2KeyPairPem,
} from "@certsim/pki";
import { type DnsPodOptions, startDnsPod } from "../src";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
export type Json = any;

export const API = "/dnspod/v3/cert";

/** An organisation as the business registry has it (OV-5's reference), with its registered phone (OV-3). */
export const ACME = {
  name: "Acme Widgets (Shenzhen) Co., Ltd.",
  registrationNumber: "91440300MA5ABCDE1X",
  address: "1 Keyuan Road, Nanshan District",
  city: "Shenzhen",
  phone: "+86 755 8888 0000",
};

/** The organisation as the applicant writes it on an order. */
export const ACME_CLAIM = {
  name: ACME.name,
  registration_number: ACME.registrationNumber,
  address: ACME.address,
  city: ACME.city,
  country: "CN",
  phone: "+86 755-8888-0000",
};

export const APPLICANT = {
  name: "Han Meimei",
  position: "IT manager",
  phone: "+86 139 0013 9000",
  email: "han.meimei@acme.example",
};

/** The registered phone as the phone line files it. */
export const ACME_PHONE = "+8675588880000";

let sm2Hierarchy: Promise<Sm2CaHierarchy> | undefined;

/** DNSPod's SM2 root and intermediate, made once per test file (as the RSA one is, `testHierarchy`). */
export function testSm2Hierarchy(): Promise<Sm2CaHierarchy> {
  sm2Hierarchy ??= createSm2CaHierarchy({ brand: "DNSPod", now: new Date("2025-01-01T00:00:00Z") });
  return sm2Hierarchy;
}

let sm2Key: Promise<Sm2KeyPairPem> | undefined;

/** The SM2 key every GM CSR of a test file is made with. */
export function testSm2Key(): Promise<Sm2KeyPairPem> {
  sm2Key ??= generateSm2KeyPair();
  return sm2Key;
}

/** A GM CSR (SM2 key, SM3withSM2) for the given names. */
export async function sm2CsrFor(...names: string[]): Promise<string> {
  return createSm2Csr({ key: (await testSm2Key()).privateKeyPem, commonName: names[0]!, names });
}

/** Letters by content: the magic bytes of each type, padded to `size` bytes. */
export function letterOf(type: "pdf" | "jpg" | "gif" | "png" | "text", size = 4096): string {
  const heads = {
    pdf: Buffer.from("%PDF-1.7\n% confirmation letter\n"),
    jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
    gif: Buffer.from("GIF89a"),
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    text: Buffer.from("Dear DNSPod, we confirm the application.\n"),
  };
  const bytes = Buffer.alloc(size, 0x20);
  heads[type].copy(bytes);
  return bytes.toString("base64");
}

export interface DnsPodWorld extends BrandWorld {
  /** The first reseller's token (`apiKey`). */
  token: string;
  /** Places an order (international DV over DNS unless the body says otherwise) and expects it accepted. */
  order(body: Record<string, unknown>, client?: JsonClient): Promise<Json>;
  /** A GM DV order for `company`. */
  gmDvOrder(company: string, body?: Record<string, unknown>): Promise<Json>;
  /** A GM OV order for Acme (organisation and applicant filled in). */
  gmOvOrder(body?: Record<string, unknown>): Promise<Json>;
  /** Uploads a PDF letter and expects it accepted. */
  uploadLetter(orderId: string): Promise<Json>;
  /** Publishes every CNAME of an order at the DNS server. */
  publishCnames(order: Json): Promise<void>;
  /** Puts every file of an order on the web host. */
  publishFiles(order: Json): Promise<void>;
}

let partnerIds = 0;

export async function startDnsPodWorld(
  options: { start?: string; seed?: string; registerAcme?: boolean } & Partial<DnsPodOptions> = {},
): Promise<DnsPodWorld> {
  const { start, seed, registerAcme, ...caOptions } = options;
  const [hierarchy, sm2] = await Promise.all([testHierarchy("DNSPod"), testSm2Hierarchy()]);
  const base = await startBrandWorld({
    start,
    seed: seed ?? "dnspod-test",
    registerAcme,
    acme: ACME,
    keyHeader: "x-dnspod-token",
    orders: `${API}/orders`,
    launch: (world) => startDnsPod({ ...world, hierarchy, sm2Hierarchy: sm2, ...caOptions }),
  });
  const dialect: Omit<DnsPodWorld, keyof BrandWorld> = {
    token: base.apiKey,
    async order(body, client = base.reseller) {
      const domains = body.cert_domains as string[];
      const gm = String(body.cert_product_id ?? "").includes("-GM-");
      const names = domains.map((d) => d.replace(/^\*\./, "wild."));
      return base.place(
        {
          cert_product_id: "DNSPOD-DV",
          cert_dcv_method: "DNS",
          cert_partner_order_id: `p-${++partnerIds}`,
          cert_csr: gm ? await sm2CsrFor(...names) : await csrFor(...names),
          ...body,
        },
        client,
      );
    },
    gmDvOrder(company, body = {}) {
      return state.order({
        cert_product_id: "DNSPOD-GM-DV",
        cert_domains: ["shop.example.com"],
        cert_company_name: company,
        ...body,
      });
    },
    gmOvOrder(body = {}) {
      return state.order({
        cert_product_id: "DNSPOD-GM-OV",
        cert_domains: ["www.example.com"],
        cert_organization: ACME_CLAIM,
        cert_applicant: APPLICANT,
        ...body,
      });
    },
    async uploadLetter(orderId) {
      const answer = await base.reseller.post(`${API}/orders/${orderId}/confirm-letter`, {
        cert_letter_base64: letterOf("pdf"),
        cert_letter_file_name: "letter.pdf",
      });
      if (answer.status !== 200) throw new Error(`letter refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async publishCnames(order) {
      for (const record of order.cert_dcv) await base.world.setRecords(record.host, "CNAME", [record.value]);
    },
    publishFiles(order) {
      return base.putFiles(
        order.cert_dcv.map((record: Json) => ({ urls: record.urls, path: record.path, content: record.value })),
      );
    },
  };
  const state: DnsPodWorld = Object.assign(base, dialect);
  return state;
}
