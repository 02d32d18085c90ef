export { PlatformAdminClient, PlatformClient } from "./client";
export { JsonHttp, PlatformError } from "./http";
export type * from "./types";
