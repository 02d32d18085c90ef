// Rows the SQLite store read recently, so a status read does not rebuild the same certificate, account and API key
// from SQLite every time (a certificate row is ~40 columns: most of a read's store time). A cached row is served
// only while nothing has written to the database behind the store's back: the store's own writes forget the
// certificates they touch; a commit by another connection (another platform instance on the same file:
// PRAGMA data_version) or a write on this connection the store did not make (total_changes()) forgets everything.
import type { AccountRecord, ApiKeyRecord, CertificateRecord } from "./types";

/** Rows kept per kind; beyond it the oldest goes (a read of it then costs what it did without the cache). */
const MAX_ROWS = 20_000;

/** [rows changed by this connection since it opened, the data version other connections' commits move]. */
export type WriteMarks = () => readonly [number, number];

class Rows<T> {
  readonly #rows = new Map<string, T>();

  get(key: string): T | undefined {
    return this.#rows.get(key);
  }

  set(key: string, value: T): T {
    if (this.#rows.size >= MAX_ROWS && !this.#rows.has(key)) this.#rows.delete(this.#rows.keys().next().value!);
    this.#rows.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.#rows.delete(key);
  }

  clear(): void {
    this.#rows.clear();
  }
}

/** Cached records are shared by every reader: frozen, so a caller that changed one would fail loudly. */
function frozen(cert: CertificateRecord): CertificateRecord {
  Object.freeze(cert.names);
  for (const record of cert.dcv) Object.freeze(record);
  Object.freeze(cert.dcv);
  return Object.freeze(cert);
}

export class ReadCache {
  readonly #certificates = new Rows<CertificateRecord>();
  readonly #accounts = new Rows<AccountRecord>();
  readonly #apiKeys = new Rows<ApiKeyRecord>();
  #changes = -1;
  #dataVersion = -1;

  constructor(private readonly marks: WriteMarks) {}

  /** Before serving from the cache, and before a write of the store's own: forgets everything if someone else wrote. */
  check(): void {
    const [changes, dataVersion] = this.marks();
    if (changes !== this.#changes || dataVersion !== this.#dataVersion) {
      this.#clear();
      this.#changes = changes;
      this.#dataVersion = dataVersion;
    }
  }

  /** After a write of the store's own (checked before it): forgets the certificates it touched. */
  wrote(certificateIds: readonly string[]): void {
    for (const id of certificateIds) this.#certificates.delete(id);
    const [changes, dataVersion] = this.marks();
    if (dataVersion !== this.#dataVersion) this.#clear();
    this.#changes = changes;
    this.#dataVersion = dataVersion;
  }

  certificate(id: string, read: () => CertificateRecord | undefined): CertificateRecord | undefined {
    this.check();
    const hit = this.#certificates.get(id);
    if (hit) return hit;
    const fresh = read();
    return fresh ? this.#certificates.set(id, frozen(fresh)) : undefined;
  }

  /** A certificate as a write of the store's own just left it (call after `wrote`). */
  remember(cert: CertificateRecord): CertificateRecord {
    return this.#certificates.set(cert.id, frozen(cert));
  }

  account(id: string, read: () => AccountRecord | undefined): AccountRecord | undefined {
    this.check();
    const hit = this.#accounts.get(id);
    if (hit) return hit;
    const fresh = read();
    return fresh ? this.#accounts.set(id, Object.freeze(fresh)) : undefined;
  }

  apiKey(keyId: string, read: () => ApiKeyRecord | undefined): ApiKeyRecord | undefined {
    this.check();
    const hit = this.#apiKeys.get(keyId);
    if (hit) return hit;
    const fresh = read();
    return fresh ? this.#apiKeys.set(keyId, Object.freeze(fresh)) : undefined;
  }

  #clear(): void {
    this.#certificates.clear();
    this.#accounts.clear();
    this.#apiKeys.clear();
  }
}
