import type { BrandDefinition, ReviewFlow } from "@certsim/ca-kit";
import { MINUTE } from "@certsim/clock";
import { wotrusDcvFormat } from "./dcv-format";
import { WOTRUS_PRODUCTS } from "./products";

/** DV: DCV, then issuance. */
export const WOTRUS_DV_FLOW: ReviewFlow = ["dcv", "issue"];

/**
 * OV/EV (WT-1…WT-3): information and DCV method come with the order; then the pre-review, whose passing releases
 * the DCV instructions (WT-2); then DCV and the manual review (registry check, phone call, business days) side by
 * side; the certificate is issued when both have passed, whichever finishes first (WT-3). No confirmation letter.
 */
export const WOTRUS_OV_FLOW: ReviewFlow = ["pre-review", ["dcv", "manual-review"], "issue"];

export function wotrusBrand(): BrandDefinition {
  return {
    id: "wotrus",
    displayName: "WoTrus",
    caaIdentities: ["wotrus.com"],
    hierarchyAlgorithm: "RSA",
    products: WOTRUS_PRODUCTS,
    dcvFormat: wotrusDcvFormat,
    orderIdPrefix: "WT",
    flows: { DV: WOTRUS_DV_FLOW, OV: WOTRUS_OV_FLOW, EV: WOTRUS_OV_FLOW },
    // Issuance follows DCV within minutes (or at once when the manual review finishes later).
    timings: { issuanceDelay: [MINUTE, 15 * MINUTE] },
    securityReview: { enabled: false, denyList: { domains: [], lookalikes: [] } },
  };
}
