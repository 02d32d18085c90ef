import { ApiError, badRequest, type Db, notFound } from "@certsim/service";
import { parsePhoneNumber } from "./phoneNumber";
import { isoTime, systemTime, type TimeSource } from "./time";

export interface TextMessage {
  id: number;
  to: string;
  /** Sender id as shown on the handset (a number or a name such as "TrustAsia"); null when none was given. */
  from: string | null;
  body: string;
  at: string;
}

/** `ringing` until answered (`confirmed` / `declined`) or let ring out (`no-answer`); the last three are final. */
export type CallState = "ringing" | "confirmed" | "declined" | "no-answer";
export type CallOutcome = "confirmed" | "declined";
/** What a number does with an incoming call: answer it one way at once, or leave it to an operator (`manual`). */
export type AnswerPolicy = "confirm" | "decline" | "no-answer" | "manual";

export interface Call {
  id: number;
  to: string;
  /** Caller id: a number or a name ("GlobalSign validation"). */
  from: string;
  /** Why the caller rings, e.g. "OV-3 verification of order 123". */
  purpose: string;
  state: CallState;
  /** Who ended the call: the number's standing policy or an operator; null while ringing. */
  resolvedBy: "policy" | "operator" | null;
  placedAt: string;
  endedAt: string | null;
}

const POLICY_OUTCOME: Record<Exclude<AnswerPolicy, "manual">, Exclude<CallState, "ringing">> = {
  confirm: "confirmed",
  decline: "declined",
  "no-answer": "no-answer",
};

interface SmsRow {
  id: number;
  recipient: string;
  sender: string | null;
  body: string;
  at: number;
}

interface CallRow {
  id: number;
  recipient: string;
  caller: string;
  purpose: string;
  state: CallState;
  resolved_by: "policy" | "operator" | null;
  placed_at: number;
  ended_at: number | null;
}

/**
 * The phone line: text messages (review results, PAID-5) and voice calls (a CA's identity check, OV-3). A call
 * rings until someone answers or lets it ring out; a number's standing policy can do that the moment it rings.
 */
export class Phone {
  constructor(
    private readonly db: Db,
    private readonly time: TimeSource = systemTime,
  ) {}

  sendSms(input: { to: string; body: string; from?: string | undefined }): TextMessage {
    const to = parsePhoneNumber(input.to, "to");
    const from = input.from === undefined ? null : callerId(input.from, "from");
    if (input.body.length < 1 || input.body.length > 10_000) {
      throw badRequest("InvalidParameter", "body: 1 to 10000 characters", { field: "body" });
    }
    const at = this.time.nowMs();
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO sms (recipient, sender, body, at) VALUES (?, ?, ?, ?)")
      .run(to, from, input.body, at);
    return { id: Number(lastInsertRowid), to, from, body: input.body, at: isoTime(at) };
  }

  /** A number's text messages (or everyone's), oldest first. */
  listSms(to?: string): TextMessage[] {
    const rows = (
      to === undefined
        ? this.db.prepare("SELECT * FROM sms ORDER BY id").all()
        : this.db.prepare("SELECT * FROM sms WHERE recipient = ? ORDER BY id").all(parsePhoneNumber(to, "to"))
    ) as SmsRow[];
    return rows.map((r) => ({ id: r.id, to: r.recipient, from: r.sender, body: r.body, at: isoTime(r.at) }));
  }

  clearSms(to?: string): number {
    if (to === undefined) return this.db.prepare("DELETE FROM sms").run().changes;
    return this.db.prepare("DELETE FROM sms WHERE recipient = ?").run(parsePhoneNumber(to, "to")).changes;
  }

  /** Rings a number. Unless its policy is `manual`, the call ends at once the way the policy says. */
  placeCall(input: { to: string; from: string; purpose: string }): Call {
    const to = parsePhoneNumber(input.to, "to");
    const from = callerId(input.from, "from");
    if (input.purpose.trim().length < 1 || input.purpose.length > 500) {
      throw badRequest("InvalidParameter", "purpose: 1 to 500 characters", { field: "purpose" });
    }
    const now = this.time.nowMs();
    const policy = this.policy(to);
    const state: CallState = policy === "manual" ? "ringing" : POLICY_OUTCOME[policy];
    const ended = state === "ringing" ? null : now;
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO calls (recipient, caller, purpose, state, resolved_by, placed_at, ended_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(to, from, input.purpose, state, ended === null ? null : "policy", now, ended);
    return this.call(Number(lastInsertRowid));
  }

  /** Someone picks up a ringing call and confirms or declines. */
  answer(id: number, outcome: CallOutcome): Call {
    if (outcome !== "confirmed" && outcome !== "declined") {
      throw badRequest("InvalidParameter", "outcome: must be confirmed or declined", { field: "outcome" });
    }
    return this.end(id, outcome);
  }

  /** Nobody picks up: the call rings out. */
  noAnswer(id: number): Call {
    return this.end(id, "no-answer");
  }

  call(id: number): Call {
    const row = this.db.prepare("SELECT * FROM calls WHERE id = ?").get(id) as CallRow | undefined;
    if (!row) throw notFound(`call ${id}`);
    return toCall(row);
  }

  /** Calls to a number (or all calls), oldest first. */
  calls(to?: string): Call[] {
    const rows = (
      to === undefined
        ? this.db.prepare("SELECT * FROM calls ORDER BY id").all()
        : this.db.prepare("SELECT * FROM calls WHERE recipient = ? ORDER BY id").all(parsePhoneNumber(to, "to"))
    ) as CallRow[];
    return rows.map(toCall);
  }

  /** Sets how a number answers from now on (calls already ringing are not touched). */
  setPolicy(number: string, policy: AnswerPolicy): { number: string; policy: AnswerPolicy } {
    const key = parsePhoneNumber(number, "number");
    if (!["confirm", "decline", "no-answer", "manual"].includes(policy)) {
      throw badRequest("InvalidParameter", "policy: must be confirm, decline, no-answer or manual", {
        field: "policy",
      });
    }
    if (policy === "manual") this.db.prepare("DELETE FROM phones WHERE number = ?").run(key);
    else this.db.prepare("INSERT OR REPLACE INTO phones (number, policy) VALUES (?, ?)").run(key, policy);
    return { number: key, policy };
  }

  /** A number's standing policy; `manual` unless one was set. */
  policy(number: string): AnswerPolicy {
    const key = parsePhoneNumber(number, "number");
    const row = this.db.prepare("SELECT policy FROM phones WHERE number = ?").get(key) as
      | { policy: AnswerPolicy }
      | undefined;
    return row?.policy ?? "manual";
  }

  private end(id: number, state: Exclude<CallState, "ringing">): Call {
    const call = this.call(id);
    if (call.state !== "ringing") {
      throw new ApiError(409, "FailedOperation.CallNotRinging", `call ${id} has already ended ${call.state}`, {
        rule: "OV-3",
      });
    }
    this.db
      .prepare("UPDATE calls SET state = ?, resolved_by = 'operator', ended_at = ? WHERE id = ? AND state = 'ringing'")
      .run(state, this.time.nowMs(), id);
    return this.call(id);
  }
}

function callerId(input: string, field: string): string {
  const value = input.trim();
  if (value.length < 1 || value.length > 100 || /[\r\n]/.test(value)) {
    throw badRequest("InvalidParameter", `${field}: a caller id of 1 to 100 characters on one line`, { field });
  }
  return value;
}

const toCall = (r: CallRow): Call => ({
  id: r.id,
  to: r.recipient,
  from: r.caller,
  purpose: r.purpose,
  state: r.state,
  resolvedBy: r.resolved_by,
  placedAt: isoTime(r.placed_at),
  endedAt: r.ended_at === null ? null : isoTime(r.ended_at),
});
