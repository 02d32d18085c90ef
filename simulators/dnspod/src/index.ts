import { type RunningCa, startCa, type TimingOverrides, type Validator } from "@certsim/ca-kit";
import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy, KeySpec, Sm2CaHierarchy } from "@certsim/pki";
import { callbackBody } from "./api/present";
import { DNSPOD_BODY_LIMIT, mountDnsPodApi } from "./api/reseller";
import { dnspodStatus } from "./api/words";
import { dnspodBrand } from "./brand";

export { callbackBody, presentDownload, presentOrder, presentSteps, type StepState } from "./api/present";
export { DNSPOD_API_BASE, DNSPOD_BODY_LIMIT, DNSPOD_TOKEN_HEADER, mountDnsPodApi } from "./api/reseller";
export {
  DCV_METHOD,
  DNSPOD_STATUSES,
  type DnsPodDcvMethod,
  type DnsPodStatus,
  dnspodFailure,
  dnspodStatus,
  ERROR_CODES,
} from "./api/words";
export { DNSPOD_DV_FLOW, DNSPOD_GM_OV_FLOW, DNSPOD_LETTER, dnspodBrand, GM_REUSE_MONTHS } from "./brand";
export { csrHashes, DNSPOD_FILE_DIR, DNSPOD_UNIQUE_LENGTH, dnspodDcvFormat, TRUST_PROVIDER_DOMAIN } from "./dcv-format";
export { DNSPOD_PRODUCTS } from "./products";

export interface DnsPodOptions {
  clock: Scheduler;
  rng: Rng;
  /** SQLite file (its folder is created) or ":memory:". Both roots (RSA and SM2) are created once per file and kept. */
  dbPath: string;
  /** The world's authoritative DNS server, where every DCV and CAA question goes. */
  dns?: { host: string; port: number };
  /** The web host's port: file validation fetches `http://<name>/…` there. */
  webPort?: number;
  /** The world's API: business registry (OV-5), phone line (OV-3) and mailbox. Required (GM OV/EV review). */
  worldUrl: string;
  /** Reseller (and operator) API port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Serve the operator API on its own port. */
  operatorPort?: number;
  /** Require `X-Operator-Token` on the operator API. */
  operatorToken?: string;
  /** Review delays and DCV schedule (see README). */
  timings?: TimingOverrides;
  calendar?: BusinessCalendar;
  /** Network checks; default: over `dns` and `webPort`. */
  validator?: Validator;
  /** Adopt this RSA hierarchy (international DV) when the data folder has none (tests share one). */
  hierarchy?: CaHierarchy;
  hierarchyKeys?: { root?: KeySpec; intermediate?: KeySpec };
  /** Adopt this SM2 hierarchy (GM products, SM-4) when the data folder has none. */
  sm2Hierarchy?: Sm2CaHierarchy;
}

/** Starts the DNSPod simulator: reseller API under `/dnspod/v3/cert`, operator API under `/operator`. */
export function startDnsPod(options: DnsPodOptions): Promise<RunningCa> {
  return startCa({
    ...options,
    brand: dnspodBrand(),
    resellerApi: mountDnsPodApi,
    callbacks: { statusOf: dnspodStatus, body: callbackBody },
    bodyLimit: DNSPOD_BODY_LIMIT,
  });
}
