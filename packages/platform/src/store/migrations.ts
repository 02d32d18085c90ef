// SQLite schema, one entry per version (applied in order by openDatabase). Times are integer milliseconds.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('individual', 'enterprise')),
    member_level TEXT NOT NULL CHECK (member_level IN ('standard', 'V1', 'V2')),
    held_free_cert_20230320 INTEGER NOT NULL DEFAULT 0,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE api_keys (
    key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    secret_hash TEXT NOT NULL
  );

  CREATE TABLE registrar_domains (
    domain TEXT PRIMARY KEY,
    added_at INTEGER NOT NULL
  );

  CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    domain TEXT NOT NULL,
    names TEXT NOT NULL,
    brand TEXT NOT NULL,
    product_code TEXT NOT NULL,
    dv_auth_method TEXT NOT NULL,
    status INTEGER NOT NULL,
    sub_status TEXT,
    alias TEXT NOT NULL DEFAULT '',
    contact_email TEXT,
    contact_phone TEXT,
    csr_source TEXT NOT NULL,
    csr_pem TEXT,
    key_algorithm TEXT,
    key_parameter TEXT,
    private_key TEXT,
    key_protection TEXT,
    deployable INTEGER NOT NULL,
    zone_hosted_at_platform INTEGER NOT NULL DEFAULT 0,
    ca_order_id TEXT,
    dcv TEXT NOT NULL DEFAULT '[]',
    dcv_expires_at INTEGER,
    certificate_pem TEXT,
    chain_pem TEXT,
    serial TEXT,
    not_before INTEGER,
    not_after INTEGER,
    failure_reason TEXT,
    last_dcv_check TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX certificates_account ON certificates(account_id, created_at);
  CREATE INDEX certificates_status ON certificates(status, created_at);
  CREATE UNIQUE INDEX certificates_ca_order ON certificates(ca_order_id) WHERE ca_order_id IS NOT NULL;

  -- DOM-1: the bound domain and its names never change once submitted, whatever code tries.
  CREATE TRIGGER certificates_domain_fixed BEFORE UPDATE OF domain, names ON certificates
    WHEN NEW.domain IS NOT OLD.domain OR NEW.names IS NOT OLD.names
    BEGIN SELECT RAISE(ABORT, 'DOM-1: the bound domain cannot be changed after submission'); END;

  -- FREE-6: one row per application that took quota. It counts while released_at is null and, once issued,
  -- until holds_until (the certificate's end time).
  CREATE TABLE quota_holds (
    certificate_id TEXT PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    bucket TEXT NOT NULL CHECK (bucket IN ('platform', 'any')),
    taken_at INTEGER NOT NULL,
    holds_until INTEGER,
    released_at INTEGER
  );
  CREATE INDEX quota_holds_account ON quota_holds(account_id, released_at);

  CREATE TABLE operation_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    certificate_id TEXT NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    status_from INTEGER,
    status_to INTEGER,
    time INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX operation_logs_certificate ON operation_logs(certificate_id, id);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    certificate_id TEXT,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    time INTEGER NOT NULL
  );
  CREATE INDEX messages_account ON messages(account_id, time);

  -- Mail and SMS waiting for the world's services (an outbox: written with the status change, sent after).
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL CHECK (channel IN ('mail', 'sms')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    delivered_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX deliveries_pending ON deliveries(delivered_at, claimed_until);

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Paid certificates (PAID-1..3): catalogue product, series (PAID-2), the wizard's information; My Profile.
  `
  ALTER TABLE certificates ADD COLUMN product_id TEXT;
  ALTER TABLE certificates ADD COLUMN period INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE certificates ADD COLUMN domain_num INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE certificates ADD COLUMN auto_renew INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE certificates ADD COLUMN series_id TEXT;
  ALTER TABLE certificates ADD COLUMN series_index INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE certificates ADD COLUMN renewal_due_at INTEGER;
  ALTER TABLE certificates ADD COLUMN next_certificate_id TEXT;
  ALTER TABLE certificates ADD COLUMN information TEXT;
  CREATE UNIQUE INDEX certificates_series ON certificates(series_id, series_index) WHERE series_id IS NOT NULL;
  CREATE INDEX certificates_renewal ON certificates(renewal_due_at) WHERE renewal_due_at IS NOT NULL;

  -- DOM-1: the wizard binds the domains while the certificate is 5 (information to submit); from commit on they
  -- are fixed, whatever code tries.
  DROP TRIGGER certificates_domain_fixed;
  CREATE TRIGGER certificates_domain_fixed BEFORE UPDATE OF domain, names ON certificates
    WHEN (NEW.domain IS NOT OLD.domain OR NEW.names IS NOT OLD.names) AND OLD.status <> 5
    BEGIN SELECT RAISE(ABORT, 'DOM-1: the bound domain cannot be changed after submission'); END;

  CREATE TABLE profile_entries (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('organization', 'admin')),
    data TEXT NOT NULL,
    review_state TEXT NOT NULL CHECK (review_state IN ('pending', 'approved', 'rejected')),
    review_note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX profile_entries_account ON profile_entries(account_id, kind, created_at);
  `,
];
