// @certsim/platform — the ordering platform (the system under test): accounts, quota, free TrustAsia certificates,
// paid certificates (catalogue, wizard, series) and the CA adapters (TrustAsia, WoTrus).
export {
  type CaAdapter,
  type CaOrder,
  CaRefusal,
  type CatalogueProduct,
  type IssuedCertificate,
  type PlaceOrderInput,
} from "./adapters/ca";
export {
  backoffDelay,
  PartnerRefusedError,
  PartnerUnavailableError,
  type RetryPolicy,
  TransientError,
  withRetries,
} from "./adapters/http";
export { LOCAL_CHECK_REASONS, TrustAsiaAdapter, type TrustAsiaOptions } from "./adapters/trustasia";
export { WoTrusAdapter, type WoTrusOptions, wotrusProgress } from "./adapters/wotrus";
export { findProduct, listProducts, presentProduct, priceOf, productById } from "./catalogue/catalogue";
export {
  BRANDS,
  type BrandId,
  CERT_TYPES,
  type CertType,
  PRODUCTS,
  type Product,
  STANDARDS,
  type Standard,
} from "./catalogue/products";
export { DEFAULT_FREE_SUFFIX_DENY_LIST } from "./orders/free-rules";
export { type ApplyFreeInput, FREE_PRODUCT, Orders } from "./orders/orders";
export { PaidOrders, type PurchaseInput, type SubmitInput } from "./orders/paid-orders";
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
export { Profile } from "./profile/profile";
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
