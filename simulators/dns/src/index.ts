export { type ApiDeps, managementApi } from "./api";
export { answerQuestion } from "./authority";
export { type HistoryFilter, QueryHistory, type QueryRecord, type Transport } from "./history";
export { DnsNameError, normaliseDnsName } from "./names";
export type { CaaValue, RecordValue } from "./records";
export type { FaultKind, ResponderStats } from "./responder";
export type { Scheduler } from "./scheduler";
export { type DnsServer, type DnsServerOptions, startDnsServer } from "./server";
export { WRITABLE_TYPES, type WritableType } from "./wire/constants";
export {
  type AddRecordsInput,
  type ChangeResult,
  type CreateZoneInput,
  DEFAULT_NAMESERVERS,
  DEFAULT_TTL,
  type PendingChange,
  type RecordSet,
  type RemoveRecordsInput,
  type ReplaceRecordsInput,
  type Zone,
  type ZoneDetail,
  ZoneStore,
  type ZoneStoreOptions,
} from "./zone-store";
