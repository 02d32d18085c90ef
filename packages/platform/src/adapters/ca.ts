// What the orders module needs from a CA, in the platform's own words. Each brand's adapter translates its
// dialect to this; nothing outside `adapters/` knows a brand's URLs, field names or error codes.
import type { SubStatus } from "../orders/status";
import type { DcvCheckResult, DcvInstruction } from "../store/types";

export type CaOrderState =
  | "letter_pending"
  | "pending_dcv"
  | "reviewing"
  | "issued"
  | "failed"
  | "cancelled"
  | "revoked";

export interface CaOrder {
  orderId: string;
  partnerOrderId: string | null;
  state: CaOrderState;
  /** Where the review is, in the vendor's sub-status words, when the CA says. */
  progress: SubStatus | null;
  /** Why it failed, in words for the customer (`code` is the CA's own, for logs). */
  failure: { code: string; reason: string } | null;
  dcv: DcvInstruction[];
  dcvExpiresAt: Date | null;
  certificate: { serial: string; notBefore: Date; notAfter: Date } | null;
}

export interface IssuedCertificate {
  certificatePem: string;
  /** Intermediate(s), then root. */
  chainPem: string[];
  serial: string;
  /** GM (SM-4, PAID-6): the encryption certificate and its private key (PKCS#8 PEM) the CA made. */
  encryption?: { certificatePem: string; privateKeyPem: string };
}

/**
 * What the platform sells, in its own catalogue words: the free DV certificate, or a paid product's validation
 * type and domain type (PAID-1). The adapter knows the brand's product codes.
 */
export type CatalogueProduct =
  | "free-dv"
  | {
      type: "DV" | "OV" | "OV_PRO" | "EV" | "EV_PRO";
      domainType: "single" | "multi" | "wildcard" | "multi-wildcard";
      standard: "international" | "national";
    };

/** The organisation an OV/EV order is for, in the platform's words (PAID-3). */
export interface OrderOrganization {
  name: string;
  division: string;
  registrationNumber: string;
  address: string;
  city: string;
  province: string;
  country: string;
  phone: string;
}

export interface OrderPerson {
  name: string;
  position: string;
  phone: string;
  email: string;
}

export interface PlaceOrderInput {
  product: CatalogueProduct;
  /** Years of the purchase (PAID-2); each certificate of the series is ordered on its own. Default 1. */
  years?: number;
  csrPem: string;
  /** The bound name(s) as the customer gave them; the CA adds DOM-2 companions itself. */
  domains: string[];
  dcvMethod: "dns" | "file";
  /** The platform's certificate ID, so the CA's order can be traced back. */
  partnerOrderId: string;
  callbackUrl?: string;
  /** OV/EV: the organisation, its administrator and the applicant (the contact). */
  organization?: OrderOrganization;
  administrator?: OrderPerson;
  applicant?: OrderPerson;
  /** The company a DV order is for (DNSPod GM DV keeps its validation under it, DCV-8). */
  companyName?: string;
  /** OV-2: the organisation and administrator come from reviewed "My Profile" entries. */
  reviewedProfile?: boolean;
}

/** A confirmation letter as the platform forwards it (OV-1, SM-2), its type already judged by content. */
export interface LetterUpload {
  content: Uint8Array;
  fileName: string;
}

/** A CA refusal the customer should see, in the platform's vocabulary. */
export class CaRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly rule?: string,
    readonly caCode?: string,
  ) {
    super(message);
    this.name = "CaRefusal";
  }
}

export interface CaAdapter {
  readonly brand: string;
  /** How the brand is named to customers ("TrustAsia"). */
  readonly name: string;
  /** The brand's code for a catalogue product (kept with the certificate); undefined when this adapter cannot order it. */
  productCode(product: CatalogueProduct): string | undefined;
  placeOrder(input: PlaceOrderInput): Promise<CaOrder>;
  getOrder(orderId: string, options?: { quick?: boolean }): Promise<CaOrder>;
  /** DCV-10: ask the CA to check the records now. */
  checkDcv(orderId: string): Promise<DcvCheckResult[]>;
  cancel(orderId: string): Promise<CaOrder>;
  revoke(orderId: string, reason: string): Promise<void>;
  fetchCertificate(orderId: string): Promise<IssuedCertificate>;
  /** OV-1/SM-1: forwards the confirmation letter; absent when the brand takes no letters. */
  uploadLetter?(orderId: string, letter: LetterUpload): Promise<CaOrder>;
  /** The CA's order ID in a status callback's body (its own shape); undefined when the body is not one. */
  callbackOrderId(body: unknown): string | undefined;
}
