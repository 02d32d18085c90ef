import { type Db, openDatabase } from "@certsim/service";

/** The world's schema; `MIGRATIONS[i]` moves version i to i+1 (append, never edit an applied one). */
const MIGRATIONS = [
  `CREATE TABLE mail (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     recipient TEXT NOT NULL,
     sender TEXT NOT NULL,
     subject TEXT NOT NULL,
     body TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX mail_by_recipient ON mail(recipient, id);
   CREATE TABLE sms (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     recipient TEXT NOT NULL,
     sender TEXT,
     body TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX sms_by_recipient ON sms(recipient, id);
   CREATE TABLE calls (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     recipient TEXT NOT NULL,
     caller TEXT NOT NULL,
     purpose TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('ringing', 'confirmed', 'declined', 'no-answer')),
     resolved_by TEXT CHECK (resolved_by IN ('policy', 'operator')),
     placed_at INTEGER NOT NULL,
     ended_at INTEGER
   );
   CREATE INDEX calls_by_recipient ON calls(recipient, id);
   CREATE TABLE phones (
     number TEXT PRIMARY KEY,
     policy TEXT NOT NULL CHECK (policy IN ('confirm', 'decline', 'no-answer', 'manual'))
   );`,
];

/** Opens (and migrates) the world's SQLite database: a file, or ":memory:" in tests. */
export function openWorldDatabase(path = ":memory:"): Db {
  return openDatabase(path, MIGRATIONS);
}
