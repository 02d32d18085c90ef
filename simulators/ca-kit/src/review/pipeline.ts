import { DAY, type EventId, type Rng } from "@certsim/clock";
import { parseCsr } from "@certsim/pki";
import { signOrder } from "../ca/issue";
import type { CaContext } from "../context";
import { wrongState } from "../core/errors";
import { nextDcvCheck } from "../core/timings";
import {
  type CheckSummary,
  isOpen,
  type Order,
  type OrderFailure,
  type OrderStatus,
  type ProofKind,
  type Stage,
} from "../core/types";
import { checkRecord } from "../va/check";
import { buildDcvRecord, targetOf } from "../va/dcv-records";
import { securityReview } from "./security";

/**
 * The review pipeline on the simulated clock. Each open order has at most one pending wake-up event, computed from
 * its stored state (next DCV re-check, DCV deadline, value expiry, security review, issuance), so a restart re-arms
 * every order from the database alone (`resume`). Every change to an order runs under a per-order lock: clock
 * events and API calls never interleave on one order.
 *
 * Timeline of an order:
 *  - pending_dcv / PENDING-DCV: records re-checked every 10 minutes for the first hour, then hourly (DCV-2); a
 *    value older than its lifetime is replaced (DCV-3); at the 7-day deadline without success → failed DcvTimeout.
 *  - DCV passed → reviewing / CA-REVIEWING: security review after a drawn delay (FREE-8), then WAIT-ISSUE (or an
 *    operator's approval when manual review is on).
 *  - WAIT-ISSUE: at the drawn issuance instant (within 24 h and one business day of DCV, FREE-7) the records are
 *    checked once more (DCV-9: one gone → back to pending_dcv), CAA is evaluated (DCV-7), the leaf is signed.
 */
export class ReviewPipeline {
  readonly #timers = new Map<string, EventId>();
  readonly #locks = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(private readonly ctx: CaContext) {}

  /** Re-arms every open order from the stored state (on start). */
  resume(): void {
    for (const id of this.ctx.store.openOrderIds()) {
      const order = this.ctx.store.getOrder(id);
      if (order) this.arm(order);
    }
  }

  /** Stops scheduling, cancels pending wake-ups and waits for work under way. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const id of this.#timers.values()) this.ctx.clock.cancel(id);
    this.#timers.clear();
    await Promise.allSettled([...this.#locks.values()]);
  }

  /** Runs `body` with the order's lock held; the order is read fresh inside. */
  withOrder<T>(id: string, body: (order: Order | undefined) => Promise<T> | T): Promise<T> {
    const previous = this.#locks.get(id) ?? Promise.resolve();
    const run = previous.then(
      () => body(this.ctx.store.getOrder(id)),
      () => body(this.ctx.store.getOrder(id)),
    );
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(id, settled);
    void settled.then(() => {
      if (this.#locks.get(id) === settled) this.#locks.delete(id);
    });
    return run;
  }

  // ── entry points ─────────────────────────────────────────────────────────────────────────────────────────

  /** A new order: straight to review when every record was reused (DCV-11), else wait for DCV. */
  placed(order: Order): Promise<Order> {
    return this.withOrder(order.id, async (current) => {
      const fresh = current ?? order;
      if (fresh.status === "pending_dcv" && fresh.dcv.every((record) => record.status === "passed")) {
        this.passDcv(fresh, this.now());
      }
      this.arm(fresh);
      return fresh;
    });
  }

  /** A clock wake-up: do whatever is due. */
  wake(id: string): Promise<void> {
    return this.withOrder(id, async (order) => {
      if (!order || !isOpen(order.status)) return;
      await this.step(order);
      this.arm(order);
    });
  }

  /** The reseller's "check now": looks at every record; a pending order moves on when all pass. */
  checkNow(
    id: string,
  ): Promise<{ order: Order; results: { domain: string; method: ProofKind; check: CheckSummary }[] }> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      const now = this.now();
      if (order.status === "pending_dcv") {
        this.renewExpiredValues(order, now);
        await this.checkPending(order, now);
        this.arm(order);
        return {
          order,
          results: order.dcv.map((record) => ({
            domain: record.domain,
            method: record.method,
            check: record.lastCheck!,
          })),
        };
      }
      const results: { domain: string; method: ProofKind; check: CheckSummary }[] = [];
      for (const record of order.dcv) {
        const check = await checkRecord(this.ctx.validator, record, now);
        results.push({ domain: record.domain, method: record.method, check });
      }
      return { order, results };
    });
  }

  cancel(id: string): Promise<Order> {
    return this.withOrder(id, (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (!isOpen(order.status)) throw wrongState(id, order.status, "cancel (already issued or closed)");
      this.transition(order, "cancelled", "CANCELLED", "cancelled by the reseller");
      this.arm(order);
      return order;
    });
  }

  revoke(id: string, reason: string, by: string): Promise<Order> {
    return this.withOrder(id, (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (order.status !== "issued" || !order.serial) throw wrongState(id, order.status, "revoke (not issued)");
      const now = this.now();
      this.ctx.store.transaction(() => {
        this.ctx.store.revokeCertificate(order.serial!, now, reason);
        this.transition(order, "revoked", "REVOKED", `revoked by ${by}: ${reason}`);
      });
      return order;
    });
  }

  /** Operator: the review is passed by hand; the certificate is issued now (after DCV-9 and CAA checks). */
  approve(id: string): Promise<Order> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (order.status !== "reviewing") throw wrongState(id, order.status, "approve (only orders under review)");
      const now = this.now();
      order.securityReviewedAt ??= now;
      order.manualHold = false;
      order.issueAt = now;
      this.transition(order, "reviewing", "WAIT-ISSUE", "approved by the operator");
      await this.issue(order, now);
      this.arm(order);
      return order;
    });
  }

  /** Operator: the review fails with the given reason. */
  reject(id: string, reason: string): Promise<Order> {
    return this.withOrder(id, (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (!isOpen(order.status)) throw wrongState(id, order.status, "reject (already issued or closed)");
      this.fail(order, { code: "Rejected", reason });
      this.arm(order);
      return order;
    });
  }

  // ── steps ────────────────────────────────────────────────────────────────────────────────────────────────

  private async step(order: Order): Promise<void> {
    const now = this.now();
    if (order.status === "pending_dcv") {
      this.renewExpiredValues(order, now);
      if ((order.nextCheckAt ?? order.dcvDeadlineAt) <= now) {
        await this.checkPending(order, now);
        if (order.status === "pending_dcv") {
          order.nextCheckAt = nextDcvCheck(order.dcvStartedAt, now, this.ctx.timings);
          this.ctx.store.saveOrder(order);
        }
      }
      if (order.status === "pending_dcv" && now >= order.dcvDeadlineAt) {
        const missing = order.dcv.filter((record) => record.status !== "passed").map((record) => record.domain);
        this.fail(order, {
          code: "DcvTimeout",
          reason: `domain control validation not completed within ${formatDays(this.ctx.timings.dcvDeadline)} for ${missing.join(", ")}`,
        });
      }
      return;
    }
    if (order.status !== "reviewing") return;
    if (order.stage === "CA-REVIEWING" && !order.manualHold && (order.reviewAt ?? now) <= now) {
      this.runSecurityReview(order, now);
    }
    if (order.status === "reviewing" && order.stage === "WAIT-ISSUE" && (order.issueAt ?? now) <= now) {
      await this.issue(order, now);
    }
  }

  /** Looks at each pending record; when all have passed, the order goes to review. */
  private async checkPending(order: Order, now: number): Promise<void> {
    for (const record of order.dcv) {
      if (record.status === "passed") continue;
      const summary = await checkRecord(this.ctx.validator, record, now);
      record.lastCheck = summary;
      if (summary.status === "found") {
        record.status = "passed";
        record.passedAt = now;
      }
    }
    order.updatedAt = now;
    this.ctx.store.saveOrder(order);
    if (order.dcv.every((record) => record.status === "passed")) this.passDcv(order, now);
  }

  /** DCV-3: a pending record whose value has outlived its lifetime gets a fresh value. */
  private renewExpiredValues(order: Order, now: number): void {
    const expired = order.dcv.filter((record) => record.status !== "passed" && record.valueExpiresAt <= now);
    if (expired.length === 0) return;
    const csrDer = parseCsr(order.csrPem).der;
    for (const old of expired) {
      order.dcv[order.dcv.indexOf(old)] = buildDcvRecord({
        format: this.ctx.brand.dcvFormat,
        brandRng: this.ctx.rng,
        orderId: order.id,
        index: old.index,
        generation: old.generation + 1,
        target: targetOf(old),
        csrDer,
        now,
        valueLifetime: this.ctx.timings.valueLifetime,
      });
    }
    this.log(order, now, `DCV value expired for ${expired.map((r) => r.domain).join(", ")}; new value issued (DCV-3)`);
  }

  /** DCV passed: remember the validations (DCV-11), draw the review and issuance instants (FREE-7). */
  private passDcv(order: Order, now: number): void {
    const { store, timings } = this.ctx;
    for (const record of order.dcv) {
      if (record.reused) continue;
      for (const name of record.proves) {
        store.recordValidation(order.resellerId, name, record.method, record.passedAt ?? now, order.id);
      }
    }
    order.reviewRound += 1;
    order.dcvPassedAt = now;
    order.nextCheckAt = undefined;
    const rng = this.ctx.rng.fork(`order/${order.id}/review/${order.reviewRound}`);
    // FREE-7: within 24 hours and within one business day of DCV passing.
    const latest = Math.min(now + timings.issuanceDeadline, this.ctx.calendar.addBusinessTime(now, DAY).getTime());
    let reviewDelay = 0;
    let stage: Stage = "WAIT-ISSUE";
    if (order.securityReviewedAt === undefined) {
      reviewDelay = drawSeconds(rng, timings.securityReviewDelay[0], timings.securityReviewDelay[1]);
      order.reviewAt = now + reviewDelay;
      stage = "CA-REVIEWING";
    }
    const maxDelay = Math.min(timings.issuanceDelay[1], latest - now);
    const minDelay = Math.min(Math.max(timings.issuanceDelay[0], reviewDelay), maxDelay);
    order.issueAt = now + drawSeconds(rng, minDelay, maxDelay);
    const reused = order.dcv.filter((record) => record.reused).map((record) => record.domain);
    this.transition(
      order,
      "reviewing",
      stage,
      reused.length === order.dcv.length
        ? `earlier validation reused for ${reused.join(", ")} (DCV-11)`
        : `domain control validated${reused.length ? ` (reused for ${reused.join(", ")})` : ""}`,
    );
  }

  private runSecurityReview(order: Order, now: number): void {
    const settings = this.ctx.brand.securityReview;
    const verdict = settings?.enabled
      ? securityReview(order.names, this.ctx.denyList())
      : { passed: true, reason: "no security review" };
    if (!verdict.passed) {
      this.fail(order, { code: "SecurityReview", reason: verdict.reason });
      return;
    }
    order.securityReviewedAt = now;
    if (this.ctx.timings.manualReview) {
      order.manualHold = true;
      this.transition(order, "reviewing", "CA-REVIEWING", "security review passed; waiting for an operator");
      return;
    }
    this.transition(order, "reviewing", "WAIT-ISSUE", "security review passed");
  }

  /** Issuance: DCV-9 re-check, CAA (DCV-7), then signing. */
  private async issue(order: Order, now: number): Promise<void> {
    const { validator, store, timings } = this.ctx;
    const lost: string[] = [];
    for (const record of order.dcv) {
      if (record.reused) continue;
      const summary = await checkRecord(validator, record, now);
      record.lastCheck = summary;
      if (summary.status !== "found") {
        record.status = "pending";
        delete record.passedAt;
        lost.push(`${record.domain} (${summary.reason})`);
      }
    }
    if (lost.length > 0) {
      order.dcvStartedAt = now;
      order.dcvDeadlineAt = now + timings.dcvDeadline;
      order.nextCheckAt = nextDcvCheck(now, now, timings);
      order.manualHold = false;
      delete order.dcvPassedAt;
      delete order.reviewAt;
      delete order.issueAt;
      this.renewExpiredValues(order, now);
      this.transition(
        order,
        "pending_dcv",
        "PENDING-DCV",
        `DCV record gone before issuance (DCV-9): ${lost.join("; ")}`,
      );
      return;
    }
    for (const name of order.names) {
      const verdict = await validator.evaluateCaa(name, {
        identity: this.ctx.brand.caaIdentities,
        wildcard: name.startsWith("*."),
      });
      if (verdict.outcome === "lookup-failed") {
        // RFC 8659: no issuance without an answer. Retry, and give up after as long as DCV itself may take.
        if (now - (order.dcvPassedAt ?? now) >= timings.dcvDeadline) {
          this.fail(order, {
            code: "CaaForbidden",
            reason: `${name}: CAA could not be checked: ${verdict.reason} (DCV-7)`,
          });
          return;
        }
        order.issueAt = now + timings.caaRetryInterval;
        this.log(order, now, `CAA check postponed: ${verdict.reason}`);
        return;
      }
      if (!verdict.allowed) {
        this.fail(order, { code: "CaaForbidden", reason: `${name}: ${verdict.reason} (DCV-7)` });
        return;
      }
    }
    const product = this.ctx.product(order.productCode);
    if (!product) throw new Error(`product ${order.productCode} of order ${order.id} is no longer sold`);
    const certificate = await signOrder(this.ctx.hierarchy, order, product, new Date(now));
    store.transaction(() => {
      store.insertCertificate(certificate);
      order.serial = certificate.serial;
      delete order.issueAt;
      this.transition(order, "issued", "ISSUED", `certificate ${certificate.serial} issued`);
    });
  }

  // ── bookkeeping ──────────────────────────────────────────────────────────────────────────────────────────

  private fail(order: Order, failure: OrderFailure): void {
    order.failure = failure;
    this.transition(order, "failed", "FAILED", `${failure.code}: ${failure.reason}`);
  }

  /** Saves a change of status or stage, logs it, and tells the reseller when the status changed. */
  private transition(order: Order, status: OrderStatus, stage: Stage, detail: string): void {
    const changed = status !== order.status;
    const now = this.now();
    order.status = status;
    order.stage = stage;
    if (!isOpen(status)) {
      delete order.nextCheckAt;
      order.manualHold = false;
    }
    this.log(order, now, detail);
    if (changed) this.ctx.notifier.notify(order);
  }

  private log(order: Order, now: number, detail: string): void {
    order.updatedAt = now;
    this.ctx.store.transaction(() => {
      this.ctx.store.saveOrder(order);
      this.ctx.store.appendLog(order.id, { at: now, status: order.status, stage: order.stage, detail });
    });
  }

  /** (Re)schedules the order's one wake-up event from its state. */
  arm(order: Order): void {
    const previous = this.#timers.get(order.id);
    if (previous !== undefined) {
      this.ctx.clock.cancel(previous);
      this.#timers.delete(order.id);
    }
    if (this.#closed || !isOpen(order.status)) return;
    const at = this.wakeTime(order);
    if (at === undefined) return;
    const label = `${this.ctx.brand.id} ${order.id} ${order.stage.toLowerCase()}`;
    const id = this.ctx.clock.schedule(at, label, async () => {
      if (this.#timers.get(order.id) === id) this.#timers.delete(order.id);
      await this.wake(order.id);
    });
    this.#timers.set(order.id, id);
  }

  private wakeTime(order: Order): number | undefined {
    if (order.status === "pending_dcv") {
      const expiries = order.dcv.filter((r) => r.status !== "passed").map((r) => r.valueExpiresAt);
      return Math.min(order.nextCheckAt ?? order.dcvDeadlineAt, order.dcvDeadlineAt, ...expiries);
    }
    if (order.status !== "reviewing") return undefined;
    if (order.stage === "CA-REVIEWING") return order.manualHold ? undefined : order.reviewAt;
    if (order.stage === "WAIT-ISSUE") return order.issueAt;
    return undefined;
  }

  private now(): number {
    return this.ctx.clock.nowMs();
  }
}

/** A delay in whole seconds within [min, max] (API times are given to the second). */
function drawSeconds(rng: Rng, minMs: number, maxMs: number): number {
  const low = Math.ceil(minMs / 1000);
  const high = Math.floor(maxMs / 1000);
  return low <= high ? rng.int(low, high) * 1000 : rng.durationBetween(minMs, maxMs);
}

function formatDays(ms: number): string {
  const days = ms / DAY;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(ms / 3_600_000)} hours`;
}
