import { type RunningCa, startCa, type TimingOverrides, type Validator } from "@certsim/ca-kit";
import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy, KeySpec } from "@certsim/pki";
import { callbackBody } from "./api/present";
import { mountGlobalSignApi } from "./api/reseller";
import { gsStatus } from "./api/words";
import { type DocumentsOptions, GS_DOCUMENTS_MAILBOX, globalSignBrand } from "./brand";

export { letterTemplate } from "./api/letter-template";
export { callbackBody, presentOrder } from "./api/present";
export { GS_API_BASE, GS_KEY_HEADER, mountGlobalSignApi } from "./api/reseller";
export {
  DCV_METHOD,
  ERROR_CODES,
  FAILURE_CODES,
  GS_STATUS_TEXTS,
  GS_STATUSES,
  type GsDcvMethod,
  type GsStatusText,
  gsStatus,
} from "./api/words";
export {
  type DocumentsOptions,
  documentsPolicy,
  GS_DOCUMENTS_MAILBOX,
  GS_DV_FLOW,
  GS_EV_DOCUMENTS,
  GS_LETTER_MIN_BYTES,
  GS_LETTER_POLICY,
  GS_OV_FLOW,
  globalSignBrand,
} from "./brand";
export { codeOf, GS_CODE_BITS, GS_FILE_PATH, GS_TXT_PREFIX, globalSignDcvFormat } from "./dcv-format";
export { GLOBALSIGN_PRODUCTS, GS_PRODUCT_CODES, type GsProductCode, gsProductOf, ruleCode } from "./products";

/** A letter upload is up to 1.4 MB, ~1.9 MB as base64: the reseller API takes JSON bodies up to this. */
export const GS_BODY_LIMIT = "3mb";

export interface GlobalSignOptions {
  clock: Scheduler;
  rng: Rng;
  /** SQLite file (its folder is created) or ":memory:". The root is created once per file and kept. */
  dbPath: string;
  /** The world's authoritative DNS server, where every DCV and CAA question goes. */
  dns?: { host: string; port: number };
  /** The web host's port: file validation fetches `http://<name>/…` there. */
  webPort?: number;
  /** The world's API: business registry (OV-5), phone line (OV-3), mailbox (GS-1). Required (OV/EV vetting). */
  worldUrl: string;
  /** Reseller (and operator) API port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Serve the operator API on its own port. */
  operatorPort?: number;
  /** Require `X-Operator-Token` on the operator API. */
  operatorToken?: string;
  /** Review delays and DCV schedule (see README). */
  timings?: TimingOverrides;
  /** GS-1: the documents mailbox and its delays (see README). */
  documents?: DocumentsOptions;
  calendar?: BusinessCalendar;
  /** Network checks; default: over `dns` and `webPort`. */
  validator?: Validator;
  /** Adopt this hierarchy when the data folder has none (tests share one). */
  hierarchy?: CaHierarchy;
  hierarchyKeys?: { root?: KeySpec; intermediate?: KeySpec };
}

/** Starts the GlobalSign simulator: reseller API under `/gs/api/v2`, operator API under `/operator`. */
export function startGlobalSign(options: GlobalSignOptions): Promise<RunningCa> {
  const { documents, ...rest } = options;
  return startCa({
    ...rest,
    brand: globalSignBrand({ ...(documents ? { documents } : {}) }),
    resellerApi: mountGlobalSignApi(documents?.mailbox ?? GS_DOCUMENTS_MAILBOX),
    callbacks: { statusOf: gsStatus, body: callbackBody },
    bodyLimit: GS_BODY_LIMIT,
  });
}
