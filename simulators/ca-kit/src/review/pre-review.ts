import { formatGmt8 } from "@certsim/clock";
import type { Order } from "../core/types";
import { drawSeconds, type StageHost, type StageRunner } from "./stage";

/**
 * The pre-review (WT-2): a first look at the application that takes a delay drawn from the seeded generator
 * (`timings.preReviewDelay`, 10 minutes–72 hours by default). The flow's next step — DCV, whose instructions are
 * released only then — begins when it passes. An operator may pass it early.
 */
export class PreReviewStage implements StageRunner {
  constructor(private readonly host: StageHost) {}

  run(order: Order, now: number): void {
    let state = order.review.preReview;
    if (!state) {
      const [min, max] = this.host.ctx.timings.preReviewDelay;
      const rng = this.host.ctx.rng.fork(`order/${order.id}/pre-review`);
      state = { startedAt: now, dueAt: now + drawSeconds(rng, min, max) };
      order.review.preReview = state;
      this.host.log(order, now, `pre-review until ${formatGmt8(state.dueAt)} (WT-2)`);
    }
    if (now >= state.dueAt) this.pass(order, now, "schedule");
  }

  wakeAt(order: Order): number | undefined {
    const state = order.review.preReview;
    return state && state.passedAt === undefined ? state.dueAt : undefined;
  }

  pass(order: Order, now: number, by: "schedule" | "operator"): void {
    const state = order.review.preReview ?? { startedAt: now, dueAt: now };
    state.passedAt = now;
    state.passedBy = by;
    order.review.preReview = state;
    this.host.moved(order, by === "operator" ? "pre-review passed by the operator" : "pre-review passed");
  }
}
