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
  // The business registry (OV-5). name_key is the name in its compared form (organisationNameKey), kept unique.
  `CREATE TABLE organisations (
     registration_number TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     name_key TEXT NOT NULL UNIQUE,
     address TEXT NOT NULL,
     city TEXT NOT NULL,
     province TEXT,
     country TEXT NOT NULL DEFAULT 'CN',
     phone TEXT NOT NULL,
     legal_representative TEXT,
     status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'cancelled')),
     registered_at INTEGER NOT NULL
   );`,
];

/** Opens (and migrates) the world's SQLite database: a file, or ":memory:" in tests. */
export function openWorldDatabase(path = ":memory:"): Db {
  return openDatabase(path, MIGRATIONS);
}
