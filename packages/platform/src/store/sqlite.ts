// PlatformStore on SQLite (better-sqlite3, WAL). Writes that must be atomic run in IMMEDIATE transactions, which
// take SQLite's write lock up front: a second process on the same file waits instead of racing (FREE-6).
import { randomBytes } from "node:crypto";
import { type Db, openDatabase } from "@certsim/service";
import type BetterSqlite3 from "better-sqlite3";

type Statement = BetterSqlite3.Statement;

import type { StatusCode } from "../orders/status";
import { chooseBucket, type QuotaBucket, type QuotaUsage } from "../quota/policy";
import { MIGRATIONS } from "./migrations";
import { ReadCache } from "./read-cache";
import type {
  AccountRecord,
  ApiKeyRecord,
  BeginApplicationResult,
  CertificateChange,
  CertificatePatch,
  CertificateQuery,
  CertificateRecord,
  Delivery,
  DraftPatch,
  InSiteMessage,
  NewCertificate,
  OperationLog,
  PlatformStore,
  ProfileEntry,
  ProfileKind,
} from "./types";

/** A mail or SMS that failed this many times is given up (it stays in the table with its last error). */
const MAX_DELIVERY_ATTEMPTS = 8;

type Row = Record<string, unknown>;

const ms = (date: Date | null | undefined) => (date ? date.getTime() : null);
const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as number));

// Column of each patchable field, and how its value is written.
const PATCH_COLUMNS: { [K in keyof Required<CertificatePatch>]: [string, (v: CertificatePatch[K]) => unknown] } = {
  alias: ["alias", (v) => v],
  csrPem: ["csr_pem", (v) => v],
  keyAlgorithm: ["key_algorithm", (v) => v],
  keyParameter: ["key_parameter", (v) => v],
  privateKey: ["private_key", (v) => v],
  keyProtection: ["key_protection", (v) => v],
  deployable: ["deployable", (v) => (v ? 1 : 0)],
  caOrderId: ["ca_order_id", (v) => v],
  dcv: ["dcv", (v) => JSON.stringify(v ?? [])],
  dcvExpiresAt: ["dcv_expires_at", (v) => ms(v)],
  certificatePem: ["certificate_pem", (v) => v],
  chainPem: ["chain_pem", (v) => v],
  serial: ["serial", (v) => v],
  notBefore: ["not_before", (v) => ms(v)],
  notAfter: ["not_after", (v) => ms(v)],
  failureReason: ["failure_reason", (v) => v],
  lastDcvCheck: ["last_dcv_check", (v) => (v ? JSON.stringify({ at: v.at.getTime(), results: v.results }) : null)],
  renewalDueAt: ["renewal_due_at", (v) => ms(v)],
};

// Column of each field the wizard may set while the certificate is in status 5.
const DRAFT_COLUMNS: { [K in keyof Required<DraftPatch>]: [string, (v: DraftPatch[K]) => unknown] } = {
  domain: ["domain", (v) => v],
  names: ["names", (v) => JSON.stringify(v ?? [])],
  dvAuthMethod: ["dv_auth_method", (v) => v],
  information: ["information", (v) => (v ? JSON.stringify(v) : null)],
  csrSource: ["csr_source", (v) => v],
  csrPem: ["csr_pem", (v) => v],
  keyAlgorithm: ["key_algorithm", (v) => v],
  keyParameter: ["key_parameter", (v) => v],
  privateKey: ["private_key", (v) => v],
  keyProtection: ["key_protection", (v) => v],
  deployable: ["deployable", (v) => (v ? 1 : 0)],
  zoneHostedAtPlatform: ["zone_hosted_at_platform", (v) => (v ? 1 : 0)],
  alias: ["alias", (v) => v],
  contactEmail: ["contact_email", (v) => v],
  contactPhone: ["contact_phone", (v) => v],
};

function toCertificate(row: Row): CertificateRecord {
  const lastCheck = row.last_dcv_check ? JSON.parse(row.last_dcv_check as string) : null;
  return {
    id: row.id as string,
    accountId: row.account_id as string,
    domain: row.domain as string,
    names: JSON.parse(row.names as string),
    brand: row.brand as string,
    productCode: row.product_code as string,
    dvAuthMethod: row.dv_auth_method as CertificateRecord["dvAuthMethod"],
    status: row.status as StatusCode,
    subStatus: (row.sub_status ?? null) as CertificateRecord["subStatus"],
    alias: row.alias as string,
    contactEmail: (row.contact_email ?? null) as string | null,
    contactPhone: (row.contact_phone ?? null) as string | null,
    csrSource: row.csr_source as CertificateRecord["csrSource"],
    csrPem: (row.csr_pem ?? null) as string | null,
    keyAlgorithm: (row.key_algorithm ?? null) as CertificateRecord["keyAlgorithm"],
    keyParameter: (row.key_parameter ?? null) as string | null,
    privateKey: (row.private_key ?? null) as string | null,
    keyProtection: (row.key_protection ?? null) as CertificateRecord["keyProtection"],
    deployable: row.deployable === 1,
    quotaBucket: (row.bucket ?? null) as QuotaBucket | null,
    zoneHostedAtPlatform: row.zone_hosted_at_platform === 1,
    caOrderId: (row.ca_order_id ?? null) as string | null,
    dcv: JSON.parse(row.dcv as string),
    dcvExpiresAt: date(row.dcv_expires_at),
    certificatePem: (row.certificate_pem ?? null) as string | null,
    chainPem: (row.chain_pem ?? null) as string | null,
    serial: (row.serial ?? null) as string | null,
    notBefore: date(row.not_before),
    notAfter: date(row.not_after),
    failureReason: (row.failure_reason ?? null) as string | null,
    lastDcvCheck: lastCheck ? { at: new Date(lastCheck.at), results: lastCheck.results } : null,
    productId: (row.product_id ?? null) as string | null,
    period: row.period as number,
    domainNum: row.domain_num as number,
    autoRenew: row.auto_renew === 1,
    seriesId: (row.series_id ?? null) as string | null,
    seriesIndex: row.series_index as number,
    renewalDueAt: date(row.renewal_due_at),
    nextCertificateId: (row.next_certificate_id ?? null) as string | null,
    information: row.information ? JSON.parse(row.information as string) : null,
    createdAt: new Date(row.created_at as number),
    updatedAt: new Date(row.updated_at as number),
  };
}

function toProfileEntry(row: Row): ProfileEntry {
  return {
    id: row.id as string,
    accountId: row.account_id as string,
    kind: row.kind as ProfileKind,
    data: JSON.parse(row.data as string),
    reviewState: row.review_state as ProfileEntry["reviewState"],
    reviewNote: (row.review_note ?? null) as string | null,
    createdAt: new Date(row.created_at as number),
    updatedAt: new Date(row.updated_at as number),
  };
}

const CERTIFICATE_COLUMNS = `
  id account_id domain names brand product_code dv_auth_method status sub_status alias contact_email
  contact_phone csr_source csr_pem key_algorithm key_parameter private_key key_protection deployable
  zone_hosted_at_platform ca_order_id dcv dcv_expires_at certificate_pem chain_pem serial not_before
  not_after failure_reason last_dcv_check product_id period domain_num auto_renew series_id
  series_index renewal_due_at next_certificate_id information created_at updated_at`
  .trim()
  .split(/\s+/);
const INSERT_CERTIFICATE = `INSERT INTO certificates (${CERTIFICATE_COLUMNS.join(", ")})
  VALUES (${CERTIFICATE_COLUMNS.map((column) => `@${column}`).join(", ")})`;

const SELECT_CERTIFICATE = `
  SELECT c.*, q.bucket FROM certificates c LEFT JOIN quota_holds q ON q.certificate_id = c.id`;

/** Prepared statements kept per database; dynamic SQL (filters, patch columns) has few shapes, but stay bounded. */
const MAX_CACHED_STATEMENTS = 256;

export class SqlitePlatformStore implements PlatformStore {
  readonly db: Db;
  readonly #statements = new Map<string, Statement>();
  readonly #cache: ReadCache;

  constructor(path: string) {
    this.db = openDatabase(path, MIGRATIONS);
    const marks = this.db.prepare("SELECT total_changes(), data_version FROM pragma_data_version()").raw(true);
    this.#cache = new ReadCache(() => marks.get() as [number, number]);
  }

  /**
   * Runs one of the store's own writes: the read cache forgets the certificates it touches (and everything, if
   * someone else wrote since it last looked).
   */
  #write<T>(certificateIds: readonly string[], body: () => T): T {
    this.#cache.check();
    try {
      return body();
    } finally {
      this.#cache.wrote(certificateIds);
    }
  }

  /** The statement for `sql`, prepared once: preparing costs more than running most of these queries. */
  #sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async createAccount(account: AccountRecord, apiKey: ApiKeyRecord): Promise<void> {
    this.#write(
      [],
      this.db.transaction(() => {
        this.#sql(
          `INSERT INTO accounts (id, type, member_level, held_free_cert_20230320, email, phone, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          account.id,
          account.type,
          account.memberLevel,
          account.heldFreeCertOn20230320 ? 1 : 0,
          account.email,
          account.phone,
          ms(account.createdAt),
        );
        this.#sql("INSERT INTO api_keys (key_id, account_id, secret_hash) VALUES (?, ?, ?)").run(
          apiKey.keyId,
          apiKey.accountId,
          apiKey.secretHash,
        );
      }),
    );
  }

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    return this.#cache.account(id, () => this.#account(id));
  }

  #account(id: string): AccountRecord | undefined {
    const row = this.#sql("SELECT * FROM accounts WHERE id = ?").get(id) as Row | undefined;
    if (!row) return undefined;
    return {
      id: row.id as string,
      type: row.type as AccountRecord["type"],
      memberLevel: row.member_level as AccountRecord["memberLevel"],
      heldFreeCertOn20230320: row.held_free_cert_20230320 === 1,
      email: row.email as string,
      phone: row.phone as string,
      createdAt: new Date(row.created_at as number),
    };
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    return this.#cache.apiKey(keyId, () => {
      const row = this.#sql("SELECT * FROM api_keys WHERE key_id = ?").get(keyId) as Row | undefined;
      if (!row) return undefined;
      return {
        keyId: row.key_id as string,
        accountId: row.account_id as string,
        secretHash: row.secret_hash as string,
      };
    });
  }

  async addRegistrarDomain(domain: string, at: Date): Promise<void> {
    this.#write([], () =>
      this.#sql("INSERT OR IGNORE INTO registrar_domains (domain, added_at) VALUES (?, ?)").run(domain, ms(at)),
    );
  }

  async isRegistrarDomain(domain: string): Promise<boolean> {
    return this.#sql("SELECT 1 FROM registrar_domains WHERE domain = ?").get(domain) !== undefined;
  }

  async quotaUsage(accountId: string, at: Date): Promise<QuotaUsage> {
    return this.#usage(accountId, at);
  }

  #usage(accountId: string, at: Date): QuotaUsage {
    const rows = this.#sql(
      `SELECT bucket, COUNT(*) AS n FROM quota_holds
         WHERE account_id = ? AND released_at IS NULL AND (holds_until IS NULL OR holds_until > ?)
         GROUP BY bucket`,
    ).all(accountId, ms(at)) as { bucket: QuotaBucket; n: number }[];
    const usage: QuotaUsage = { platform: 0, any: 0 };
    for (const row of rows) usage[row.bucket] = row.n;
    return usage;
  }

  async heldValidCertificateAt(accountId: string, at: Date): Promise<boolean> {
    // Valid at `at`: within its validity and not revoked (status 10 reached) by then.
    const row = this.#sql(
      `SELECT 1 FROM certificates c
         WHERE c.account_id = ? AND c.product_id IS NULL AND c.not_before <= ? AND c.not_after > ?
           AND NOT EXISTS (SELECT 1 FROM operation_logs l WHERE l.certificate_id = c.id AND l.status_to = 10 AND l.time <= ?)
         LIMIT 1`,
    ).get(accountId, ms(at), ms(at), ms(at));
    return row !== undefined;
  }

  async beginApplication(input: Parameters<PlatformStore["beginApplication"]>[0]): Promise<BeginApplicationResult> {
    const { certificate: c, limits, registeredWithPlatform, at } = input;
    const run = this.db.transaction((): BeginApplicationResult => {
      const usage = this.#usage(c.accountId, at);
      const bucket = chooseBucket(limits, usage, registeredWithPlatform);
      if (!bucket) return { ok: false, usage };
      const row = this.#insertCertificate(c, at);
      this.#sql("INSERT INTO quota_holds (certificate_id, account_id, bucket, taken_at) VALUES (?, ?, ?, ?)").run(
        c.id,
        c.accountId,
        bucket,
        ms(at),
      );
      this.#log(c.id, { action: "apply", statusFrom: null, statusTo: c.status, time: at, detail: `quota: ${bucket}` });
      return { ok: true, certificate: toCertificate({ ...row, bucket }) };
    });
    const begun = this.#write([c.id], () => run.immediate());
    return begun.ok ? { ok: true, certificate: this.#cache.remember(begun.certificate) } : begun;
  }

  /** Inserts a new certificate; returns its row as a read would (without the quota join), so nothing is read back. */
  #insertCertificate(c: NewCertificate, at: Date): Row {
    const row: Row = {
      id: c.id,
      account_id: c.accountId,
      domain: c.domain,
      names: JSON.stringify(c.names),
      brand: c.brand,
      product_code: c.productCode,
      dv_auth_method: c.dvAuthMethod,
      status: c.status,
      sub_status: c.subStatus,
      alias: c.alias,
      contact_email: c.contactEmail,
      contact_phone: c.contactPhone,
      csr_source: c.csrSource,
      csr_pem: c.csrPem,
      key_algorithm: c.keyAlgorithm,
      key_parameter: c.keyParameter,
      private_key: c.privateKey,
      key_protection: c.keyProtection,
      deployable: c.deployable ? 1 : 0,
      zone_hosted_at_platform: c.zoneHostedAtPlatform ? 1 : 0,
      ca_order_id: c.caOrderId,
      dcv: JSON.stringify(c.dcv),
      dcv_expires_at: ms(c.dcvExpiresAt),
      certificate_pem: c.certificatePem,
      chain_pem: c.chainPem,
      serial: c.serial,
      not_before: ms(c.notBefore),
      not_after: ms(c.notAfter),
      failure_reason: c.failureReason,
      last_dcv_check: c.lastDcvCheck
        ? JSON.stringify({ at: c.lastDcvCheck.at.getTime(), results: c.lastDcvCheck.results })
        : null,
      product_id: c.productId ?? null,
      period: c.period ?? 1,
      domain_num: c.domainNum ?? 1,
      auto_renew: c.autoRenew ? 1 : 0,
      series_id: c.seriesId ?? null,
      series_index: c.seriesIndex ?? 1,
      renewal_due_at: ms(c.renewalDueAt),
      next_certificate_id: c.nextCertificateId ?? null,
      information: c.information ? JSON.stringify(c.information) : null,
      created_at: ms(at),
      updated_at: ms(at),
    };
    this.#sql(INSERT_CERTIFICATE).run(row);
    return row;
  }

  async abandonApplication(id: string): Promise<boolean> {
    // Only an application still being placed (13) can vanish; quota and log go with it (ON DELETE CASCADE).
    const result = this.#write([id], () => this.#sql("DELETE FROM certificates WHERE id = ? AND status = 13").run(id));
    return result.changes === 1;
  }

  async getCertificate(id: string): Promise<CertificateRecord | undefined> {
    return this.#cache.certificate(id, () => this.#certificate(id));
  }

  #certificate(id: string): CertificateRecord | undefined {
    const row = this.#sql(`${SELECT_CERTIFICATE} WHERE c.id = ?`).get(id) as Row | undefined;
    return row ? toCertificate(row) : undefined;
  }

  async listCertificates(accountId: string, query: CertificateQuery) {
    const where = ["c.account_id = ?"];
    const args: unknown[] = [accountId];
    if (query.status !== undefined) {
      where.push("c.status = ?");
      args.push(query.status);
    }
    if (query.search) {
      where.push("(instr(lower(c.id), ?) > 0 OR instr(c.domain, ?) > 0 OR instr(lower(c.alias), ?) > 0)");
      const needle = query.search.toLowerCase();
      args.push(needle, needle, needle);
    }
    const clause = where.join(" AND ");
    const total = (this.#sql(`SELECT COUNT(*) AS n FROM certificates c WHERE ${clause}`).get(...args) as { n: number })
      .n;
    const rows = this.#sql(
      `${SELECT_CERTIFICATE} WHERE ${clause} ORDER BY c.created_at DESC, c.id LIMIT ? OFFSET ?`,
    ).all(...args, query.limit, query.offset) as Row[];
    return { total, items: rows.map(toCertificate) };
  }

  async certificatesInStatus(status: StatusCode, limit: number): Promise<CertificateRecord[]> {
    const rows = this.#sql(`${SELECT_CERTIFICATE} WHERE c.status = ? ORDER BY c.created_at, c.id LIMIT ?`).all(
      status,
      limit,
    ) as Row[];
    return rows.map(toCertificate);
  }

  async applyChange(id: string, change: CertificateChange): Promise<CertificateRecord | undefined> {
    const run = this.db.transaction((): CertificateRecord | undefined => {
      // The row as it is, then as the update leaves it (the same column values the UPDATE writes, so nothing is
      // read back): the record returned is exactly what a read would give.
      const row = this.#sql(`${SELECT_CERTIFICATE} WHERE c.id = ?`).get(id) as Row | undefined;
      if (!row) return undefined;
      const current = { status: row.status as StatusCode, subStatus: (row.sub_status ?? null) as string | null };
      if (current.status !== change.expect.status || current.subStatus !== change.expect.subStatus) return undefined;
      const after: Row = { ...row };
      const columns = ["updated_at"];
      after.updated_at = ms(change.at);
      const to = change.transition?.to;
      if (to) {
        columns.push("status", "sub_status");
        after.status = to.status;
        after.sub_status = to.subStatus;
      }
      for (const [field, value] of Object.entries(change.set ?? {})) {
        const spec = PATCH_COLUMNS[field as keyof CertificatePatch];
        if (!spec) throw new Error(`unknown certificate field ${field}`);
        columns.push(spec[0]);
        after[spec[0]] = (spec[1] as (v: unknown) => unknown)(value);
      }
      this.#sql(`UPDATE certificates SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`).run(
        ...columns.map((c) => after[c]),
        id,
      );

      const quota = change.transition?.quota ?? "keep";
      if (quota === "release") {
        this.#sql("UPDATE quota_holds SET released_at = ? WHERE certificate_id = ? AND released_at IS NULL").run(
          ms(change.at),
          id,
        );
      } else if (quota === "hold-until-expiry") {
        const notAfter = change.set?.notAfter ?? date(row.not_after);
        if (!notAfter) throw new Error("an issued certificate needs its end time to hold quota until it");
        this.#sql("UPDATE quota_holds SET holds_until = ? WHERE certificate_id = ?").run(ms(notAfter), id);
      }

      if (change.log) {
        this.#log(id, {
          action: change.log.action,
          statusFrom: current.status,
          statusTo: to?.status ?? current.status,
          time: change.at,
          detail: change.log.detail ?? (to && to.subStatus !== current.subStatus ? (to.subStatus ?? "") : ""),
        });
      }
      if (change.notify) {
        const n = change.notify;
        this.#sql(
          "INSERT INTO messages (id, account_id, certificate_id, title, content, time) VALUES (?, ?, ?, ?, ?, ?)",
        ).run(randomBytes(8).toString("hex"), row.account_id, id, n.title, n.content, ms(change.at));
        const queue = this.#sql("INSERT INTO deliveries (channel, recipient, subject, body) VALUES (?, ?, ?, ?)");
        if (n.email) queue.run("mail", n.email, n.title, n.content);
        if (n.phone) queue.run("sms", n.phone, n.title, n.content);
      }
      return toCertificate(after);
    });
    const after = this.#write([id], () => run.immediate());
    return after && this.#cache.remember(after);
  }

  #log(certificateId: string, entry: OperationLog) {
    this.#sql(
      `INSERT INTO operation_logs (certificate_id, action, status_from, status_to, time, detail)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(certificateId, entry.action, entry.statusFrom, entry.statusTo, ms(entry.time), entry.detail);
  }

  async operationLogs(certificateId: string): Promise<OperationLog[]> {
    const rows = this.#sql("SELECT * FROM operation_logs WHERE certificate_id = ? ORDER BY id").all(
      certificateId,
    ) as Row[];
    return rows.map((row) => ({
      action: row.action as string,
      statusFrom: (row.status_from ?? null) as StatusCode | null,
      statusTo: (row.status_to ?? null) as StatusCode | null,
      time: new Date(row.time as number),
      detail: row.detail as string,
    }));
  }

  async listMessages(accountId: string, page: { offset: number; limit: number }) {
    const total = (this.#sql("SELECT COUNT(*) AS n FROM messages WHERE account_id = ?").get(accountId) as { n: number })
      .n;
    const rows = this.#sql(
      "SELECT * FROM messages WHERE account_id = ? ORDER BY time DESC, rowid DESC LIMIT ? OFFSET ?",
    ).all(accountId, page.limit, page.offset) as Row[];
    const items: InSiteMessage[] = rows.map((row) => ({
      id: row.id as string,
      accountId: row.account_id as string,
      certificateId: (row.certificate_id ?? null) as string | null,
      title: row.title as string,
      content: row.content as string,
      time: new Date(row.time as number),
    }));
    return { total, items };
  }

  async claimDeliveries(limit: number, leaseMs: number): Promise<Delivery[]> {
    const run = this.db.transaction((): Delivery[] => {
      const rows = this.#sql(
        `SELECT * FROM deliveries WHERE delivered_at IS NULL AND claimed_until <= ? AND attempts < ?
           ORDER BY id LIMIT ?`,
      ).all(Date.now(), MAX_DELIVERY_ATTEMPTS, limit) as Row[];
      const claim = this.#sql("UPDATE deliveries SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?");
      // Leases run on real time: they guard against two live processes, not against simulated delays.
      for (const row of rows) claim.run(Date.now() + leaseMs, row.id);
      return rows.map((row) => ({
        id: row.id as number,
        channel: row.channel as Delivery["channel"],
        to: row.recipient as string,
        subject: row.subject as string,
        body: row.body as string,
        attempts: (row.attempts as number) + 1,
      }));
    });
    return this.#write([], () => run.immediate());
  }

  async deliveryDone(id: number, at: Date): Promise<void> {
    this.#write([], () => this.#sql("UPDATE deliveries SET delivered_at = ? WHERE id = ?").run(ms(at), id));
  }

  async deliveryFailed(id: number, error: string): Promise<void> {
    this.#write([], () =>
      this.#sql("UPDATE deliveries SET claimed_until = 0, last_error = ? WHERE id = ?").run(error.slice(0, 500), id),
    );
  }

  async createPurchase(certificates: NewCertificate[], at: Date, detail: string): Promise<void> {
    this.#write(
      certificates.map((c) => c.id),
      this.db.transaction(() => {
        for (const c of certificates) {
          this.#insertCertificate(c, at);
          this.#log(c.id, { action: "purchase", statusFrom: null, statusTo: c.status, time: at, detail });
        }
      }),
    );
  }

  async updateDraft(
    id: string,
    patch: DraftPatch,
    log: { action: string; detail?: string },
    at: Date,
  ): Promise<CertificateRecord | undefined> {
    const run = this.db.transaction((): CertificateRecord | undefined => {
      const sets = ["updated_at = ?"];
      const args: unknown[] = [ms(at)];
      for (const [field, value] of Object.entries(patch)) {
        const spec = DRAFT_COLUMNS[field as keyof DraftPatch];
        if (!spec) throw new Error(`unknown draft field ${field}`);
        sets.push(`${spec[0]} = ?`);
        args.push((spec[1] as (v: unknown) => unknown)(value));
      }
      const result = this.#sql(`UPDATE certificates SET ${sets.join(", ")} WHERE id = ? AND status = 5`).run(
        ...args,
        id,
      );
      if (result.changes !== 1) return undefined;
      this.#log(id, { action: log.action, statusFrom: 5, statusTo: 5, time: at, detail: log.detail ?? "" });
      return this.#certificate(id);
    });
    const after = this.#write([id], () => run.immediate());
    return after && this.#cache.remember(after);
  }

  async beginNextInSeries(previousId: string, next: NewCertificate, at: Date): Promise<CertificateRecord | undefined> {
    const run = this.db.transaction((): CertificateRecord | undefined => {
      const claimed = this.#sql(
        `UPDATE certificates SET next_certificate_id = ?, renewal_due_at = NULL, updated_at = ?
           WHERE id = ? AND renewal_due_at IS NOT NULL AND next_certificate_id IS NULL`,
      ).run(next.id, ms(at), previousId);
      if (claimed.changes !== 1) return undefined;
      this.#insertCertificate(next, at);
      this.#log(previousId, {
        action: "series-next",
        statusFrom: null,
        statusTo: null,
        time: at,
        detail: `year ${next.seriesIndex ?? "?"} of ${next.period ?? "?"}: certificate ${next.id}`,
      });
      this.#log(next.id, {
        action: "series-apply",
        statusFrom: null,
        statusTo: next.status,
        time: at,
        detail: `year ${next.seriesIndex ?? "?"} of ${next.period ?? "?"}, after certificate ${previousId}`,
      });
      return this.#certificate(next.id);
    });
    const begun = this.#write([previousId, next.id], () => run.immediate());
    return begun && this.#cache.remember(begun);
  }

  async renewalsDue(limit: number): Promise<CertificateRecord[]> {
    const rows = this.#sql(
      `${SELECT_CERTIFICATE} WHERE c.renewal_due_at IS NOT NULL AND c.next_certificate_id IS NULL
         ORDER BY c.renewal_due_at, c.id LIMIT ?`,
    ).all(limit) as Row[];
    return rows.map(toCertificate);
  }

  async createProfileEntry(entry: ProfileEntry): Promise<void> {
    this.#sql(
      `INSERT INTO profile_entries (id, account_id, kind, data, review_state, review_note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.id,
      entry.accountId,
      entry.kind,
      JSON.stringify(entry.data),
      entry.reviewState,
      entry.reviewNote,
      ms(entry.createdAt),
      ms(entry.updatedAt),
    );
  }

  async getProfileEntry(id: string): Promise<ProfileEntry | undefined> {
    return this.#profileEntry(id);
  }

  #profileEntry(id: string): ProfileEntry | undefined {
    const row = this.#sql("SELECT * FROM profile_entries WHERE id = ?").get(id) as Row | undefined;
    return row ? toProfileEntry(row) : undefined;
  }

  async listProfileEntries(accountId: string, kind: ProfileKind, page: { offset: number; limit: number }) {
    const total = (
      this.#sql("SELECT COUNT(*) AS n FROM profile_entries WHERE account_id = ? AND kind = ?").get(accountId, kind) as {
        n: number;
      }
    ).n;
    const rows = this.#sql(
      `SELECT * FROM profile_entries WHERE account_id = ? AND kind = ?
         ORDER BY created_at, id LIMIT ? OFFSET ?`,
    ).all(accountId, kind, page.limit, page.offset) as Row[];
    return { total, items: rows.map(toProfileEntry) };
  }

  async updateProfileEntry(id: string, data: ProfileEntry["data"], at: Date): Promise<ProfileEntry | undefined> {
    this.#sql(
      `UPDATE profile_entries SET data = ?, review_state = 'pending', review_note = NULL, updated_at = ?
         WHERE id = ?`,
    ).run(JSON.stringify(data), ms(at), id);
    return this.#profileEntry(id);
  }

  async deleteProfileEntry(id: string): Promise<boolean> {
    return this.#sql("DELETE FROM profile_entries WHERE id = ?").run(id).changes === 1;
  }

  async reviewProfileEntry(
    id: string,
    state: "approved" | "rejected",
    note: string | null,
    at: Date,
  ): Promise<ProfileEntry | undefined> {
    this.#sql("UPDATE profile_entries SET review_state = ?, review_note = ?, updated_at = ? WHERE id = ?").run(
      state,
      note,
      ms(at),
      id,
    );
    return this.#profileEntry(id);
  }

  async setting(key: string, initial: () => string): Promise<string> {
    const run = this.db.transaction((): string => {
      const row = this.#sql("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
      if (row) return row.value;
      const value = initial();
      this.#sql("INSERT INTO settings (key, value) VALUES (?, ?)").run(key, value);
      return value;
    });
    return run.immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
