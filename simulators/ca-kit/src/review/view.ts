import type { DocumentsState } from "../core/documents";
import type { CallAttempt, RegistryMismatch, StageName } from "../core/flow";
import type { LetterUpload, Order } from "../core/types";
import { dcvReleased, type StageView, stageView } from "./position";

/** One stage of an order's flow as the faces show it (times in ms; each face formats them). */
export interface StageReport {
  name: StageName;
  state: StageView;
  startedAt?: number;
  /** Pre-review and manual review: when the work is planned to end; security review and issuance: their instant. */
  dueAt?: number;
  passedAt?: number;
  /** DCV: the 7-day deadline (DCV-2). */
  deadlineAt?: number;
  passedBy?: string;
}

/** The manual review's details (OV-3, OV-4, OV-5). */
export interface ManualReviewReport {
  validation: "DV" | "OV" | "EV";
  businessDays: readonly [number, number];
  registry: "pending" | "matched" | "mismatched";
  mismatches: RegistryMismatch[];
  phone: "pending" | "confirmed";
  registeredPhone?: string;
  calls: CallAttempt[];
  nextCallAt?: number;
  giveUpAt: number;
  noticeSentTo?: string;
  lastError?: string;
  /** SM-3: passed on an earlier approval of the same information. */
  approvedBefore?: { orderId: string; at: number };
}

export interface ReviewReport {
  flow: StageName[][];
  /** The stages working now. */
  current: StageName[];
  stages: StageReport[];
  manual?: ManualReviewReport;
  /** The confirmation letter the order needs (SM-1, OV-1): the stage it gates and the letters received. */
  letter?: { before: StageName; uploads: LetterUpload[] };
  /** The documents asked for by mail (GS-1): the stage they gate, the request and the answer. */
  documents?: DocumentsState;
}

/** Where each stage of an order's flow stands, from its stored state. */
export function describeReview(order: Order): ReviewReport {
  const flow = order.review.flow;
  const stages = flow.flat().map((name) => stageReport(order, name));
  const manual = order.review.manual;
  const letter = order.review.letter;
  return {
    flow,
    current: stages.filter((stage) => stage.state === "active").map((stage) => stage.name),
    stages,
    ...(letter ? { letter: { before: letter.before, uploads: letter.uploads } } : {}),
    ...(order.review.documents ? { documents: order.review.documents } : {}),
    ...(manual
      ? {
          manual: {
            validation: manual.validation,
            businessDays: manual.businessDays,
            registry: !manual.registry ? "pending" : manual.registry.ok ? "matched" : "mismatched",
            mismatches: manual.registry?.mismatches ?? [],
            phone: manual.phone,
            ...(manual.registeredPhone ? { registeredPhone: manual.registeredPhone } : {}),
            calls: manual.calls,
            ...(manual.nextCallAt !== undefined ? { nextCallAt: manual.nextCallAt } : {}),
            giveUpAt: manual.giveUpAt,
            ...(manual.noticeSentTo ? { noticeSentTo: manual.noticeSentTo } : {}),
            ...(manual.lastError ? { lastError: manual.lastError } : {}),
            ...(manual.approvedBefore ? { approvedBefore: manual.approvedBefore } : {}),
          },
        }
      : {}),
  };
}

function stageReport(order: Order, name: StageName): StageReport {
  const state = stageView(order, name);
  const base = { name, state };
  switch (name) {
    case "pre-review": {
      const pre = order.review.preReview;
      return pre
        ? {
            ...base,
            startedAt: pre.startedAt,
            dueAt: pre.dueAt,
            ...(pre.passedAt !== undefined ? { passedAt: pre.passedAt, passedBy: pre.passedBy } : {}),
          }
        : base;
    }
    case "dcv":
      return dcvReleased(order)
        ? {
            ...base,
            startedAt: order.dcvStartedAt,
            deadlineAt: order.dcvDeadlineAt,
            ...(state === "passed" && order.dcvPassedAt !== undefined ? { passedAt: order.dcvPassedAt } : {}),
          }
        : base;
    case "security-review":
      return {
        ...base,
        ...(order.reviewAt !== undefined ? { dueAt: order.reviewAt } : {}),
        ...(order.securityReviewedAt !== undefined ? { passedAt: order.securityReviewedAt } : {}),
      };
    case "manual-review": {
      const manual = order.review.manual;
      return manual
        ? {
            ...base,
            startedAt: manual.startedAt,
            dueAt: manual.dueAt,
            ...(manual.passedAt !== undefined ? { passedAt: manual.passedAt, passedBy: manual.passedBy } : {}),
          }
        : base;
    }
    case "issue":
      return { ...base, ...(order.issueAt !== undefined && state !== "passed" ? { dueAt: order.issueAt } : {}) };
  }
}
