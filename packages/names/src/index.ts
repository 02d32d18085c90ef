export {
  CA_IDENTITIES,
  CAA_CRITICAL_FLAG,
  type CaaDecision,
  type CaaIssueValue,
  type CaaLookup,
  type CaaOutcome,
  type CaaRecord,
  type CaaRequest,
  caaLookupChain,
  decideCaa,
  evaluateCaa,
  KNOWN_CAA_TAGS,
  parseCaaIssueValue,
  relevantCaaSet,
} from "./caa";
export { type ClassifiedName, classifyName, type DomainType, domainType, type NameKind } from "./classify";
export { coveredNames } from "./coverage";
export { DOMAIN_INVALID, NameError, type NameErrorReason } from "./errors";
export { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, type NameOptions, normaliseName } from "./normalise";
export { isPublicSuffix, isWithin, primaryDomain } from "./registrable";
