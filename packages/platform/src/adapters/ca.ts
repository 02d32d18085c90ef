// What the orders module needs from a CA, in the platform's own words. Each brand's adapter translates its
// dialect to this; nothing outside `adapters/` knows a brand's URLs, field names or error codes.
import type { DcvCheckResult, DcvInstruction } from "../store/types";

export type CaOrderState = "pending_dcv" | "reviewing" | "issued" | "failed" | "cancelled" | "revoked";

export interface CaOrder {
  orderId: string;
  partnerOrderId: string | null;
  state: CaOrderState;
  /** The CA's own word for where the order is (free text), when it gives one. */
  stage: string | null;
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
}

export interface PlaceOrderInput {
  productCode: string;
  csrPem: string;
  /** The bound name(s) as the customer gave them; the CA adds DOM-2 companions itself. */
  domains: string[];
  dcvMethod: "dns" | "file";
  /** The platform's certificate ID, so the CA's order can be traced back. */
  partnerOrderId: string;
  callbackUrl?: string;
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
  placeOrder(input: PlaceOrderInput): Promise<CaOrder>;
  getOrder(orderId: string, options?: { quick?: boolean }): Promise<CaOrder>;
  /** DCV-10: ask the CA to check the records now. */
  checkDcv(orderId: string): Promise<DcvCheckResult[]>;
  cancel(orderId: string): Promise<CaOrder>;
  revoke(orderId: string, reason: string): Promise<void>;
  fetchCertificate(orderId: string): Promise<IssuedCertificate>;
}
