import { badRequest, type Db, notFound } from "@certsim/service";
import { isoTime, systemTime, type TimeSource } from "./time";

export interface Mail {
  id: number;
  to: string;
  from: string;
  subject: string;
  body: string;
  /** ISO 8601, from the world's time source. */
  at: string;
}

export interface MailInput {
  to: string;
  from: string;
  subject: string;
  body: string;
}

const MAX_SUBJECT = 998; // RFC 5322 line limit
const MAX_BODY = 1_000_000;
const ADDRESS = /^[^\s@<>()[\]",;:\\]{1,64}@[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))+$/;

/**
 * An email address as the mailbox files it: trimmed and lower-cased (the simulated mail servers treat local parts
 * case-insensitively, as nearly all real ones do).
 */
export function parseEmailAddress(input: string, field = "to"): string {
  const address = input.trim().toLowerCase();
  if (address.length > 254 || !ADDRESS.test(address)) {
    throw badRequest("InvalidParameter.EmailInvalid", `${field}: '${input.slice(0, 80)}' is not an email address`, {
      field,
    });
  }
  return address;
}

interface MailRow {
  id: number;
  recipient: string;
  sender: string;
  subject: string;
  body: string;
  at: number;
}

/** Everyone's mailbox: what the CAs and the platform send (approval mails, review results) lands here. */
export class Mailbox {
  constructor(
    private readonly db: Db,
    private readonly time: TimeSource = systemTime,
  ) {}

  deliver(input: MailInput): Mail {
    const to = parseEmailAddress(input.to, "to");
    const from = parseEmailAddress(input.from, "from");
    if (input.subject.length > MAX_SUBJECT || /[\r\n]/.test(input.subject)) {
      throw badRequest("InvalidParameter", `subject: one line of at most ${MAX_SUBJECT} characters`, {
        field: "subject",
      });
    }
    if (input.body.length > MAX_BODY) {
      throw badRequest("InvalidParameter", `body: longer than ${MAX_BODY} characters`, { field: "body" });
    }
    const at = this.time.nowMs();
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO mail (recipient, sender, subject, body, at) VALUES (?, ?, ?, ?, ?)")
      .run(to, from, input.subject, input.body, at);
    return { id: Number(lastInsertRowid), to, from, subject: input.subject, body: input.body, at: isoTime(at) };
  }

  /** An address's messages (or everyone's), oldest first. */
  list(to?: string): Mail[] {
    const rows = (
      to === undefined
        ? this.db.prepare("SELECT * FROM mail ORDER BY id").all()
        : this.db.prepare("SELECT * FROM mail WHERE recipient = ? ORDER BY id").all(parseEmailAddress(to, "to"))
    ) as MailRow[];
    return rows.map(toMail);
  }

  get(id: number): Mail {
    const row = this.db.prepare("SELECT * FROM mail WHERE id = ?").get(id) as MailRow | undefined;
    if (!row) throw notFound(`mail ${id}`);
    return toMail(row);
  }

  /** Empties an address's mailbox (or every mailbox); returns how many messages went. */
  clear(to?: string): number {
    if (to === undefined) return this.db.prepare("DELETE FROM mail").run().changes;
    return this.db.prepare("DELETE FROM mail WHERE recipient = ?").run(parseEmailAddress(to, "to")).changes;
  }
}

const toMail = (r: MailRow): Mail => ({
  id: r.id,
  to: r.recipient,
  from: r.sender,
  subject: r.subject,
  body: r.body,
  at: isoTime(r.at),
});
