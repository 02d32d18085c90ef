export { managementApi } from "./api";
export { hostFromHeader, parseHostName, parseSitePath, parseTarget, type Target, unsafePathReason } from "./names";
export { MAX_HEADER_SIZE, MAX_REQUEST_BODY, type SiteServer, startSiteServer } from "./server";
export {
  type FaultKind,
  type HistoryFilter,
  type HttpRequestRecord,
  type RedirectStatus,
  type Resolution,
  type Site,
  type SiteFault,
  type SiteFile,
  type SiteRedirect,
  SiteStore,
} from "./store";
export { systemTime, type TimeSource } from "./time";
export { startWebHost, type WebHost, type WebHostOptions } from "./webHost";
