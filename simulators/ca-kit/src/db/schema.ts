/** Schema migrations of a CA's database; `MIGRATIONS[i]` moves version i to i+1 (see `openDatabase`). */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE resellers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    reseller_id TEXT NOT NULL REFERENCES resellers(id),
    partner_order_id TEXT NOT NULL,
    product_code TEXT NOT NULL,
    years INTEGER NOT NULL,
    domains TEXT NOT NULL,
    names TEXT NOT NULL,
    dcv_method TEXT NOT NULL,
    csr_pem TEXT NOT NULL,
    callback_url TEXT,
    free INTEGER NOT NULL,
    primary_domain TEXT NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    failure_code TEXT,
    failure_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    dcv_started_at INTEGER NOT NULL,
    dcv_deadline_at INTEGER NOT NULL,
    next_check_at INTEGER,
    dcv_passed_at INTEGER,
    review_at INTEGER,
    security_reviewed_at INTEGER,
    issue_at INTEGER,
    manual_hold INTEGER NOT NULL DEFAULT 0,
    review_round INTEGER NOT NULL DEFAULT 0,
    serial TEXT,
    UNIQUE (reseller_id, partner_order_id)
  );
  CREATE INDEX orders_by_status ON orders (status);
  CREATE INDEX orders_by_primary_domain ON orders (primary_domain, free);
  CREATE TABLE dcv_records (
    order_id TEXT NOT NULL REFERENCES orders(id),
    idx INTEGER NOT NULL,
    domain TEXT NOT NULL,
    method TEXT NOT NULL,
    record_type TEXT NOT NULL,
    host TEXT NOT NULL,
    value TEXT NOT NULL,
    path TEXT,
    urls TEXT NOT NULL,
    proves TEXT NOT NULL,
    status TEXT NOT NULL,
    reused INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    value_created_at INTEGER NOT NULL,
    value_expires_at INTEGER NOT NULL,
    passed_at INTEGER,
    last_check TEXT,
    PRIMARY KEY (order_id, idx)
  );
  CREATE TABLE validations (
    reseller_id TEXT NOT NULL,
    name TEXT NOT NULL,
    method TEXT NOT NULL,
    validated_at INTEGER NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (reseller_id, name)
  );
  CREATE TABLE certificates (
    serial TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    cert_pem TEXT NOT NULL,
    chain_pem TEXT NOT NULL,
    not_before INTEGER NOT NULL,
    not_after INTEGER NOT NULL,
    revoked_at INTEGER,
    revocation_reason TEXT
  );
  CREATE TABLE order_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders(id),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX order_log_by_order ON order_log (order_id, id);
  `,
  // OV/EV: the organisation and people on an order; the review flow and the state of its later stages (JSON).
  `
  ALTER TABLE orders ADD COLUMN organization TEXT;
  ALTER TABLE orders ADD COLUMN contacts TEXT;
  ALTER TABLE orders ADD COLUMN review TEXT;
  `,
  // GM and DNSPod: a DV order's company name (DCV-8), the encryption certificate of a GM order (SM-4), validations
  // kept by company (DCV-8), approved review information (SM-3), confirmation letters (SM-1, OV-1).
  `
  ALTER TABLE orders ADD COLUMN company_name TEXT;
  ALTER TABLE certificates ADD COLUMN encryption TEXT;
  CREATE TABLE company_validations (
    reseller_id TEXT NOT NULL,
    company TEXT NOT NULL,
    name TEXT NOT NULL,
    method TEXT NOT NULL,
    validated_at INTEGER NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (reseller_id, company, name)
  );
  CREATE TABLE approvals (
    reseller_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    order_id TEXT NOT NULL,
    approved_at INTEGER NOT NULL,
    PRIMARY KEY (reseller_id, kind, fingerprint)
  );
  CREATE TABLE letters (
    order_id TEXT NOT NULL REFERENCES orders(id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, seq)
  );
  `,
];
