// The review flow as data: which stages an order goes through, in which order, and which run side by side.

/**
 * The stages a CA can put an order through:
 * - `pre-review`: a first look at the application, taking a drawn delay; the DCV instructions wait for it (WT-2).
 * - `dcv`: domain control validation (DCV-1…DCV-6); its instructions are released when its step begins.
 * - `security-review`: the names against the deny list and look-alike rules (FREE-8), a drawn delay after DCV.
 * - `manual-review`: the organisation against the business registry (OV-5), a call to its registered phone (OV-3),
 *   the reviewer's time in business days (OV-4).
 * - `issue`: the DCV re-check (DCV-9), CAA (DCV-7) and signing (CERT-1…4), at the instant drawn when DCV passed.
 */
export type StageName = "pre-review" | "dcv" | "security-review" | "manual-review" | "issue";

export const STAGE_NAMES: readonly StageName[] = ["pre-review", "dcv", "security-review", "manual-review", "issue"];

/** One step of a flow: a stage, or stages that run side by side (the step ends when all of them passed). */
export type FlowStep = StageName | readonly StageName[];

/** A brand's review flow, e.g. `["pre-review", ["dcv", "manual-review"], "issue"]` (WT-1, WT-3). */
export type ReviewFlow = readonly FlowStep[];

/** A flow with every step as a list, checked by `resolveFlow`. */
export type ResolvedFlow = StageName[][];

/** TrustAsia's DV flow, and the default: DCV, then the security review, then issuance. */
export const DV_FLOW: ReviewFlow = ["dcv", "security-review", "issue"];

export class FlowError extends RangeError {
  readonly code = "InvalidReviewFlow";
  constructor(message: string) {
    super(`review flow: ${message}`);
    this.name = "FlowError";
  }
}

/**
 * Checks a flow and gives every step as a list. A flow names each stage at most once, has `dcv`, and ends with
 * `issue` alone; `security-review` comes in a step after `dcv` (its delay is drawn when DCV passes).
 */
export function resolveFlow(flow: ReviewFlow): ResolvedFlow {
  const steps = flow.map((step) => (typeof step === "string" ? [step] : [...step]));
  if (steps.length === 0) throw new FlowError("needs at least one step");
  const seen = new Map<StageName, number>();
  steps.forEach((step, index) => {
    if (step.length === 0) throw new FlowError(`step ${index + 1} is empty`);
    for (const stage of step) {
      if (!STAGE_NAMES.includes(stage)) throw new FlowError(`unknown stage ${JSON.stringify(stage)}`);
      if (seen.has(stage)) throw new FlowError(`stage ${stage} appears twice`);
      seen.set(stage, index);
    }
  });
  const dcv = seen.get("dcv");
  if (dcv === undefined) throw new FlowError("every flow validates domain control (stage dcv)");
  const last = steps.at(-1)!;
  if (seen.get("issue") !== steps.length - 1 || last.length !== 1) {
    throw new FlowError("the last step is issue, alone");
  }
  const security = seen.get("security-review");
  if (security !== undefined && security <= dcv) {
    throw new FlowError("security-review runs in a step after dcv (its delay is drawn when DCV passes)");
  }
  return steps;
}

export const sameFlow = (a: ResolvedFlow, b: ResolvedFlow): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Pre-review (WT-2): from `startedAt` until the drawn `dueAt`; an operator may pass it earlier. */
export interface PreReviewState {
  startedAt: number;
  dueAt: number;
  passedAt?: number;
  passedBy?: "schedule" | "operator";
}

export type CallState = "ringing" | "confirmed" | "declined" | "no-answer";

/** One verification call the CA placed (OV-3), as the world's phone line last reported it. */
export interface CallAttempt {
  id: string;
  to: string;
  placedAt: number;
  state: CallState;
  /** When the CA last looked at the call's state. */
  checkedAt: number;
}

export interface RegistryMismatch {
  field: string;
  registered: string;
  claimed: string;
}

/** Manual review of an OV/EV order: registry check (OV-5), phone call (OV-3) and the reviewer's time (OV-4). */
export interface ManualReviewState {
  validation: "DV" | "OV" | "EV";
  startedAt: number;
  /** The range of business days drawn from, and the instant the reviewer's work is done (OV-4). */
  businessDays: readonly [number, number];
  dueAt: number;
  /** Without a confirmed call by then, the review fails PhoneUnanswered. */
  giveUpAt: number;
  registry?: { at: number; ok: boolean; mismatches: RegistryMismatch[] };
  /** The organisation's phone as the registry has it: the number the CA calls. */
  registeredPhone?: string;
  calls: CallAttempt[];
  phone: "pending" | "confirmed";
  /** When an unanswered call is tried again: the next business day at the configured time (10:00 GMT+8). */
  nextCallAt?: number;
  /** The world could not be reached: try again then. */
  retryAt?: number;
  lastError?: string;
  /** When the stage last ran (so the due instant is looked at once). */
  checkedAt: number;
  noticeSentTo?: string;
  passedAt?: number;
  passedBy?: "reviewer" | "operator" | "earlier-approval";
  /** SM-3: the earlier approval of the same information that let this review pass without a new one. */
  approvedBefore?: { orderId: string; at: number };
}
