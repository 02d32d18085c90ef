// ca-kit: what every simulated CA shares. A brand supplies a BrandDefinition (products, DCV format, CAA identity,
// rules, review flows) and a ResellerDialect (or its own reseller face); startCa runs the rest.
export {
  type ContactBody,
  callbackUrlBody,
  certificateOfOrder,
  contactBody,
  type RefusalWords,
  refusalsInWords,
  resellerByHeader,
  resellerOrders,
  toContact,
  toOrganization,
} from "./api/brand-face";
export { checkResult, gmt8OrNull, presentPerson, productDcvMethods } from "./api/brand-present";
export { mountOperatorApi } from "./api/operator";
export { type OrderRoutesSpec, orderRoutes } from "./api/order-routes";
export {
  presentCheck,
  presentContact,
  presentDcvRecord,
  presentOrder,
  presentOrderForOperator,
  presentOrganization,
  presentProduct,
  presentReview,
} from "./api/present";
export { mountResellerApi, type ResellerDialect } from "./api/reseller";
export type { BrandCaOptions } from "./brand-options";
export { loadOrCreateHierarchy } from "./ca/hierarchy";
export { signOrder } from "./ca/issue";
export { signSm2Order } from "./ca/issue-sm2";
export { signFor } from "./ca/sign";
export { loadOrCreateSm2Hierarchy } from "./ca/sm2-hierarchy";
export {
  CaCliError,
  type CaCliFlag,
  type CaCliReader,
  type CaCliSettings,
  type CaCliSpec,
  type CaCliWorldSettings,
  type CaCliWorldSpec,
  caCliUsage,
  parseCaCli,
  runCaCli,
} from "./cli";
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
export {
  checkDocumentsPolicy,
  DOCUMENTS_DEFAULTS,
  type DocumentsAnswer,
  type DocumentsPolicy,
  type DocumentsState,
} from "./core/documents";
export { CaError, type CaErrorCode, invalid } from "./core/errors";
export {
  type CallAttempt,
  type CallState,
  DV_FLOW,
  FlowError,
  type FlowStep,
  type ManualReviewState,
  type PreReviewState,
  type RegistryMismatch,
  type ResolvedFlow,
  type ReviewFlow,
  resolveFlow,
  STAGE_NAMES,
  type StageName,
} from "./core/flow";
export { checkLetter, LETTER_MAX_BYTES, type LetterPolicy, sniffLetterType } from "./core/letter";
export { assertProductFits, dcvMethodsFor, type ProductRule } from "./core/products";
export { addMonthsGmt8, companyKey, companyReuse, type ReusePolicy, resellerReuse } from "./core/reuse";
export {
  DEFAULT_TIMINGS,
  dcvReuseDays,
  nextDcvCheck,
  type ReviewTimings,
  resolveTimings,
  type TimingOverrides,
} from "./core/timings";
export * from "./core/types";
export { hashApiKey, Store } from "./db/store";
export { OrderDesk, type PlaceOrderInput } from "./desk";
export { type CallbackFormat, CallbackNotifier, DEFAULT_CALLBACK_FORMAT } from "./review/callbacks";
export { DocumentsGate, documentsGated, documentsPending } from "./review/documents-gate";
export { gated } from "./review/gates";
export { letterGated, letterMissing } from "./review/letter-gate";
export { ReviewPipeline } from "./review/pipeline";
export { currentStep, dcvReleased, positionOf, type StageView, stagePassed, stageView } from "./review/position";
export { type SecurityVerdict, securityReview, skeletons } from "./review/security";
export type { StageHost, StageRunner } from "./review/stage";
export { describeReview, type ManualReviewReport, type ReviewReport, type StageReport } from "./review/view";
export { type ResellerFace, type RunningCa, type StartCaOptions, startCa } from "./start";
export { checkRecord } from "./va/check";
export {
  buildDcvRecord,
  buildOrderDcv,
  fileNamesOf,
  type ProofTarget,
  proofTargets,
  validationDomainOf,
} from "./va/dcv-records";
export { fileValidation, type ReuseBook, reuseBookOf, validatedIn } from "./va/reuse-book";
export { type CaaCheck, type DcvResult, LOCAL_CHECK, type Validator } from "./va/validator";
export {
  type OrganisationClaim,
  type RegistryVerdict,
  WorldClient,
  type WorldMail,
  WorldUnavailable,
} from "./world/client";
