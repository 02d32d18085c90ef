import { ApiError, badRequest, type Db, notFound, openDatabase } from "@certsim/service";
import { parseHostName, parseSitePath } from "./names";
import { systemTime, type TimeSource } from "./time";

export type RedirectStatus = 301 | 302 | 307 | 308;
export type FaultKind = "status" | "hang" | "reset";

export interface SiteFile {
  host: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

export interface SiteRedirect {
  host: string;
  path: string;
  location: string;
  status: RedirectStatus;
}

export interface SiteFault {
  host: string;
  /** Absent for a fault that covers the whole host. */
  path?: string;
  kind: FaultKind;
  /** The 5xx answered by a `status` fault. */
  status?: number;
}

export interface Site {
  host: string;
  files: Omit<SiteFile, "host" | "body">[];
  redirects: Omit<SiteRedirect, "host">[];
  faults: Omit<SiteFault, "host">[];
}

/** What the server does with one request, decided from the stored sites. */
export type Resolution =
  | { kind: "unknown-host" }
  | { kind: "not-found" }
  | { kind: "fault"; fault: SiteFault }
  | { kind: "file"; file: SiteFile }
  | { kind: "redirect"; redirect: SiteRedirect };

export interface HttpRequestRecord {
  id: number;
  /** ISO 8601, from the host's time source. */
  at: string;
  /** The virtual host asked for (normalised Host header; "" when none was sent). */
  host: string;
  method: string;
  /** The request target as received (path and query), clipped to 2048 characters. */
  path: string;
  /** The status answered, or null when a hang or reset fault left the request unanswered. */
  status: number | null;
  fault: FaultKind | null;
  remoteAddress: string;
}

export interface HistoryFilter {
  host?: string;
  path?: string;
  /** Only the newest `limit` records (still listed oldest first). */
  limit?: number;
}

/** How many request records are kept; older ones are dropped so a load test cannot fill the disk. */
const HISTORY_KEEP = 10_000;
const MAX_BODY = 1_000_000;

const MIGRATIONS = [
  `CREATE TABLE hosts (host TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
   CREATE TABLE entries (
     host TEXT NOT NULL REFERENCES hosts(host) ON DELETE CASCADE,
     path TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('file', 'redirect')),
     status INTEGER NOT NULL,
     content_type TEXT,
     body BLOB,
     location TEXT,
     PRIMARY KEY (host, path)
   );
   CREATE TABLE faults (
     host TEXT NOT NULL REFERENCES hosts(host) ON DELETE CASCADE,
     path TEXT NOT NULL, -- '' is the whole host
     kind TEXT NOT NULL CHECK (kind IN ('status', 'hang', 'reset')),
     status INTEGER,
     PRIMARY KEY (host, path)
   );
   CREATE TABLE history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     host TEXT NOT NULL,
     method TEXT NOT NULL,
     path TEXT NOT NULL,
     status INTEGER,
     fault TEXT,
     remote_address TEXT NOT NULL
   );
   CREATE INDEX history_by_host ON history(host, id);`,
];

interface EntryRow {
  host: string;
  path: string;
  kind: "file" | "redirect";
  status: number;
  content_type: string | null;
  body: Buffer | null;
  location: string | null;
}

interface FaultRow {
  host: string;
  path: string;
  kind: FaultKind;
  status: number | null;
}

interface HistoryRow {
  id: number;
  at: number;
  host: string;
  method: string;
  path: string;
  status: number | null;
  fault: FaultKind | null;
  remote_address: string;
}

/**
 * The customers' websites: virtual hosts with files, redirects and faults, and the history of requests served.
 * Every write validates its input the way the management API does, so in-process callers get the same errors.
 */
export class SiteStore {
  readonly db: Db;
  private inserted = 0;

  constructor(
    dbPath = ":memory:",
    private readonly time: TimeSource = systemTime,
  ) {
    this.db = openDatabase(dbPath, MIGRATIONS);
  }

  /** Creates a host (idempotent); returns its stored name. */
  addHost(host: string): string {
    const name = parseHostName(host);
    this.db.prepare("INSERT OR IGNORE INTO hosts (host, created_at) VALUES (?, ?)").run(name, this.time.nowMs());
    return name;
  }

  /** Removes a host with all its files, redirects and faults. */
  removeHost(host: string): void {
    const name = parseHostName(host);
    if (this.db.prepare("DELETE FROM hosts WHERE host = ?").run(name).changes === 0) throw notFound(`host ${name}`);
  }

  hosts(): string[] {
    return (this.db.prepare("SELECT host FROM hosts ORDER BY host").all() as { host: string }[]).map((r) => r.host);
  }

  site(host: string): Site {
    const name = parseHostName(host);
    if (!this.db.prepare("SELECT 1 FROM hosts WHERE host = ?").get(name)) throw notFound(`host ${name}`);
    const entries = this.db.prepare("SELECT * FROM entries WHERE host = ? ORDER BY path").all(name) as EntryRow[];
    const faults = this.db.prepare("SELECT * FROM faults WHERE host = ? ORDER BY path").all(name) as FaultRow[];
    return {
      host: name,
      files: entries
        .filter((e) => e.kind === "file")
        .map((e) => ({ path: e.path, status: e.status, contentType: e.content_type ?? "" })),
      redirects: entries
        .filter((e) => e.kind === "redirect")
        .map((e) => ({ path: e.path, location: e.location ?? "", status: e.status as RedirectStatus })),
      faults: faults.map((f) => omitHost(toFault(f))),
    };
  }

  /** Puts a file on a host (creating the host), replacing whatever was at that path. */
  putFile(input: { host: string; path: string; body: string; status?: number; contentType?: string }): SiteFile {
    const path = parseSitePath(input.path);
    const status = input.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw badRequest("InvalidParameter", "status: must be an integer from 200 to 599", { field: "status" });
    }
    if (input.body.length > MAX_BODY) {
      throw badRequest("InvalidParameter", `body: longer than ${MAX_BODY} characters`, { field: "body" });
    }
    const contentType = input.contentType ?? contentTypeFor(path);
    if (!/^[\x20-\x7e]{1,200}$/.test(contentType)) {
      throw badRequest("InvalidParameter", "contentType: must be printable ASCII", { field: "contentType" });
    }
    const host = this.addHost(input.host);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO entries (host, path, kind, status, content_type, body, location)
         VALUES (?, ?, 'file', ?, ?, ?, NULL)`,
      )
      .run(host, path, status, contentType, Buffer.from(input.body, "utf8"));
    return { host, path, status, contentType, body: input.body };
  }

  deleteFile(host: string, path: string): void {
    this.deleteEntry(host, path, "file");
  }

  /** Makes a path on a host (creating the host) redirect elsewhere, replacing whatever was at that path. */
  putRedirect(input: { host: string; path: string; location: string; status: number }): SiteRedirect {
    const path = parseSitePath(input.path);
    if (![301, 302, 307, 308].includes(input.status)) {
      throw badRequest("InvalidParameter", "status: must be 301, 302, 307 or 308", { field: "status" });
    }
    // A Location header must be one printable line: anything else would split or break the response.
    if (!/^[\x21-\x7e]{1,2048}$/.test(input.location)) {
      throw badRequest("InvalidParameter", "location: must be 1-2048 printable ASCII characters without spaces", {
        field: "location",
      });
    }
    const host = this.addHost(input.host);
    const status = input.status as RedirectStatus;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO entries (host, path, kind, status, content_type, body, location)
         VALUES (?, ?, 'redirect', ?, NULL, NULL, ?)`,
      )
      .run(host, path, status, input.location);
    return { host, path, location: input.location, status };
  }

  deleteRedirect(host: string, path: string): void {
    this.deleteEntry(host, path, "redirect");
  }

  /** Sets a fault on one path, or on the whole host when no path is given (creating the host). */
  setFault(input: {
    host: string;
    path?: string | undefined;
    kind: FaultKind;
    status?: number | undefined;
  }): SiteFault {
    const path = input.path === undefined ? "" : parseSitePath(input.path);
    if (!["status", "hang", "reset"].includes(input.kind)) {
      throw badRequest("InvalidParameter", "kind: must be status, hang or reset", { field: "kind" });
    }
    let status: number | null = null;
    if (input.kind === "status") {
      status = input.status ?? 503;
      if (!Number.isInteger(status) || status < 500 || status > 599) {
        throw badRequest("InvalidParameter", "status: a status fault answers a 5xx (500-599)", { field: "status" });
      }
    } else if (input.status !== undefined) {
      throw badRequest("InvalidParameter", `status: only a status fault takes a status, not ${input.kind}`, {
        field: "status",
      });
    }
    const host = this.addHost(input.host);
    this.db
      .prepare("INSERT OR REPLACE INTO faults (host, path, kind, status) VALUES (?, ?, ?, ?)")
      .run(host, path, input.kind, status);
    return toFault({ host, path, kind: input.kind, status });
  }

  /** Clears the fault on one path, or the whole-host fault when no path is given. */
  clearFault(host: string, path?: string): void {
    const name = parseHostName(host);
    const key = path === undefined ? "" : parseSitePath(path);
    if (this.db.prepare("DELETE FROM faults WHERE host = ? AND path = ?").run(name, key).changes === 0) {
      throw notFound(path === undefined ? `whole-host fault on ${name}` : `fault on ${name}${key}`);
    }
  }

  /** What to answer for a (normalised) host and a decoded, already checked path. A path fault beats a host fault. */
  resolve(host: string, path: string): Resolution {
    if (!this.db.prepare("SELECT 1 FROM hosts WHERE host = ?").get(host)) return { kind: "unknown-host" };
    const fault = this.db
      .prepare("SELECT * FROM faults WHERE host = ? AND path IN (?, '') ORDER BY path DESC LIMIT 1")
      .get(host, path) as FaultRow | undefined;
    if (fault) return { kind: "fault", fault: toFault(fault) };
    const entry = this.db.prepare("SELECT * FROM entries WHERE host = ? AND path = ?").get(host, path) as
      | EntryRow
      | undefined;
    if (!entry) return { kind: "not-found" };
    if (entry.kind === "redirect") {
      return {
        kind: "redirect",
        redirect: { host, path, location: entry.location ?? "/", status: entry.status as RedirectStatus },
      };
    }
    return {
      kind: "file",
      file: {
        host,
        path,
        status: entry.status,
        contentType: entry.content_type ?? "application/octet-stream",
        body: (entry.body ?? Buffer.alloc(0)).toString("utf8"),
      },
    };
  }

  /** Records one request served (or refused) by the web server. */
  record(request: Omit<HttpRequestRecord, "id" | "at">): void {
    this.db
      .prepare(
        `INSERT INTO history (at, host, method, path, status, fault, remote_address)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.time.nowMs(),
        request.host.slice(0, 300),
        request.method.slice(0, 20),
        request.path.slice(0, 2048),
        request.status,
        request.fault,
        request.remoteAddress,
      );
    if (++this.inserted % 500 === 0) {
      this.db.prepare("DELETE FROM history WHERE id <= (SELECT MAX(id) FROM history) - ?").run(HISTORY_KEEP);
    }
  }

  /** Requests served, oldest first. */
  history(filter: HistoryFilter = {}): HttpRequestRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.host !== undefined) {
      where.push("host = ?");
      args.push(hostKey(filter.host));
    }
    if (filter.path !== undefined) {
      where.push("path = ?");
      args.push(filter.path);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const limit = filter.limit ?? HISTORY_KEEP;
    const rows = this.db
      .prepare(`SELECT * FROM (SELECT * FROM history ${clause} ORDER BY id DESC LIMIT ?) ORDER BY id`)
      .all(...args, limit) as HistoryRow[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      host: r.host,
      method: r.method,
      path: r.path,
      status: r.status,
      fault: r.fault,
      remoteAddress: r.remote_address,
    }));
  }

  /** Forgets the request history (of one host, or all); returns how many records went. */
  clearHistory(filter: { host?: string } = {}): number {
    if (filter.host === undefined) return this.db.prepare("DELETE FROM history").run().changes;
    return this.db.prepare("DELETE FROM history WHERE host = ?").run(hostKey(filter.host)).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private deleteEntry(host: string, path: string, kind: "file" | "redirect"): void {
    const name = parseHostName(host);
    const key = parseSitePath(path);
    const { changes } = this.db
      .prepare("DELETE FROM entries WHERE host = ? AND path = ? AND kind = ?")
      .run(name, key, kind);
    if (changes === 0) throw notFound(`${kind} ${name}${key}`);
  }
}

function toFault(row: FaultRow): SiteFault {
  const fault: SiteFault = { host: row.host, kind: row.kind };
  if (row.path !== "") fault.path = row.path;
  if (row.status !== null) fault.status = row.status;
  return fault;
}

function omitHost<T extends { host: string }>({ host: _host, ...rest }: T): Omit<T, "host"> {
  return rest;
}

/** History is kept under the name the server saw; a filter accepts the same spellings the API does. */
function hostKey(host: string): string {
  try {
    return parseHostName(host);
  } catch (e) {
    if (e instanceof ApiError) return host.trim().toLowerCase().replace(/\.$/, "");
    throw e;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  json: "application/json",
  txt: "text/plain; charset=utf-8",
  xml: "application/xml",
};

function contentTypeFor(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) || "text/plain; charset=utf-8";
}
