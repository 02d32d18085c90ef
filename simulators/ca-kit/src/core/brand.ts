import type { Rng } from "@certsim/clock";
import type { CaAlgorithm } from "@certsim/pki";
import type { Store } from "../db/store";
import type { DocumentsPolicy } from "./documents";
import type { ReviewFlow } from "./flow";
import type { LetterPolicy } from "./letter";
import type { ProductRule } from "./products";
import type { ReusePolicy } from "./reuse";
import type { TimingOverrides } from "./timings";
import type { ProofKind, RecordType } from "./types";

/** What the customer must publish for one bound name, in the brand's format (DCV-3). */
export interface DcvInstruction {
  recordType: RecordType;
  /** DNS owner name (TXT/CNAME), or the bound name for a file. */
  host: string;
  value: string;
  /** File path (file method). */
  path?: string;
}

export interface DcvInstructionInput {
  /** The bound name. */
  domain: string;
  /**
   * The name the proof is made at: the wildcard's base, the apex for `www.<apex>` (so one DNS record proves the
   * DOM-2 pair), otherwise the name itself.
   */
  validationDomain: string;
  method: ProofKind;
  /** The order's CSR (DER), for formats derived from it (DNSPod, WoTrus). */
  csrDer: Uint8Array;
  /** A generator reserved for this record (seeded; the same order, record and generation give the same draw). */
  rng: Rng;
  now: Date;
}

/** A brand's record format (DCV-3). */
export interface DcvFormat {
  instruction(input: DcvInstructionInput): DcvInstruction;
}

/** What an admission rule sees before an order is stored (synchronously, in the same transaction as the insert). */
export interface AdmissionContext {
  store: Store;
  resellerId: string;
  product: ProductRule;
  /** Normalised bound names. */
  domains: readonly string[];
  primaryDomain: string;
  now: number;
}

/** A brand rule checked when an order arrives (FREE-3's per-domain limit is one); throws a CaError to refuse. */
export type AdmissionRule = (context: AdmissionContext) => void;

export interface DenyList {
  /** Names refused together with everything under them. */
  domains: string[];
  /** Brand words whose look-alikes (digit/letter swaps, homoglyphs) are refused in any label (FREE-8). */
  lookalikes: string[];
}

/**
 * Everything that makes one CA different from another, as data plus three small hooks. ca-kit does the rest:
 * order store, review pipeline, DCV, CAA, signing, callbacks, operator API.
 */
export interface BrandDefinition {
  /** Short id: "trustasia". Seeds the brand's random stream and names its events. */
  id: string;
  /** Display name, used in the CA certificates' subjects: "TrustAsia". */
  displayName: string;
  /** CAA identities this CA answers to (DCV-7). */
  caaIdentities: readonly string[];
  /** Key algorithm of the root and intermediate. */
  hierarchyAlgorithm: CaAlgorithm;
  products: readonly ProductRule[];
  dcvFormat: DcvFormat;
  /** Prefix of order ids ("TA" → TA00000001). */
  orderIdPrefix: string;
  /** Extra checks before an order is stored. */
  admissionRules?: readonly AdmissionRule[];
  /** The brand's own delays; the rest are ca-kit's defaults. */
  timings?: TimingOverrides;
  /**
   * The review flow by validation level (stages as data, see `ReviewFlow`); a level not named follows `DV_FLOW`
   * (DCV → security review → issuance). WoTrus OV/EV: `["pre-review", ["dcv", "manual-review"], "issue"]`.
   */
  flows?: Partial<Record<"DV" | "OV" | "EV", ReviewFlow>>;
  /** Whether the security review runs (FREE-8), and its deny list when the data folder has none yet. */
  securityReview?: { enabled: boolean; denyList: DenyList };
  /** DCV-11 by default; GM brands use 13 months (DCV-8). */
  reuseDays?: (at: Date) => number;
  /**
   * How long a product's validations are kept and whose they are (`resellerReuse`, `companyReuse`); a product it
   * returns nothing for follows `reuseDays` by reseller (DCV-11). DNSPod GM: 13 months by company (DCV-8).
   */
  reusePolicy?: (product: ProductRule) => ReusePolicy | undefined;
  /** The confirmation letter some products need before a stage may begin (SM-1, OV-1). */
  confirmationLetter?: LetterPolicy;
  /** Documents some products are asked for by mail before a stage may begin (GS-1: GlobalSign EV). */
  documentsByMail?: DocumentsPolicy;
  /**
   * SM-3: the manual review passes at once when the same information (organisation name, registration number,
   * administrator) was approved before, by the same reseller, for a certificate of the same type (standard and
   * validation level).
   */
  reuseApprovedReviews?: boolean;
}
