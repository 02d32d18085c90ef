import {
  type BrandDefinition,
  DOCUMENTS_DEFAULTS,
  type DocumentsPolicy,
  LETTER_MAX_BYTES,
  type LetterPolicy,
  type ReviewFlow,
} from "@certsim/ca-kit";
import { MINUTE } from "@certsim/clock";
import { globalSignDcvFormat } from "./dcv-format";
import { GLOBALSIGN_PRODUCTS } from "./products";

/** DV: DCV, then issuance. */
export const GS_DV_FLOW: ReviewFlow = ["dcv", "issue"];

/**
 * OV and EV: DCV, then the vetting (manual review: registry OV-5, phone OV-3, business days OV-4), then issuance.
 * The confirmation letter gates DCV (OV-1, `GS_LETTER_POLICY`), and for EV the documents asked for by mail gate the
 * vetting (GS-1, `documentsPolicy`): information → letter → DCV → (documents) → vetting → issuance.
 */
export const GS_OV_FLOW: ReviewFlow = ["dcv", "manual-review", "issue"];

/** Smallest letter accepted: 1 KB (the vendor API's lower bound, OV-1). */
export const GS_LETTER_MIN_BYTES = 1024;

/**
 * OV-1 and OV-2: every OV and EV order needs the signed letter before DCV begins — GlobalSign asks for it even when
 * the organisation comes from a reviewed profile — judged by its content (JPG, PNG or PDF), 1 KB–1.4 MB, and it may
 * be uploaded again while the order is open (the manual review included).
 */
export const GS_LETTER_POLICY: LetterPolicy = {
  required: (product) => product.validation !== "DV",
  before: "dcv",
  types: ["jpg", "png", "pdf"],
  minBytes: GS_LETTER_MIN_BYTES,
  maxBytes: LETTER_MAX_BYTES,
  replace: "until-issued",
  rule: "OV-1",
};

/** Where GlobalSign's vetting team asks for documents, and where the applicant answers (GS-1). */
export const GS_DOCUMENTS_MAILBOX = "documents@globalsign.example";

/** What GlobalSign's EV vetting asks for by mail (GS-1). */
export const GS_EV_DOCUMENTS: readonly string[] = [
  "a copy of the business licence, stamped with the company seal",
  "the EV certificate request form, signed by the contract signer and approved by the certificate approver",
  "the EV subscriber agreement, signed by the contract signer",
  "a professional opinion letter or bank confirmation of the organisation's operational existence",
];

export type DocumentsOptions = Partial<
  Pick<DocumentsPolicy, "mailbox" | "requestAfterBusinessDays" | "pollInterval" | "patience">
>;

/** GS-1: EV orders are asked for documents by mail 2–3 business days after submission; the vetting waits. */
export function documentsPolicy(options: DocumentsOptions = {}): DocumentsPolicy {
  return {
    required: (product) => product.validation === "EV",
    before: "manual-review",
    mailbox: options.mailbox ?? GS_DOCUMENTS_MAILBOX,
    documents: () => GS_EV_DOCUMENTS,
    requestAfterBusinessDays: options.requestAfterBusinessDays ?? DOCUMENTS_DEFAULTS.requestAfterBusinessDays,
    pollInterval: options.pollInterval ?? DOCUMENTS_DEFAULTS.pollInterval,
    patience: options.patience ?? DOCUMENTS_DEFAULTS.patience,
    rule: "GS-1",
  };
}

export function globalSignBrand(options: { documents?: DocumentsOptions } = {}): BrandDefinition {
  return {
    id: "globalsign",
    displayName: "GlobalSign",
    caaIdentities: ["globalsign.com"],
    hierarchyAlgorithm: "RSA",
    products: GLOBALSIGN_PRODUCTS,
    dcvFormat: globalSignDcvFormat,
    orderIdPrefix: "GS",
    flows: { DV: GS_DV_FLOW, OV: GS_OV_FLOW, EV: GS_OV_FLOW },
    confirmationLetter: GS_LETTER_POLICY,
    documentsByMail: documentsPolicy(options.documents),
    // Issuance follows DCV within minutes (or at once when the vetting finishes later).
    timings: { issuanceDelay: [MINUTE, 15 * MINUTE] },
    securityReview: { enabled: false, denyList: { domains: [], lookalikes: [] } },
  };
}
