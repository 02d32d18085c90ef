import { type DenyList, type ReviewTimings, type RunningCa, startCa, type Validator } from "@certsim/ca-kit";
import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy, KeySpec } from "@certsim/pki";
import { TRUSTASIA_DIALECT, trustAsiaBrand } from "./brand";

export { TRUSTASIA_DEFAULT_DENY_LIST, TRUSTASIA_DIALECT, trustAsiaBrand } from "./brand";
export { TRUSTASIA_FILE_PATH, TRUSTASIA_RANDOM_BITS, TRUSTASIA_TXT_PREFIX, trustAsiaDcvFormat } from "./dcv-format";
export { FREE_CERTIFICATES_PER_PRIMARY_DOMAIN, freeCertificateLimit } from "./free-limit";
export { TRUSTASIA_PRODUCTS } from "./products";

export interface TrustAsiaOptions {
  clock: Scheduler;
  rng: Rng;
  /** SQLite file (its folder is created) or ":memory:". The root is created once per file and kept. */
  dbPath: string;
  /** The world's authoritative DNS server, where every DCV and CAA question goes. */
  dns?: { host: string; port: number };
  /** The web host's port: file validation fetches `http://<name>/…` there. */
  webPort?: number;
  /** Reseller (and operator) API port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Serve the operator API on its own port. */
  operatorPort?: number;
  /** Require `X-Operator-Token` on the operator API. */
  operatorToken?: string;
  /** Review delays and DCV schedule (see README). */
  timings?: Partial<ReviewTimings>;
  /** FREE-3's limit (default 20). */
  freeLimit?: number;
  /** FREE-8's deny list for a new data folder (default TRUSTASIA_DEFAULT_DENY_LIST). */
  denyList?: DenyList;
  calendar?: BusinessCalendar;
  /** Network checks; default: over `dns` and `webPort`. */
  validator?: Validator;
  /** Adopt this hierarchy when the data folder has none (tests share one). */
  hierarchy?: CaHierarchy;
  hierarchyKeys?: { root?: KeySpec; intermediate?: KeySpec };
}

/** Starts the TrustAsia simulator: reseller API under `/api/v2`, operator API under `/operator`. */
export function startTrustAsia(options: TrustAsiaOptions): Promise<RunningCa> {
  const { freeLimit, denyList, ...rest } = options;
  return startCa({
    ...rest,
    brand: trustAsiaBrand({ ...(freeLimit !== undefined ? { freeLimit } : {}), ...(denyList ? { denyList } : {}) }),
    dialect: TRUSTASIA_DIALECT,
  });
}
