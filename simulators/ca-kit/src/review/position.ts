import type { StageName } from "../core/flow";
import type { Order, OrderStatus, Stage } from "../core/types";
import { letterGated } from "./letter-gate";

// Where an order stands in its flow, read from its stored state alone (so a restart needs nothing else).

/** The DCV instructions have been given to the reseller (at once, or after a pre-review, WT-2). */
export const dcvReleased = (order: Order): boolean => order.dcv.length > 0;

/** Whether a stage of the order's flow has passed. */
export function stagePassed(order: Order, stage: StageName): boolean {
  switch (stage) {
    case "pre-review":
      return order.review.preReview?.passedAt !== undefined;
    case "dcv":
      return (
        dcvReleased(order) && order.dcvPassedAt !== undefined && order.dcv.every((record) => record.status === "passed")
      );
    case "security-review":
      return order.securityReviewedAt !== undefined && !order.manualHold;
    case "manual-review":
      return order.review.manual?.passedAt !== undefined;
    case "issue":
      return order.serial !== undefined;
  }
}

/** The first step with a stage that has not passed: the stages working now (undefined once everything passed). */
export function currentStep(order: Order): StageName[] | undefined {
  return order.review.flow.find((step) => step.some((stage) => !stagePassed(order, stage)));
}

export type StageView = "waiting" | "active" | "passed";

/** A stage as shown: passed, working now (its step is the current one), or waiting for an earlier step. */
export function stageView(order: Order, stage: StageName): StageView {
  if (stagePassed(order, stage)) return "passed";
  return currentStep(order)?.includes(stage) ? "active" : "waiting";
}

/**
 * The status and sub-status (PAID-4's words) an open order has where its flow stands: PENDING-DCV while its DCV
 * instructions wait for the records (even while a manual review runs beside it), PRE-REVIEWING during the
 * pre-review, CA-REVIEWING during a security or manual review, WAIT-ISSUE when only issuance is left; and
 * `pending_letter` while a stage of the current step waits for the confirmation letter (SM-1).
 */
export function positionOf(order: Order): { status: OrderStatus; stage: Stage } {
  const step = currentStep(order);
  if (!step) return { status: "reviewing", stage: "WAIT-ISSUE" };
  const working = step.filter((stage) => !stagePassed(order, stage));
  if (working.some((stage) => letterGated(order, stage))) return { status: "pending_letter", stage: "PRE-REVIEWING" };
  if (working.includes("dcv") && (dcvReleased(order) || !working.includes("pre-review"))) {
    return { status: "pending_dcv", stage: "PENDING-DCV" };
  }
  if (working.includes("pre-review")) return { status: "reviewing", stage: "PRE-REVIEWING" };
  if (working.includes("manual-review") || working.includes("security-review")) {
    return { status: "reviewing", stage: "CA-REVIEWING" };
  }
  return { status: "reviewing", stage: "WAIT-ISSUE" };
}
