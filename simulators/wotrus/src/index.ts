import { type RunningCa, startCa, type TimingOverrides, type Validator } from "@certsim/ca-kit";
import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy, KeySpec } from "@certsim/pki";
import { callbackBody } from "./api/present";
import { mountWoTrusApi } from "./api/reseller";
import { wotrusStatus } from "./api/words";
import { wotrusBrand } from "./brand";

export { callbackBody, presentOrder } from "./api/present";
export { mountWoTrusApi, WOTRUS_API_BASE, WOTRUS_KEY_HEADER } from "./api/reseller";
export {
  DCV_METHOD,
  ERROR_CODES,
  FAILURE_CODES,
  WOTRUS_STATUSES,
  type WoTrusDcvMethod,
  type WoTrusStatus,
  wotrusStatus,
} from "./api/words";
export { WOTRUS_DV_FLOW, WOTRUS_OV_FLOW, wotrusBrand } from "./brand";
export { csrHashes, SECTIGO_DCV_DOMAIN, WOTRUS_FILE_DIR, WOTRUS_UNIQUE_LENGTH, wotrusDcvFormat } from "./dcv-format";
export { WOTRUS_PRODUCTS } from "./products";

export interface WoTrusOptions {
  clock: Scheduler;
  rng: Rng;
  /** SQLite file (its folder is created) or ":memory:". The root is created once per file and kept. */
  dbPath: string;
  /** The world's authoritative DNS server, where every DCV and CAA question goes. */
  dns?: { host: string; port: number };
  /** The web host's port: file validation fetches `http://<name>/…` there. */
  webPort?: number;
  /** The world's API: business registry (OV-5), phone line (OV-3) and mailbox. Required (OV/EV review). */
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
  /** Adopt this hierarchy when the data folder has none (tests share one). */
  hierarchy?: CaHierarchy;
  hierarchyKeys?: { root?: KeySpec; intermediate?: KeySpec };
}

/** Starts the WoTrus simulator: reseller API under `/wotrus/api/v1`, operator API under `/operator`. */
export function startWoTrus(options: WoTrusOptions): Promise<RunningCa> {
  return startCa({
    ...options,
    brand: wotrusBrand(),
    resellerApi: mountWoTrusApi,
    callbacks: { statusOf: wotrusStatus, body: callbackBody },
  });
}
