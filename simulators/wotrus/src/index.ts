import { type BrandCaOptions, type RunningCa, startCa } from "@certsim/ca-kit";
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

/** WoTrus takes the world, ports, timings and hierarchy every brand takes, and nothing of its own. */
export type WoTrusOptions = BrandCaOptions;

/** Starts the WoTrus simulator: reseller API under `/wotrus/api/v1`, operator API under `/operator`. */
export function startWoTrus(options: WoTrusOptions): Promise<RunningCa> {
  return startCa({
    ...options,
    brand: wotrusBrand(),
    resellerApi: mountWoTrusApi,
    callbacks: { statusOf: wotrusStatus, body: callbackBody },
  });
}
