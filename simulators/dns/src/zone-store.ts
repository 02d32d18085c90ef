import { ApiError, badRequest, type Db, notFound, openDatabase } from "@certsim/service";
import { DnsNameError, normaliseDnsName } from "./names";
import { MAX_TXT_RDATA, parseValue, type RecordValue, TYPE_CODES, toRData, txtChunks, valueKey } from "./records";
import type { FaultKind, ResponderSource } from "./responder";
import type { Scheduler } from "./scheduler";
import { MIGRATIONS } from "./schema";
import { RRTYPE, WRITABLE_TYPES, type WritableType } from "./wire/constants";
import type { WireRecord } from "./wire/message";
import { ZoneIndex } from "./zone-index";

export interface Zone {
  zone: string;
  /** The zone is hosted at the platform's DNS service, which enables automatic DNS validation (DCV-1). */
  hostedAtPlatform: boolean;
  /** This zone's own propagation delay, or null to use the server's. */
  propagationDelayMs: number | null;
  /** The delay that applies: the zone's own, else the server's. 0 without a scheduler (changes apply at once). */
  effectivePropagationDelayMs: number;
  serial: number;
  createdMs: number;
}

export interface RecordSet {
  name: string;
  type: WritableType;
  ttl: number;
  values: RecordValue[];
}

export interface PendingChange extends RecordSet {
  /** When the change becomes visible to queries (scheduler time). An empty `values` removes the set. */
  visibleAtMs: number;
}

export interface ZoneDetail extends Zone {
  /** The records as last set through the API. */
  records: RecordSet[];
  /** Changes not yet visible to queries. */
  pending: PendingChange[];
}

export interface ChangeResult extends RecordSet {
  visibleAtMs: number;
}

export interface ZoneStoreOptions {
  /** SQLite file, or ":memory:" (the default). */
  dbPath?: string;
  scheduler?: Scheduler;
  /** Server-wide propagation delay for record changes (simulated ms); a zone may set its own. */
  propagationDelayMs?: number;
  /** NS names put at every new zone's apex (and the SOA MNAME). */
  nameservers?: readonly string[];
}

export interface CreateZoneInput {
  zone: string;
  hostedAtPlatform?: boolean;
  propagationDelayMs?: number | null;
}

export interface AddRecordsInput {
  name: string;
  type: string;
  value?: unknown;
  values?: unknown[];
  ttl?: number;
}

export interface ReplaceRecordsInput {
  name: string;
  type: string;
  values: unknown[];
  ttl?: number;
}

export interface RemoveRecordsInput {
  name: string;
  type: string;
  value?: unknown;
}

export const DEFAULT_TTL = 300;
export const DEFAULT_NAMESERVERS = ["ns1.dns.certsim.test", "ns2.dns.certsim.test"] as const;
const SOA_TTL = 3600;
/** SOA MINIMUM: how long resolvers may cache a negative answer (RFC 2308), short so DCV retries see new records. */
const SOA_MINIMUM = 60;
const MAX_TTL = 0x7fffffff;
/** Per-record wire overhead besides RDATA when a set is answered: compressed owner, type, class, TTL, RDLENGTH. */
const RR_OVERHEAD = 12;

interface ZoneRow {
  name: string;
  hosted_at_platform: number;
  propagation_delay_ms: number | null;
  serial: number;
  created_ms: number;
}
interface SetRow {
  name: string;
  type: string;
  zone: string;
  ttl: number;
  records: string;
}
interface PendingRow extends SetRow {
  id: number;
  due_ms: number;
}

/**
 * Zones, records and faults: the desired state (what the API was told), the published state the server answers
 * from, and the changes in between while a propagation delay runs on the simulated clock. Everything is kept in
 * SQLite so a restart loses nothing; the published state is mirrored in a ZoneIndex for the hot path.
 */
export class ZoneStore implements ResponderSource {
  readonly index = new ZoneIndex();
  readonly faults = new Map<string, FaultKind>();
  private readonly scheduler: Scheduler | undefined;
  private readonly defaultDelayMs: number;
  private readonly nameservers: readonly string[];

  constructor(
    readonly db: Db,
    options: Omit<ZoneStoreOptions, "dbPath"> = {},
  ) {
    this.scheduler = options.scheduler;
    this.defaultDelayMs = options.propagationDelayMs ?? 0;
    this.nameservers = (options.nameservers ?? DEFAULT_NAMESERVERS).map((ns) => normaliseDnsName(ns));
    if (this.nameservers.length === 0) throw new Error("a DNS server needs at least one nameserver name");
    this.load();
  }

  /** Opens (and migrates) the database and loads the published state. */
  static open(options: ZoneStoreOptions = {}): ZoneStore {
    return new ZoneStore(openDatabase(options.dbPath ?? ":memory:", MIGRATIONS), options);
  }

  close() {
    this.db.close();
  }

  nowMs(): number {
    return this.scheduler ? this.scheduler.nowMs() : Date.now();
  }

  // ---- zones ----

  createZone(input: CreateZoneInput): Zone {
    const zone = name(input.zone, "zone");
    if (this.zoneRow(zone))
      throw new ApiError(409, "ResourceInUse.ZoneExists", `zone ${zone} exists`, { field: "zone" });
    const delay = checkDelay(input.propagationDelayMs, "propagationDelayMs");
    const now = this.nowMs();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO zones (name, hosted_at_platform, propagation_delay_ms, serial, created_ms) VALUES (?, ?, ?, 1, ?)",
        )
        .run(zone, input.hostedAtPlatform ? 1 : 0, delay, now);
      // Data already under the new apex now belongs to it (records always belong to the longest zone).
      for (const table of ["rrsets", "published", "pending"]) {
        this.db
          .prepare(`UPDATE ${table} SET zone = ? WHERE (name = ? OR name LIKE '%.' || ?) AND length(zone) < length(?)`)
          .run(zone, zone, zone, zone);
      }
      const ns = JSON.stringify(this.nameservers);
      for (const table of ["rrsets", "published"]) {
        this.db
          .prepare(`INSERT OR REPLACE INTO ${table} (name, type, zone, ttl, records) VALUES (?, 'NS', ?, ?, ?)`)
          .run(zone, zone, SOA_TTL, ns);
      }
    })();
    this.indexZone(this.zoneRow(zone)!);
    this.indexSet({ name: zone, type: "NS", zone, ttl: SOA_TTL, records: JSON.stringify(this.nameservers) });
    return this.toZone(this.zoneRow(zone)!);
  }

  listZones(filter: { hostedAtPlatform?: boolean } = {}): Zone[] {
    const rows = this.db.prepare("SELECT * FROM zones ORDER BY name").all() as ZoneRow[];
    return rows
      .map((row) => this.toZone(row))
      .filter((z) => filter.hostedAtPlatform === undefined || z.hostedAtPlatform === filter.hostedAtPlatform);
  }

  getZone(zoneName: string): ZoneDetail | undefined {
    const zone = name(zoneName, "zone");
    const row = this.zoneRow(zone);
    if (!row) return undefined;
    const records = (
      this.db.prepare("SELECT * FROM rrsets WHERE zone = ? ORDER BY name, type").all(zone) as SetRow[]
    ).map(toRecordSet);
    const pending = (this.db.prepare("SELECT * FROM pending WHERE zone = ? ORDER BY id").all(zone) as PendingRow[]).map(
      (p) => ({ ...toRecordSet(p), visibleAtMs: p.due_ms }),
    );
    return { ...this.toZone(row), records, pending };
  }

  updateZone(zoneName: string, patch: { hostedAtPlatform?: boolean; propagationDelayMs?: number | null }): Zone {
    const zone = name(zoneName, "zone");
    if (!this.zoneRow(zone)) throw notFound(`zone ${zone}`, "ResourceNotFound.Zone");
    if (patch.hostedAtPlatform !== undefined) {
      this.db
        .prepare("UPDATE zones SET hosted_at_platform = ? WHERE name = ?")
        .run(patch.hostedAtPlatform ? 1 : 0, zone);
    }
    if (patch.propagationDelayMs !== undefined) {
      const delay = checkDelay(patch.propagationDelayMs, "propagationDelayMs");
      this.db.prepare("UPDATE zones SET propagation_delay_ms = ? WHERE name = ?").run(delay, zone);
    }
    return this.toZone(this.zoneRow(zone)!);
  }

  /** Deletes a zone with all its records and pending changes; false when there was none. */
  deleteZone(zoneName: string): boolean {
    const zone = name(zoneName, "zone");
    if (!this.zoneRow(zone)) return false;
    const published = this.db.prepare("SELECT * FROM published WHERE zone = ?").all(zone) as SetRow[];
    this.db.prepare("DELETE FROM zones WHERE name = ?").run(zone); // cascades to rrsets, published, pending
    for (const set of published) this.index.setRRset(set.name, TYPE_CODES[set.type as WritableType], 0, []);
    this.index.removeZone(zone);
    return true;
  }

  /** The served zone a name falls in (the longest), if any. */
  zoneOf(nameOrZone: string): string | undefined {
    return this.index.findZone(name(nameOrZone, "name", true))?.name;
  }

  // ---- records ----

  listRecords(filter: { zone?: string; name?: string; type?: string } = {}): RecordSet[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.zone !== undefined) {
      where.push("zone = ?");
      args.push(name(filter.zone, "zone"));
    }
    if (filter.name !== undefined) {
      where.push("name = ?");
      args.push(name(filter.name, "name", true));
    }
    if (filter.type !== undefined) {
      where.push("type = ?");
      args.push(recordType(filter.type));
    }
    const sql = `SELECT * FROM rrsets ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY name, type`;
    return (this.db.prepare(sql).all(...args) as SetRow[]).map(toRecordSet);
  }

  /** Adds records to a set (values already there are kept once); `ttl`, when given, becomes the set's TTL. */
  addRecords(input: AddRecordsInput): ChangeResult {
    const { owner, type, zone } = this.target(input.name, input.type);
    const given = valuesOf(input);
    if (given.values.length === 0)
      throw badRequest("MissingParameter", "values: at least one value is required", { field: "values" });
    const incoming = given.values.map((v, i) => parseValue(type, v, given.field(i)));
    const current = this.desired(owner, type);
    const values = dedupe(type, [...(current?.values ?? []), ...incoming]);
    const ttl = checkTtl(input.ttl) ?? current?.ttl ?? DEFAULT_TTL;
    return this.change(zone, owner, type, ttl, values, given.field(0));
  }

  /** Replaces a whole set; an empty `values` removes it. */
  replaceRecords(input: ReplaceRecordsInput): ChangeResult {
    const { owner, type, zone } = this.target(input.name, input.type);
    if (!Array.isArray(input.values))
      throw badRequest("InvalidParameter", "values: must be an array", { field: "values" });
    const values = dedupe(
      type,
      input.values.map((v, i) => parseValue(type, v, `values[${i}]`)),
    );
    const ttl = checkTtl(input.ttl) ?? this.desired(owner, type)?.ttl ?? DEFAULT_TTL;
    return this.change(zone, owner, type, ttl, values, "values[0]");
  }

  /** Removes one value, or the whole set without `value`; `removed` counts the records that went. */
  removeRecords(input: RemoveRecordsInput): { removed: number; visibleAtMs: number } {
    const { owner, type, zone } = this.target(input.name, input.type);
    const current = this.desired(owner, type);
    if (!current) return { removed: 0, visibleAtMs: this.nowMs() };
    let values: RecordValue[] = [];
    if (input.value !== undefined) {
      const key = valueKey(type, parseValue(type, input.value, "value"));
      values = current.values.filter((v) => valueKey(type, v) !== key);
    }
    const removed = current.values.length - values.length;
    if (removed === 0) return { removed: 0, visibleAtMs: this.nowMs() };
    const result = this.change(zone, owner, type, current.ttl, values, "value");
    return { removed, visibleAtMs: result.visibleAtMs };
  }

  // ---- faults ----

  setFault(faultName: string, kind: FaultKind) {
    const owner = name(faultName, "name", true);
    if (kind !== "servfail" && kind !== "drop") {
      throw badRequest("InvalidParameter.FaultKind", "kind: must be 'servfail' or 'drop'", { field: "kind" });
    }
    this.db.prepare("INSERT OR REPLACE INTO faults (name, kind) VALUES (?, ?)").run(owner, kind);
    this.faults.set(owner, kind);
  }

  clearFault(faultName: string): boolean {
    const owner = name(faultName, "name", true);
    this.db.prepare("DELETE FROM faults WHERE name = ?").run(owner);
    return this.faults.delete(owner);
  }

  listFaults(): { name: string; kind: FaultKind }[] {
    return [...this.faults].map(([n, kind]) => ({ name: n, kind })).sort((a, b) => a.name.localeCompare(b.name));
  }

  // ---- propagation ----

  /** Publishes every pending change that is due by the scheduler's clock. Called by scheduled events. */
  publishDue() {
    const due = this.db
      .prepare("SELECT * FROM pending WHERE due_ms <= ? ORDER BY id")
      .all(this.nowMs()) as PendingRow[];
    for (const row of due) {
      this.db.transaction(() => {
        // A newer change to the same set supersedes older ones still waiting (their delay may have been longer).
        this.db.prepare("DELETE FROM pending WHERE name = ? AND type = ? AND id <= ?").run(row.name, row.type, row.id);
        this.publish(row);
      })();
    }
  }

  // ---- internals ----

  private change(
    zone: string,
    owner: string,
    type: WritableType,
    ttl: number,
    values: RecordValue[],
    valuesField: string,
  ): ChangeResult {
    this.checkConsistency(zone, owner, type, values, valuesField);
    const records = JSON.stringify(values);
    const row: SetRow = { name: owner, type, zone, ttl, records };
    const delay = this.delayFor(zone);
    const now = this.nowMs();
    this.db.transaction(() => {
      if (values.length === 0) this.db.prepare("DELETE FROM rrsets WHERE name = ? AND type = ?").run(owner, type);
      else {
        this.db
          .prepare("INSERT OR REPLACE INTO rrsets (name, type, zone, ttl, records) VALUES (?, ?, ?, ?, ?)")
          .run(owner, type, zone, ttl, records);
      }
      if (delay > 0) {
        this.db
          .prepare("INSERT INTO pending (name, type, zone, ttl, records, due_ms) VALUES (?, ?, ?, ?, ?, ?)")
          .run(owner, type, zone, ttl, records, now + delay);
      } else {
        this.db.prepare("DELETE FROM pending WHERE name = ? AND type = ?").run(owner, type);
        this.publish(row);
      }
    })();
    if (delay > 0) this.scheduler!.scheduleIn(delay, `dns: ${type} ${owner} becomes visible`, () => this.publishDue());
    return { name: owner, type, ttl, values, visibleAtMs: now + delay };
  }

  /** RFC 1034 §3.6.2 and RFC 2181 §10.1: a CNAME stands alone; sets must fit in a message. */
  private checkConsistency(zone: string, owner: string, type: WritableType, values: RecordValue[], field: string) {
    if (values.length === 0) return;
    const others = this.db.prepare("SELECT type FROM rrsets WHERE name = ? AND type != ?").all(owner, type) as {
      type: string;
    }[];
    if (type === "CNAME") {
      if (owner === zone) {
        throw new ApiError(
          409,
          "InvalidParameter.CnameAtApex",
          `name: ${owner} is a zone apex (SOA, NS): no CNAME there`,
          {
            field: "name",
          },
        );
      }
      if (values.length > 1) {
        throw new ApiError(409, "InvalidParameter.CnameConflict", `${field}: a name has at most one CNAME`, { field });
      }
      if (others.length > 0) {
        throw new ApiError(
          409,
          "InvalidParameter.CnameConflict",
          `type: ${owner} already has ${others[0]!.type} data; a CNAME cannot sit beside it`,
          {
            field: "type",
          },
        );
      }
    } else if (others.some((o) => o.type === "CNAME")) {
      throw new ApiError(
        409,
        "InvalidParameter.CnameConflict",
        `type: ${owner} has a CNAME; no other data can sit beside it`,
        {
          field: "type",
        },
      );
    }
    if (type === "NS" && owner.startsWith("*.")) {
      throw badRequest("InvalidParameter.NameInvalid", "name: NS records cannot be owned by a wildcard", {
        field: "name",
      });
    }
    const size = values.reduce<number>((n, v) => n + RR_OVERHEAD + rdataLength(type, v), 0);
    if (size > MAX_TXT_RDATA) {
      throw badRequest(
        "InvalidParameter.RecordSetTooLarge",
        `values: the set is ${size} bytes and would not fit in a DNS message`,
        {
          field: "values",
        },
      );
    }
  }

  private target(rawName: string, rawType: string): { owner: string; type: WritableType; zone: string } {
    const owner = name(rawName, "name", true);
    const type = recordType(rawType);
    const zone = this.index.findZone(owner)?.name;
    if (!zone) {
      throw badRequest("InvalidParameter.NameOutsideZones", `name: ${owner} is not in any zone served here`, {
        field: "name",
      });
    }
    return { owner, type, zone };
  }

  private desired(owner: string, type: WritableType): RecordSet | undefined {
    const row = this.db.prepare("SELECT * FROM rrsets WHERE name = ? AND type = ?").get(owner, type) as
      | SetRow
      | undefined;
    return row ? toRecordSet(row) : undefined;
  }

  private delayFor(zone: string): number {
    if (!this.scheduler) return 0;
    return this.zoneRow(zone)?.propagation_delay_ms ?? this.defaultDelayMs;
  }

  /** Makes a set visible (inside the caller's transaction) and bumps the zone's serial. */
  private publish(row: SetRow) {
    const values = JSON.parse(row.records) as RecordValue[];
    if (values.length === 0)
      this.db.prepare("DELETE FROM published WHERE name = ? AND type = ?").run(row.name, row.type);
    else {
      this.db
        .prepare("INSERT OR REPLACE INTO published (name, type, zone, ttl, records) VALUES (?, ?, ?, ?, ?)")
        .run(row.name, row.type, row.zone, row.ttl, row.records);
    }
    this.db.prepare("UPDATE zones SET serial = serial + 1 WHERE name = ?").run(row.zone);
    const zone = this.zoneRow(row.zone);
    if (zone) this.indexZone(zone);
    this.indexSet(row);
  }

  private load() {
    for (const zone of this.db.prepare("SELECT * FROM zones").all() as ZoneRow[]) this.indexZone(zone);
    for (const set of this.db.prepare("SELECT * FROM published").all() as SetRow[]) this.indexSet(set);
    for (const fault of this.db.prepare("SELECT * FROM faults").all() as { name: string; kind: FaultKind }[]) {
      this.faults.set(fault.name, fault.kind);
    }
    const pending = this.db.prepare("SELECT * FROM pending ORDER BY id").all() as PendingRow[];
    if (!this.scheduler) {
      // Without a clock there is no delay to wait for.
      for (const row of pending)
        this.db.transaction(() => {
          this.db.prepare("DELETE FROM pending WHERE id = ?").run(row.id);
          this.publish(row);
        })();
      return;
    }
    this.publishDue();
    const now = this.nowMs();
    for (const row of pending) {
      if (row.due_ms > now)
        this.scheduler.scheduleIn(row.due_ms - now, `dns: ${row.type} ${row.name} becomes visible`, () =>
          this.publishDue(),
        );
    }
  }

  private indexZone(row: ZoneRow) {
    const soa: WireRecord = {
      owner: row.name,
      type: RRTYPE.SOA,
      ttl: SOA_TTL,
      rdata: {
        kind: "soa",
        mname: this.nameservers[0]!,
        rname: `hostmaster.${row.name}`,
        fixed: soaTimers(row.serial),
      },
    };
    this.index.setZone({ name: row.name, soa, negativeTtl: Math.min(SOA_TTL, SOA_MINIMUM) });
  }

  private indexSet(row: SetRow) {
    const type = row.type as WritableType;
    const values = JSON.parse(row.records) as RecordValue[];
    const records: WireRecord[] = values.map((v) => ({
      owner: row.name,
      type: TYPE_CODES[type],
      ttl: row.ttl,
      rdata: toRData(type, v),
    }));
    this.index.setRRset(row.name, TYPE_CODES[type], row.ttl, records);
  }

  private zoneRow(zone: string): ZoneRow | undefined {
    return this.db.prepare("SELECT * FROM zones WHERE name = ?").get(zone) as ZoneRow | undefined;
  }

  private toZone(row: ZoneRow): Zone {
    return {
      zone: row.name,
      hostedAtPlatform: row.hosted_at_platform === 1,
      propagationDelayMs: row.propagation_delay_ms,
      effectivePropagationDelayMs: this.delayFor(row.name),
      serial: row.serial,
      createdMs: row.created_ms,
    };
  }
}

function soaTimers(serial: number): Buffer {
  const fixed = Buffer.alloc(20);
  fixed.writeUInt32BE(serial >>> 0, 0);
  fixed.writeUInt32BE(3600, 4); // refresh
  fixed.writeUInt32BE(600, 8); // retry
  fixed.writeUInt32BE(1_209_600, 12); // expire
  fixed.writeUInt32BE(SOA_MINIMUM, 16);
  return fixed;
}

function name(input: string, field: string, wildcard = false): string {
  try {
    return normaliseDnsName(input, { wildcard });
  } catch (e) {
    if (e instanceof DnsNameError) throw badRequest(e.code, `${field}: ${e.message}`, { field });
    throw e;
  }
}

function recordType(input: string): WritableType {
  const upper = typeof input === "string" ? input.toUpperCase() : "";
  if (!(WRITABLE_TYPES as readonly string[]).includes(upper)) {
    throw badRequest("InvalidParameter.RecordType", `type: must be one of ${WRITABLE_TYPES.join(", ")}`, {
      field: "type",
    });
  }
  return upper as WritableType;
}

function valuesOf(input: AddRecordsInput): { values: unknown[]; field: (i: number) => string } {
  if (input.value !== undefined && input.values !== undefined) {
    throw badRequest("InvalidParameter", "value: give either value or values, not both", { field: "value" });
  }
  if (input.value !== undefined) return { values: [input.value], field: () => "value" };
  if (input.values === undefined)
    throw badRequest("MissingParameter", "value: is required (or values)", { field: "value" });
  if (!Array.isArray(input.values))
    throw badRequest("InvalidParameter", "values: must be an array", { field: "values" });
  return { values: input.values, field: (i) => `values[${i}]` };
}

function checkTtl(ttl: number | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw badRequest("InvalidParameter.Ttl", `ttl: must be an integer from 0 to ${MAX_TTL}`, { field: "ttl" });
  }
  return ttl;
}

function checkDelay(delay: number | null | undefined, field: string): number | null {
  if (delay === undefined || delay === null) return null;
  if (!Number.isInteger(delay) || delay < 0) {
    throw badRequest("InvalidParameter.PropagationDelay", `${field}: must be a whole number of ms, 0 or more`, {
      field,
    });
  }
  return delay;
}

function dedupe(type: WritableType, values: RecordValue[]): RecordValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = valueKey(type, v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rdataLength(type: WritableType, value: RecordValue): number {
  if (type === "TXT") {
    return txtChunks(typeof value === "string" ? [value] : (value as string[])).reduce((n, c) => n + 1 + c.length, 0);
  }
  const rdata = toRData(type, value);
  return rdata.kind === "raw" ? rdata.bytes.length : rdata.kind === "name" ? rdata.target.length + 2 : 0;
}

function toRecordSet(row: SetRow): RecordSet {
  return {
    name: row.name,
    type: row.type as WritableType,
    ttl: row.ttl,
    values: JSON.parse(row.records) as RecordValue[],
  };
}
