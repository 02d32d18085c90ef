/** `migrations[i]` takes the schema from version i to i+1 (see openDatabase in @certsim/service). */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE zones (
    name TEXT PRIMARY KEY,
    hosted_at_platform INTEGER NOT NULL DEFAULT 0,
    propagation_delay_ms INTEGER,
    serial INTEGER NOT NULL,
    created_ms INTEGER NOT NULL
  );
  -- What the API has been told: one row per RRset.
  CREATE TABLE rrsets (
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    zone TEXT NOT NULL REFERENCES zones(name) ON DELETE CASCADE,
    ttl INTEGER NOT NULL,
    records TEXT NOT NULL,
    PRIMARY KEY (name, type)
  );
  CREATE INDEX rrsets_zone ON rrsets(zone);
  -- What the server answers with: rrsets once their propagation delay has passed.
  CREATE TABLE published (
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    zone TEXT NOT NULL REFERENCES zones(name) ON DELETE CASCADE,
    ttl INTEGER NOT NULL,
    records TEXT NOT NULL,
    PRIMARY KEY (name, type)
  );
  CREATE INDEX published_zone ON published(zone);
  -- Changes waiting for their delay; records = '[]' removes the RRset.
  CREATE TABLE pending (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    zone TEXT NOT NULL REFERENCES zones(name) ON DELETE CASCADE,
    ttl INTEGER NOT NULL,
    records TEXT NOT NULL,
    due_ms INTEGER NOT NULL
  );
  CREATE INDEX pending_due ON pending(due_ms);
  CREATE TABLE faults (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('servfail', 'drop'))
  );
  `,
];
