import type { Order } from "../core/types";
import { securityReview } from "./security";
import type { StageHost, StageRunner } from "./stage";

/**
 * The security review (FREE-8) at the instant drawn when DCV passed: the names against the deny list and the
 * look-alike rules. With `timings.manualReview` the order then waits in CA-REVIEWING for an operator's approval.
 */
export class SecurityReviewStage implements StageRunner {
  constructor(private readonly host: StageHost) {}

  run(order: Order, now: number): void {
    if (order.manualHold || order.securityReviewedAt !== undefined || (order.reviewAt ?? now) > now) return;
    const { brand, timings } = this.host.ctx;
    const verdict = brand.securityReview?.enabled
      ? securityReview(order.names, this.host.ctx.denyList())
      : { passed: true, reason: "no security review" };
    if (!verdict.passed) {
      this.host.fail(order, { code: "SecurityReview", reason: verdict.reason });
      return;
    }
    order.securityReviewedAt = now;
    if (timings.manualReview) {
      order.manualHold = true;
      this.host.moved(order, "security review passed; waiting for an operator");
      return;
    }
    this.host.moved(order, "security review passed");
  }

  wakeAt(order: Order): number | undefined {
    return order.manualHold || order.securityReviewedAt !== undefined ? undefined : order.reviewAt;
  }
}
