// Documents requested by mail (GS-1): some business days after the information is submitted the CA e-mails the
// applicant the list of documents it needs, and a stage of the flow (GlobalSign EV: the manual review) waits until
// the applicant has answered by mail, to the CA's documents mailbox, with the order id in the subject. The CA notices
// the answer by looking at that mailbox on the clock; an operator may also mark the documents received.
import { DAY, HOUR } from "@certsim/clock";
import type { StageName } from "./flow";
import type { ProductRule } from "./products";
import type { Order } from "./types";

export interface DocumentsPolicy {
  /** Whether an order of this product is asked for documents (GlobalSign: EV). */
  required(product: ProductRule): boolean;
  /** The stage that does not begin until the documents are answered (GlobalSign EV: `manual-review`). */
  before: StageName;
  /** The CA's address the applicant answers to, e.g. `documents@globalsign.example`; the request comes from it. */
  mailbox: string;
  /** The documents the mail asks for. */
  documents(order: Order): readonly string[];
  /** The request goes out this many business days after the information is submitted (drawn, GMT+8). */
  requestAfterBusinessDays: readonly [number, number];
  /** How often the CA looks at its mailbox for the answer. */
  pollInterval: number;
  /** Without an answer this long after the request, the order fails (`Rejected`). */
  patience: number;
  /** The rule logs and refusals name ("GS-1"). */
  rule: string;
}

/** Defaults for the timing fields: 2–3 business days, hourly look at the mailbox, 30 days' patience. */
export const DOCUMENTS_DEFAULTS = {
  requestAfterBusinessDays: [2, 3] as const,
  pollInterval: HOUR,
  patience: 30 * DAY,
};

/** The applicant's answer, as the CA found it in its mailbox. */
export interface DocumentsAnswer {
  mailId: string;
  from: string;
  subject: string;
  /** When the mail was delivered. */
  at: number;
}

/** Where an order's documents stand. */
export interface DocumentsState {
  /** The stage that waits for the answer. */
  before: StageName;
  /** When the request is (or was planned to be) mailed: drawn from the submission instant. */
  requestAt: number;
  requestedAt?: number;
  /** Who the request went to (the applicant, else the administrator). */
  requestedTo?: string;
  documents: string[];
  /** The next look at the mailbox. */
  nextPollAt?: number;
  answeredAt?: number;
  answeredBy?: "mail" | "operator";
  answer?: DocumentsAnswer;
  /** The world could not be reached: try again then. */
  retryAt?: number;
  lastError?: string;
}

/** Checks a policy's numbers (a range upside down, a non-positive interval). */
export function checkDocumentsPolicy(policy: DocumentsPolicy): void {
  const [min, max] = policy.requestAfterBusinessDays;
  if (!(min >= 0 && min <= max)) throw new RangeError("documents: requestAfterBusinessDays needs 0 ≤ min ≤ max");
  if (!(policy.pollInterval > 0)) throw new RangeError("documents: pollInterval must be positive");
  if (!(policy.patience > 0)) throw new RangeError("documents: patience must be positive");
}
