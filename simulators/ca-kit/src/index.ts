// ca-kit: what every simulated CA shares. A brand supplies a BrandDefinition (products, DCV format, CAA identity,
// rules) and a ResellerDialect; startCa runs the rest.
export { mountOperatorApi } from "./api/operator";
export { presentCheck, presentDcvRecord, presentOrder, presentOrderForOperator, presentProduct } from "./api/present";
export { mountResellerApi, type ResellerDialect } from "./api/reseller";
export { loadOrCreateHierarchy } from "./ca/hierarchy";
export { signOrder } from "./ca/issue";
export type { CaContext } from "./context";
export type {
  AdmissionContext,
  AdmissionRule,
  BrandDefinition,
  DcvFormat,
  DcvInstruction,
  DcvInstructionInput,
  DenyList,
} from "./core/brand";
export { CaError, type CaErrorCode, invalid } from "./core/errors";
export { assertProductFits, dcvMethodsFor, type ProductRule } from "./core/products";
export { DEFAULT_TIMINGS, dcvReuseDays, nextDcvCheck, type ReviewTimings, resolveTimings } from "./core/timings";
export * from "./core/types";
export { hashApiKey, Store } from "./db/store";
export { OrderDesk, type PlaceOrderInput } from "./desk";
export { CallbackNotifier } from "./review/callbacks";
export { ReviewPipeline } from "./review/pipeline";
export { type SecurityVerdict, securityReview, skeletons } from "./review/security";
export { type RunningCa, type StartCaOptions, startCa } from "./start";
export { checkRecord } from "./va/check";
export { buildDcvRecord, fileNamesOf, type ProofTarget, proofTargets, validationDomainOf } from "./va/dcv-records";
export { type CaaCheck, type DcvResult, LOCAL_CHECK, type Validator } from "./va/validator";
