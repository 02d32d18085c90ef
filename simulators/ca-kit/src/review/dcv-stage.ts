import { DAY } from "@certsim/clock";
import { parseCsr } from "@certsim/pki";
import { nextDcvCheck } from "../core/timings";
import { type Order, proofKindOf } from "../core/types";
import { checkRecord } from "../va/check";
import { buildDcvRecord, buildOrderDcv, targetOf } from "../va/dcv-records";
import { fileValidation, reuseBookOf } from "../va/reuse-book";
import { dcvReleased, stagePassed } from "./position";
import { drawSeconds, type StageHost, type StageRunner } from "./stage";

/**
 * Domain control validation: the instructions are released when the stage's step begins (at once for most flows,
 * after the pre-review for WoTrus OV/EV, WT-2); the records are re-checked every 10 minutes for the first hour,
 * then hourly (DCV-2); a value older than its lifetime is replaced (DCV-3); at the 7-day deadline without success
 * the order fails DcvTimeout. When every record has passed, the post-DCV instants are drawn (`passDcv`).
 */
export class DcvStage implements StageRunner {
  constructor(private readonly host: StageHost) {}

  async run(order: Order, now: number): Promise<void> {
    if (!dcvReleased(order)) this.release(order, now);
    this.renewExpiredValues(order, now);
    if (order.dcv.every((record) => record.status === "passed")) {
      // Every record reused (DCV-11), or passed by a check the pipeline has not acted on yet.
      this.passDcv(order, now);
      return;
    }
    if ((order.nextCheckAt ?? order.dcvDeadlineAt) <= now) {
      await this.checkPending(order, now);
      if (!stagePassed(order, "dcv")) {
        order.nextCheckAt = nextDcvCheck(order.dcvStartedAt, now, this.host.ctx.timings);
        this.host.ctx.store.saveOrder(order);
      }
    }
    if (!stagePassed(order, "dcv") && now >= order.dcvDeadlineAt) {
      const missing = order.dcv.filter((record) => record.status !== "passed").map((record) => record.domain);
      this.host.fail(order, {
        code: "DcvTimeout",
        reason: `domain control validation not completed within ${formatDays(this.host.ctx.timings.dcvDeadline)} for ${missing.join(", ")}`,
      });
    }
  }

  wakeAt(order: Order): number | undefined {
    if (!dcvReleased(order)) return undefined;
    const expiries = order.dcv.filter((r) => r.status !== "passed").map((r) => r.valueExpiresAt);
    return Math.min(order.nextCheckAt ?? order.dcvDeadlineAt, order.dcvDeadlineAt, ...expiries);
  }

  /** WT-2: the instructions are given now; the 7-day deadline counts from here (DCV-2). */
  release(order: Order, now: number): void {
    const { ctx } = this.host;
    order.dcv = buildOrderDcv(
      ctx,
      {
        id: order.id,
        resellerId: order.resellerId,
        domains: order.domains,
        kind: proofKindOf(order.dcvMethod),
        csrDer: parseCsr(order.csrPem).der,
        book: reuseBookOf(ctx, order),
      },
      now,
    );
    order.dcvStartedAt = now;
    order.dcvDeadlineAt = now + ctx.timings.dcvDeadline;
    order.nextCheckAt = nextDcvCheck(now, now, ctx.timings);
    this.host.moved(order, "DCV instructions released");
  }

  /** Looks at each pending record; when all have passed, DCV has passed. */
  async checkPending(order: Order, now: number): Promise<void> {
    const { ctx } = this.host;
    for (const record of order.dcv) {
      if (record.status === "passed") continue;
      const summary = await checkRecord(ctx.validator, record, now);
      record.lastCheck = summary;
      if (summary.status === "found") {
        record.status = "passed";
        record.passedAt = now;
      }
    }
    order.updatedAt = now;
    ctx.store.saveOrder(order);
    if (order.dcv.every((record) => record.status === "passed")) this.passDcv(order, now);
  }

  /** DCV-3: a pending record whose value has outlived its lifetime gets a fresh value. */
  renewExpiredValues(order: Order, now: number): void {
    const { ctx } = this.host;
    const expired = order.dcv.filter((record) => record.status !== "passed" && record.valueExpiresAt <= now);
    if (expired.length === 0) return;
    const csrDer = parseCsr(order.csrPem).der;
    for (const old of expired) {
      order.dcv[order.dcv.indexOf(old)] = buildDcvRecord({
        format: ctx.brand.dcvFormat,
        brandRng: ctx.rng,
        orderId: order.id,
        index: old.index,
        generation: old.generation + 1,
        target: targetOf(old),
        csrDer,
        now,
        valueLifetime: ctx.timings.valueLifetime,
      });
    }
    this.host.log(
      order,
      now,
      `DCV value expired for ${expired.map((r) => r.domain).join(", ")}; new value issued (DCV-3)`,
    );
  }

  /**
   * DCV passed: remember the validations in the order's book (DCV-11, DCV-8) and draw what follows from this instant: the security review's
   * (when the flow has one and it has not passed yet, FREE-8) and the issuance instant (FREE-7: within 24 hours and
   * one business day of DCV passing, never before the security review).
   */
  private passDcv(order: Order, now: number): void {
    const { store, timings, calendar, rng: brandRng } = this.host.ctx;
    const book = reuseBookOf(this.host.ctx, order);
    for (const record of order.dcv) {
      if (record.reused) continue;
      for (const name of record.proves) {
        fileValidation(store, book, name, record.method, record.passedAt ?? now, order.id);
      }
    }
    order.reviewRound += 1;
    order.dcvPassedAt = now;
    order.nextCheckAt = undefined;
    const rng = brandRng.fork(`order/${order.id}/review/${order.reviewRound}`);
    const latest = Math.min(now + timings.issuanceDeadline, calendar.addBusinessTime(now, DAY).getTime());
    let reviewDelay = 0;
    const hasSecurityReview = order.review.flow.some((step) => step.includes("security-review"));
    if (hasSecurityReview && order.securityReviewedAt === undefined) {
      reviewDelay = drawSeconds(rng, timings.securityReviewDelay[0], timings.securityReviewDelay[1]);
      order.reviewAt = now + reviewDelay;
    }
    const maxDelay = Math.min(timings.issuanceDelay[1], latest - now);
    const minDelay = Math.min(Math.max(timings.issuanceDelay[0], reviewDelay), maxDelay);
    order.issueAt = now + drawSeconds(rng, minDelay, maxDelay);
    const reused = order.dcv.filter((record) => record.reused).map((record) => record.domain);
    this.host.moved(
      order,
      reused.length === order.dcv.length
        ? `earlier validation reused for ${reused.join(", ")} (${book.policy.rule})`
        : `domain control validated${reused.length ? ` (reused for ${reused.join(", ")})` : ""}`,
    );
  }
}

function formatDays(ms: number): string {
  const days = ms / DAY;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(ms / 3_600_000)} hours`;
}
