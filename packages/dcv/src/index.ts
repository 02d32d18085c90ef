// @certsim/dcv: the network checks a CA's validation authority runs (DCV-4 … DCV-7, DCV-10), against the
// world's authoritative DNS server and web host only.
export { CaaLookupError } from "./caa-check";
export { createDcv, DEFAULT_TIMEOUT_MS, MAX_REDIRECTS } from "./dcv";
export { MAX_CNAME_HOPS } from "./dns-client";
export { comparableName, dnsName } from "./dns-name";
export { DcvError, type DcvErrorCode } from "./errors";
export { fileContent, MAX_FILE_BYTES, REDIRECT_STATUSES, SEEN_LIMIT } from "./file-check";
export { AddressError, isLoopback } from "./http-agent";
export {
  type CaaCheck,
  type CaaCheckRequest,
  type CaaSet,
  type CreateDcvOptions,
  type Dcv,
  type DcvMethod,
  type DcvResult,
  type DcvStatus,
  type FileTarget,
  LOCAL_CHECK,
  type LocalCheck,
  type LookupResult,
  type LookupStatus,
  type LookupType,
} from "./types";
