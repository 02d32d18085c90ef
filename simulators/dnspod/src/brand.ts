import {
  type BrandDefinition,
  companyReuse,
  LETTER_MAX_BYTES,
  type LetterPolicy,
  type ReviewFlow,
} from "@certsim/ca-kit";
import { MINUTE } from "@certsim/clock";
import { dnspodDcvFormat } from "./dcv-format";
import { DNSPOD_PRODUCTS } from "./products";

/** DV, international and GM: DCV, then issuance. */
export const DNSPOD_DV_FLOW: ReviewFlow = ["dcv", "issue"];

/**
 * GM OV/EV (SM-1): information and DCV method come with the order; the confirmation letter gates DCV (its
 * instructions are released when the letter is in); the manual review begins when DCV has passed; then issuance.
 */
export const DNSPOD_GM_OV_FLOW: ReviewFlow = ["dcv", "manual-review", "issue"];

/** SM-1, SM-2: GM OV/EV need one letter, JPG, GIF or PDF by content, at most 1.4 MB, uploaded once. */
export const DNSPOD_LETTER: LetterPolicy = {
  required: (product) => product.standard === "gm" && product.validation !== "DV",
  before: "dcv",
  types: ["jpg", "gif", "pdf"],
  maxBytes: LETTER_MAX_BYTES,
  replace: "never",
  rule: "SM-2",
  flowRule: "SM-1",
};

/** DCV-8: a GM validation is kept 13 months for the same company (DV) or organisation (OV/EV) name. */
export const GM_REUSE_MONTHS = 13;

export function dnspodBrand(): BrandDefinition {
  const gmReuse = companyReuse(GM_REUSE_MONTHS, "DCV-8");
  return {
    id: "dnspod",
    displayName: "DNSPod",
    caaIdentities: ["dnspod.cn"],
    hierarchyAlgorithm: "RSA",
    products: DNSPOD_PRODUCTS,
    dcvFormat: dnspodDcvFormat,
    orderIdPrefix: "DP",
    flows: { DV: DNSPOD_DV_FLOW, OV: DNSPOD_GM_OV_FLOW, EV: DNSPOD_GM_OV_FLOW },
    // Issuance follows DCV (or the manual review) within minutes.
    timings: { issuanceDelay: [MINUTE, 30 * MINUTE] },
    securityReview: { enabled: false, denyList: { domains: [], lookalikes: [] } },
    reusePolicy: (product) => (product.standard === "gm" ? gmReuse : undefined),
    confirmationLetter: DNSPOD_LETTER,
    reuseApprovedReviews: true,
  };
}
