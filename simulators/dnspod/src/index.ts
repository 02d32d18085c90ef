import { type BrandCaOptions, type RunningCa, startCa } from "@certsim/ca-kit";
import type { Sm2CaHierarchy } from "@certsim/pki";
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

/** What every brand takes; `hierarchy` is the RSA one (international DV), and GM products need an SM2 one. */
export interface DnsPodOptions extends BrandCaOptions {
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
