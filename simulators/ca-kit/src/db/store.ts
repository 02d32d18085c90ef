import { createHash } from "node:crypto";
import { type Db, openDatabase } from "@certsim/service";
import type BetterSqlite3 from "better-sqlite3";
import { DV_FLOW, resolveFlow } from "../core/flow";
import type {
  CertificateRecord,
  CheckSummary,
  Contact,
  DcvMethod,
  DcvRecord,
  EncryptionCertificate,
  FailureCode,
  Order,
  OrderLogEntry,
  OrderStatus,
  Organization,
  Reseller,
  ReviewState,
  Stage,
} from "../core/types";
import { MIGRATIONS } from "./schema";

type Row = Record<string, unknown>;
type Statement = BetterSqlite3.Statement;

const num = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));
const str = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export const hashApiKey = (apiKey: string): string => createHash("sha256").update(apiKey).digest("hex");

/**
 * A CA's state in SQLite: resellers, orders with their DCV records and log, validations kept for reuse, issued
 * certificates, and small settings (the CA hierarchy, the deny list). Every write is synchronous, so a check and
 * the insert it guards (FREE-3) run in one transaction.
 */
export class Store {
  readonly db: Db;
  readonly #statements = new Map<string, Statement>();

  constructor(path: string) {
    this.db = openDatabase(path, MIGRATIONS);
  }

  /** The statement for `sql`, prepared once per store (preparing costs more than running most of these queries). */
  private sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= 256) this.#statements.clear(); // dynamic filters have few shapes; stay bounded
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(body: () => T): T {
    return this.db.transaction(body)();
  }

  // ── settings ─────────────────────────────────────────────────────────────────────────────────────────────

  getMeta<T>(key: string): T | undefined {
    const row = this.sql("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    return row ? (JSON.parse(String(row.value)) as T) : undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      key,
      JSON.stringify(value),
    );
  }

  /** The next number of a named sequence (1, 2, …), durable across restarts. */
  nextNumber(name: string): number {
    const row = this.sql(
      "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
    ).get(name) as Row;
    return Number(row.value);
  }

  // ── resellers ────────────────────────────────────────────────────────────────────────────────────────────

  addReseller(reseller: Reseller, apiKey: string): void {
    this.sql("INSERT INTO resellers (id, name, key_hash, created_at) VALUES (?, ?, ?, ?)").run(
      reseller.id,
      reseller.name,
      hashApiKey(apiKey),
      reseller.createdAt,
    );
  }

  resellerByKey(apiKey: string): Reseller | undefined {
    const row = this.sql("SELECT * FROM resellers WHERE key_hash = ?").get(hashApiKey(apiKey)) as Row | undefined;
    return row ? toReseller(row) : undefined;
  }

  resellers(): Reseller[] {
    return (this.sql("SELECT * FROM resellers ORDER BY created_at, id").all() as Row[]).map(toReseller);
  }

  // ── orders ───────────────────────────────────────────────────────────────────────────────────────────────

  insertOrder(order: Order): void {
    this.sql(
      `INSERT INTO orders (id, reseller_id, partner_order_id, product_code, years, domains, names, dcv_method, csr_pem,
          callback_url, free, primary_domain, status, stage, created_at, updated_at, dcv_started_at, dcv_deadline_at,
          organization, contacts, company_name)
         VALUES (@id, @resellerId, @partnerOrderId, @productCode, @years, @domains, @names, @dcvMethod, @csrPem,
          @callbackUrl, @free, @primaryDomain, @status, @stage, @createdAt, @updatedAt, @dcvStartedAt, @dcvDeadlineAt,
          @organization, @contacts, @companyName)`,
    ).run({
      id: order.id,
      resellerId: order.resellerId,
      partnerOrderId: order.partnerOrderId,
      productCode: order.productCode,
      years: order.years,
      domains: JSON.stringify(order.domains),
      names: JSON.stringify(order.names),
      dcvMethod: order.dcvMethod,
      csrPem: order.csrPem,
      callbackUrl: order.callbackUrl ?? null,
      free: order.free ? 1 : 0,
      primaryDomain: order.primaryDomain,
      status: order.status,
      stage: order.stage,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      dcvStartedAt: order.dcvStartedAt,
      dcvDeadlineAt: order.dcvDeadlineAt,
      organization: order.organization ? JSON.stringify(order.organization) : null,
      contacts:
        order.applicant || order.administrator
          ? JSON.stringify({ applicant: order.applicant, administrator: order.administrator })
          : null,
      companyName: order.companyName ?? null,
    });
    this.saveOrder(order);
  }

  /** Writes every mutable field of an order and its DCV records. */
  saveOrder(order: Order): void {
    this.sql(
      `UPDATE orders SET status = @status, stage = @stage, failure_code = @failureCode, failure_reason = @failureReason,
          updated_at = @updatedAt, dcv_started_at = @dcvStartedAt, dcv_deadline_at = @dcvDeadlineAt,
          next_check_at = @nextCheckAt, dcv_passed_at = @dcvPassedAt, review_at = @reviewAt,
          security_reviewed_at = @securityReviewedAt, issue_at = @issueAt, manual_hold = @manualHold,
          review_round = @reviewRound, serial = @serial, review = @review
         WHERE id = @id`,
    ).run({
      id: order.id,
      status: order.status,
      stage: order.stage,
      failureCode: order.failure?.code ?? null,
      failureReason: order.failure?.reason ?? null,
      updatedAt: order.updatedAt,
      dcvStartedAt: order.dcvStartedAt,
      dcvDeadlineAt: order.dcvDeadlineAt,
      nextCheckAt: order.nextCheckAt ?? null,
      dcvPassedAt: order.dcvPassedAt ?? null,
      reviewAt: order.reviewAt ?? null,
      securityReviewedAt: order.securityReviewedAt ?? null,
      issueAt: order.issueAt ?? null,
      manualHold: order.manualHold ? 1 : 0,
      reviewRound: order.reviewRound,
      serial: order.serial ?? null,
      review: JSON.stringify(order.review),
    });
    const upsert = this.sql(
      `INSERT INTO dcv_records (order_id, idx, domain, method, record_type, host, value, path, urls, proves, status,
        reused, generation, value_created_at, value_expires_at, passed_at, last_check)
       VALUES (@orderId, @index, @domain, @method, @recordType, @host, @value, @path, @urls, @proves, @status,
        @reused, @generation, @valueCreatedAt, @valueExpiresAt, @passedAt, @lastCheck)
       ON CONFLICT (order_id, idx) DO UPDATE SET host = excluded.host, value = excluded.value, path = excluded.path,
        urls = excluded.urls, status = excluded.status, reused = excluded.reused, generation = excluded.generation,
        value_created_at = excluded.value_created_at, value_expires_at = excluded.value_expires_at,
        passed_at = excluded.passed_at, last_check = excluded.last_check`,
    );
    for (const record of order.dcv) {
      upsert.run({
        orderId: order.id,
        index: record.index,
        domain: record.domain,
        method: record.method,
        recordType: record.recordType,
        host: record.host,
        value: record.value,
        path: record.path ?? null,
        urls: JSON.stringify(record.urls),
        proves: JSON.stringify(record.proves),
        status: record.status,
        reused: record.reused ? 1 : 0,
        generation: record.generation,
        valueCreatedAt: record.valueCreatedAt,
        valueExpiresAt: record.valueExpiresAt,
        passedAt: record.passedAt ?? null,
        lastCheck: record.lastCheck ? JSON.stringify(record.lastCheck) : null,
      });
    }
  }

  getOrder(id: string): Order | undefined {
    const row = this.sql("SELECT * FROM orders WHERE id = ?").get(id) as Row | undefined;
    return row ? this.toOrder(row) : undefined;
  }

  orderByPartnerId(resellerId: string, partnerOrderId: string): Order | undefined {
    const row = this.sql("SELECT * FROM orders WHERE reseller_id = ? AND partner_order_id = ?").get(
      resellerId,
      partnerOrderId,
    ) as Row | undefined;
    return row ? this.toOrder(row) : undefined;
  }

  listOrders(filter: { status?: OrderStatus; resellerId?: string; limit?: number } = {}): Order[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push("status = ?");
      args.push(filter.status);
    }
    if (filter.resellerId) {
      where.push("reseller_id = ?");
      args.push(filter.resellerId);
    }
    const sql = `SELECT * FROM orders ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id LIMIT ?`;
    return (this.sql(sql).all(...args, filter.limit ?? 1000) as Row[]).map((row) => this.toOrder(row));
  }

  openOrderIds(): string[] {
    return (
      this.sql(
        "SELECT id FROM orders WHERE status IN ('pending_letter', 'pending_dcv', 'reviewing') ORDER BY id",
      ).all() as Row[]
    ).map((row) => String(row.id));
  }

  /** FREE-3: free orders on a primary domain that hold a slot (pending, reviewing, or issued and unexpired). */
  countActiveFreeOrders(primaryDomain: string, now: number): number {
    const row = this.sql(
      `SELECT COUNT(*) AS n FROM orders o LEFT JOIN certificates c ON c.serial = o.serial
         WHERE o.free = 1 AND o.primary_domain = ?
           AND (o.status IN ('pending_letter', 'pending_dcv', 'reviewing') OR (o.status = 'issued' AND c.not_after > ?))`,
    ).get(primaryDomain, now) as Row;
    return Number(row.n);
  }

  appendLog(orderId: string, entry: OrderLogEntry): void {
    this.sql("INSERT INTO order_log (order_id, at, status, stage, detail) VALUES (?, ?, ?, ?, ?)").run(
      orderId,
      entry.at,
      entry.status,
      entry.stage,
      entry.detail,
    );
  }

  orderLog(orderId: string): OrderLogEntry[] {
    return (
      this.sql("SELECT at, status, stage, detail FROM order_log WHERE order_id = ? ORDER BY id").all(orderId) as Row[]
    ).map((row) => ({
      at: Number(row.at),
      status: String(row.status) as OrderStatus,
      stage: String(row.stage) as Stage,
      detail: String(row.detail),
    }));
  }

  // ── validations kept for reuse (DCV-11) ──────────────────────────────────────────────────────────────────

  recordValidation(resellerId: string, name: string, method: string, at: number, orderId: string): void {
    this.sql(
      `INSERT INTO validations (reseller_id, name, method, validated_at, order_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (reseller_id, name) DO UPDATE SET method = excluded.method, validated_at = excluded.validated_at,
           order_id = excluded.order_id
         WHERE excluded.validated_at >= validations.validated_at`,
    ).run(resellerId, name, method, at, orderId);
  }

  validatedAt(resellerId: string, name: string): number | undefined {
    const row = this.sql("SELECT validated_at FROM validations WHERE reseller_id = ? AND name = ?").get(
      resellerId,
      name,
    ) as Row | undefined;
    return num(row?.validated_at);
  }

  // ── validations kept by company (DCV-8) ──────────────────────────────────────────────────────────────────

  /** A validation filed under a company or organisation name (`companyKey`), kept apart from the reseller's. */
  recordCompanyValidation(
    resellerId: string,
    company: string,
    name: string,
    method: string,
    at: number,
    orderId: string,
  ): void {
    this.sql(
      `INSERT INTO company_validations (reseller_id, company, name, method, validated_at, order_id)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (reseller_id, company, name) DO UPDATE SET method = excluded.method,
           validated_at = excluded.validated_at, order_id = excluded.order_id
         WHERE excluded.validated_at >= company_validations.validated_at`,
    ).run(resellerId, company, name, method, at, orderId);
  }

  companyValidatedAt(resellerId: string, company: string, name: string): number | undefined {
    const row = this.sql(
      "SELECT validated_at FROM company_validations WHERE reseller_id = ? AND company = ? AND name = ?",
    ).get(resellerId, company, name) as Row | undefined;
    return num(row?.validated_at);
  }

  // ── approved review information (SM-3) ───────────────────────────────────────────────────────────────────

  recordApproval(resellerId: string, kind: string, fingerprint: string, orderId: string, at: number): void {
    this.sql(
      `INSERT INTO approvals (reseller_id, kind, fingerprint, order_id, approved_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (reseller_id, kind, fingerprint) DO UPDATE SET order_id = excluded.order_id,
           approved_at = excluded.approved_at`,
    ).run(resellerId, kind, fingerprint, orderId, at);
  }

  approvalOf(resellerId: string, kind: string, fingerprint: string): { orderId: string; at: number } | undefined {
    const row = this.sql(
      "SELECT order_id, approved_at FROM approvals WHERE reseller_id = ? AND kind = ? AND fingerprint = ?",
    ).get(resellerId, kind, fingerprint) as Row | undefined;
    return row ? { orderId: String(row.order_id), at: Number(row.approved_at) } : undefined;
  }

  // ── confirmation letters (SM-1, OV-1) ────────────────────────────────────────────────────────────────────

  insertLetter(orderId: string, seq: number, type: string, content: Uint8Array, at: number): void {
    this.sql("INSERT INTO letters (order_id, seq, type, content, uploaded_at) VALUES (?, ?, ?, ?, ?)").run(
      orderId,
      seq,
      type,
      Buffer.from(content),
      at,
    );
  }

  letterContent(orderId: string, seq: number): { type: string; content: Uint8Array } | undefined {
    const row = this.sql("SELECT type, content FROM letters WHERE order_id = ? AND seq = ?").get(orderId, seq) as
      | Row
      | undefined;
    return row ? { type: String(row.type), content: new Uint8Array(row.content as Buffer) } : undefined;
  }

  // ── certificates ─────────────────────────────────────────────────────────────────────────────────────────

  insertCertificate(certificate: CertificateRecord): void {
    this.sql(
      `INSERT INTO certificates (serial, order_id, cert_pem, chain_pem, not_before, not_after, encryption)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      certificate.serial,
      certificate.orderId,
      certificate.certPem,
      JSON.stringify(certificate.chainPem),
      certificate.notBefore,
      certificate.notAfter,
      certificate.encryption ? JSON.stringify(certificate.encryption) : null,
    );
  }

  revokeCertificate(serial: string, at: number, reason: string): void {
    this.sql(
      "UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL",
    ).run(at, reason, serial);
  }

  getCertificate(serial: string): CertificateRecord | undefined {
    const row = this.sql("SELECT * FROM certificates WHERE serial = ?").get(serial.toLowerCase()) as Row | undefined;
    if (!row) return undefined;
    return {
      serial: String(row.serial),
      orderId: String(row.order_id),
      certPem: String(row.cert_pem),
      chainPem: JSON.parse(String(row.chain_pem)) as string[],
      notBefore: Number(row.not_before),
      notAfter: Number(row.not_after),
      ...opt("revokedAt", num(row.revoked_at)),
      ...opt("revocationReason", str(row.revocation_reason)),
      ...(row.encryption ? { encryption: JSON.parse(String(row.encryption)) as EncryptionCertificate } : {}),
    };
  }

  // ── row mapping ──────────────────────────────────────────────────────────────────────────────────────────

  private toOrder(row: Row): Order {
    const records = (this.sql("SELECT * FROM dcv_records WHERE order_id = ? ORDER BY idx").all(row.id) as Row[]).map(
      toDcvRecord,
    );
    const failureCode = str(row.failure_code) as FailureCode | undefined;
    const contacts = row.contacts
      ? (JSON.parse(String(row.contacts)) as { applicant?: Contact; administrator?: Contact })
      : undefined;
    return {
      id: String(row.id),
      resellerId: String(row.reseller_id),
      partnerOrderId: String(row.partner_order_id),
      productCode: String(row.product_code),
      years: Number(row.years),
      domains: JSON.parse(String(row.domains)) as string[],
      names: JSON.parse(String(row.names)) as string[],
      dcvMethod: String(row.dcv_method) as DcvMethod,
      csrPem: String(row.csr_pem),
      ...opt("callbackUrl", str(row.callback_url)),
      free: Number(row.free) === 1,
      primaryDomain: String(row.primary_domain),
      status: String(row.status) as OrderStatus,
      stage: String(row.stage) as Stage,
      ...(failureCode ? { failure: { code: failureCode, reason: String(row.failure_reason ?? "") } } : {}),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      dcvStartedAt: Number(row.dcv_started_at),
      dcvDeadlineAt: Number(row.dcv_deadline_at),
      ...opt("nextCheckAt", num(row.next_check_at)),
      ...opt("dcvPassedAt", num(row.dcv_passed_at)),
      ...opt("reviewAt", num(row.review_at)),
      ...opt("securityReviewedAt", num(row.security_reviewed_at)),
      ...opt("issueAt", num(row.issue_at)),
      manualHold: Number(row.manual_hold) === 1,
      reviewRound: Number(row.review_round),
      ...opt("serial", str(row.serial)),
      dcv: records,
      ...(row.organization ? { organization: JSON.parse(String(row.organization)) as Organization } : {}),
      ...(contacts?.applicant ? { applicant: contacts.applicant } : {}),
      ...(contacts?.administrator ? { administrator: contacts.administrator } : {}),
      ...opt("companyName", str(row.company_name)),
      // Orders stored before flows existed followed the DV flow.
      review: row.review ? (JSON.parse(String(row.review)) as ReviewState) : { flow: resolveFlow(DV_FLOW) },
    };
  }
}

function toReseller(row: Row): Reseller {
  return { id: String(row.id), name: String(row.name), createdAt: Number(row.created_at) };
}

function toDcvRecord(row: Row): DcvRecord {
  return {
    index: Number(row.idx),
    domain: String(row.domain),
    method: String(row.method) as DcvRecord["method"],
    recordType: String(row.record_type) as DcvRecord["recordType"],
    host: String(row.host),
    value: String(row.value),
    ...opt("path", str(row.path)),
    urls: JSON.parse(String(row.urls)) as string[],
    proves: JSON.parse(String(row.proves)) as string[],
    status: String(row.status) as DcvRecord["status"],
    reused: Number(row.reused) === 1,
    generation: Number(row.generation),
    valueCreatedAt: Number(row.value_created_at),
    valueExpiresAt: Number(row.value_expires_at),
    ...opt("passedAt", num(row.passed_at)),
    ...(row.last_check ? { lastCheck: JSON.parse(String(row.last_check)) as CheckSummary } : {}),
  };
}
