// @certsim/platform — the ordering platform (the system under test): accounts, quota, free TrustAsia certificates.
export { type CaAdapter, type CaOrder, CaRefusal, type IssuedCertificate, type PlaceOrderInput } from "./adapters/ca";
export {
  backoffDelay,
  PartnerRefusedError,
  PartnerUnavailableError,
  type RetryPolicy,
  TransientError,
  withRetries,
} from "./adapters/http";
export { LOCAL_CHECK_REASONS, TrustAsiaAdapter, type TrustAsiaOptions } from "./adapters/trustasia";
export { DEFAULT_FREE_SUFFIX_DENY_LIST } from "./orders/free-rules";
export { type ApplyFreeInput, FREE_PRODUCT, Orders } from "./orders/orders";
export {
  canTransition,
  planTransition,
  QUOTA_EFFECT,
  STATUS_NAMES,
  Status,
  type StatusCode,
  type StatusPoint,
  SUB_STATUSES,
  type SubStatus,
  TRANSITIONS,
  TransitionError,
} from "./orders/status";
export { type Platform, type PlatformClock, type PlatformOptions, startPlatform } from "./platform";
export {
  type AccountType,
  chooseBucket,
  LEGACY_CUTOFF,
  limitsFor,
  type MemberLevel,
  type QuotaBucket,
  type QuotaLimits,
  type QuotaUsage,
  type QuotaView,
  quotaView,
} from "./quota/policy";
export { SqlitePlatformStore } from "./store/sqlite";
export type * from "./store/types";
