import { createHash } from "node:crypto";
import type { EventId } from "@certsim/clock";
import type { CaContext } from "../context";
import { CaError, wrongState } from "../core/errors";
import type { StageName } from "../core/flow";
import {
  type CheckSummary,
  isOpen,
  type LetterType,
  type LetterUpload,
  type Order,
  type OrderFailure,
  type OrderStatus,
  type ProofKind,
  type Stage,
} from "../core/types";
import { checkRecord } from "../va/check";
import { DcvStage } from "./dcv-stage";
import { DocumentsGate, documentsGated } from "./documents-gate";
import { gated } from "./gates";
import { IssueStage } from "./issuance";
import { letterGated, letterMissing } from "./letter-gate";
import { ManualReviewStage } from "./manual-review";
import { currentStep, dcvReleased, positionOf, stagePassed } from "./position";
import { PreReviewStage } from "./pre-review";
import { SecurityReviewStage } from "./security-stage";
import type { StageHost, StageRunner } from "./stage";

/**
 * The review pipeline on the simulated clock. An order follows its flow (`ReviewFlow`, stages as data): the
 * current step is the first with a stage not yet passed; its stages run side by side, and the next step begins
 * when all of them passed — so with `["pre-review", ["dcv", "manual-review"], "issue"]` the certificate is issued
 * only when DCV and the manual review have both passed, whichever finishes first (WT-3).
 *
 * Each open order has at most one pending wake-up event, the earliest instant one of its working stages needs
 * (next DCV re-check, DCV deadline, value expiry, end of pre-review, security review, call retry, end of manual
 * review, issuance), computed from its stored state, so a restart re-arms every order from the database alone
 * (`resume`). Every change to an order runs under a per-order lock: clock events and API calls never interleave
 * on one order.
 *
 * The default flow (`DV_FLOW`, TrustAsia): pending_dcv / PENDING-DCV while the records are re-checked (DCV-2,
 * DCV-3); DCV passed → reviewing / CA-REVIEWING until the security review (FREE-8, or an operator's approval with
 * manual review on); then WAIT-ISSUE until the drawn issuance instant (FREE-7), where DCV-9 and DCV-7 are checked
 * and the leaf is signed.
 */
export class ReviewPipeline implements StageHost {
  readonly #timers = new Map<string, EventId>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #stages: Record<StageName, StageRunner>;
  readonly #dcv: DcvStage;
  readonly #preReview: PreReviewStage;
  readonly #manual: ManualReviewStage;
  readonly #documents: DocumentsGate;
  #closed = false;

  constructor(readonly ctx: CaContext) {
    this.#dcv = new DcvStage(this);
    this.#preReview = new PreReviewStage(this);
    this.#manual = new ManualReviewStage(this);
    this.#documents = new DocumentsGate(this);
    this.#stages = {
      "pre-review": this.#preReview,
      dcv: this.#dcv,
      "security-review": new SecurityReviewStage(this),
      "manual-review": this.#manual,
      issue: new IssueStage(this, this.#dcv),
    };
  }

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

  /** A new order: its first step begins (DCV straight to review when every record was reused, DCV-11). */
  placed(order: Order): Promise<Order> {
    return this.withOrder(order.id, async (current) => {
      const fresh = current ?? order;
      await this.advance(fresh, this.now());
      this.arm(fresh);
      return fresh;
    });
  }

  /** A clock wake-up: do whatever is due. */
  wake(id: string): Promise<void> {
    return this.withOrder(id, async (order) => {
      if (!order || !isOpen(order.status)) return;
      await this.advance(order, this.now());
      this.arm(order);
    });
  }

  /**
   * The reseller's "check now": looks at every record; a pending order moves on when all pass. Refused while the
   * instructions are not released (WT-2).
   */
  checkNow(
    id: string,
  ): Promise<{ order: Order; results: { domain: string; method: ProofKind; check: CheckSummary }[] }> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (!dcvReleased(order)) {
        if (letterGated(order, "dcv")) {
          const policy = this.ctx.brand.confirmationLetter;
          const rule = policy?.flowRule ?? policy?.rule ?? "SM-1";
          throw new CaError(
            409,
            "DcvNotReleased",
            `order ${id} has no DCV instructions yet: they are released when the confirmation letter has been uploaded`,
            { rule },
          );
        }
        throw new CaError(
          409,
          "DcvNotReleased",
          `order ${id} has no DCV instructions yet: they are released when the pre-review has passed`,
          { rule: "WT-2" },
        );
      }
      const now = this.now();
      if (isOpen(order.status) && !stagePassed(order, "dcv")) {
        this.#dcv.renewExpiredValues(order, now);
        await this.#dcv.checkPending(order, now);
        if (stagePassed(order, "dcv")) await this.advance(order, now);
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

  /**
   * Operator: passes what waits for the CA. A pre-review or manual review at work is passed (the flow goes on);
   * otherwise an order under review is passed by hand and issued now (after the DCV-9 and CAA checks).
   */
  approve(id: string): Promise<Order> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      if (!isOpen(order.status)) throw wrongState(id, order.status, "approve (only orders under review)");
      const now = this.now();
      const working = (currentStep(order) ?? []).filter((stage) => !stagePassed(order, stage));
      const free = working.filter((stage) => !gated(order, stage));
      if (free.includes("pre-review")) {
        this.#preReview.pass(order, now, "operator");
      } else if (free.includes("manual-review")) {
        this.#manual.pass(order, now, "operator");
      } else if (free.length < working.length) {
        // The applicant has something to supply first: the letter (SM-1, OV-1) or the documents (GS-1).
        const missing = working.some((stage) => documentsGated(order, stage))
          ? "the documents requested by mail (mark them received: documents/received)"
          : "its confirmation letter";
        throw new CaError(409, "InvalidOrderState", `order ${id} waits for ${missing}: nothing to approve yet`);
      } else {
        if (order.status !== "reviewing") throw wrongState(id, order.status, "approve (only orders under review)");
        order.securityReviewedAt ??= now;
        order.manualHold = false;
        order.issueAt = now;
        this.moved(order, "approved by the operator");
      }
      await this.advance(order, now);
      this.arm(order);
      return order;
    });
  }

  /** Operator: the manual review (OV-3/4/5) is passed, failed, or its call placed again now. */
  manualReview(id: string, action: { kind: "approve" } | { kind: "reject"; reason: string } | { kind: "call" }) {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      const working =
        isOpen(order.status) && (currentStep(order) ?? []).includes("manual-review") && !gated(order, "manual-review");
      if (!working || stagePassed(order, "manual-review")) {
        throw new CaError(
          409,
          "InvalidOrderState",
          `order ${id} has no manual review at work (${order.status}, ${order.stage})`,
        );
      }
      const now = this.now();
      if (action.kind === "approve") this.#manual.pass(order, now, "operator");
      else if (action.kind === "reject") this.fail(order, { code: "Rejected", reason: action.reason });
      else if (order.review.manual?.phone === "confirmed") {
        throw new CaError(409, "InvalidOrderState", `order ${id}: the registered phone has already confirmed`);
      } else this.#manual.callNow(order, now);
      await this.advance(order, now);
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

  /**
   * A confirmation letter arrived (its content already checked against the brand's policy): it is kept and the
   * stage it gated may begin (SM-1, OV-1). With `replace: "never"` a second letter is refused (SM-2).
   */
  letterReceived(id: string, letter: { type: LetterType; content: Uint8Array; fileName?: string }): Promise<Order> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      const state = order.review.letter;
      const policy = this.ctx.brand.confirmationLetter;
      if (!state || !policy) {
        throw new CaError(409, "LetterNotRequired", `order ${id} needs no confirmation letter`, { field: "letter" });
      }
      if (!isOpen(order.status)) throw wrongState(id, order.status, "take a confirmation letter");
      if (!letterMissing(order) && policy.replace === "never") {
        throw new CaError(
          409,
          "LetterAlreadyUploaded",
          `order ${id} already has its confirmation letter: it can be uploaded only once`,
          { field: "letter", rule: policy.rule },
        );
      }
      const now = this.now();
      const upload: LetterUpload = {
        seq: state.uploads.length + 1,
        at: now,
        type: letter.type,
        bytes: letter.content.length,
        sha256: createHash("sha256").update(letter.content).digest("hex"),
        ...(letter.fileName ? { fileName: letter.fileName } : {}),
      };
      this.ctx.store.transaction(() => {
        this.ctx.store.insertLetter(order.id, upload.seq, upload.type, letter.content, now);
        state.uploads.push(upload);
        this.moved(
          order,
          `confirmation letter ${upload.seq > 1 ? "replaced" : "received"}: ${upload.type.toUpperCase()}, ${upload.bytes} bytes (${policy.rule})`,
        );
      });
      await this.advance(order, now);
      this.arm(order);
      return order;
    });
  }

  /** Operator: the documents requested by mail (GS-1) are in; the stage they gated may begin. */
  documentsReceived(id: string): Promise<Order> {
    return this.withOrder(id, async (order) => {
      if (!order) throw new Error(`order ${id} vanished`);
      const state = order.review.documents;
      if (!isOpen(order.status) || !state || state.answeredAt !== undefined) {
        throw new CaError(
          409,
          "InvalidOrderState",
          `order ${id} waits for no documents (${order.status}${state?.answeredAt !== undefined ? ", already received" : ""})`,
        );
      }
      const now = this.now();
      this.#documents.pass(order, now);
      await this.advance(order, now);
      this.arm(order);
      return order;
    });
  }

  // ── the flow ─────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Runs the current step's stages; when all of them passed, the next step begins at once. A stage the missing
   * confirmation letter gates does not run (SM-1), nor one the unanswered documents gate (GS-1); the documents
   * request itself runs beside the flow, from the submission on.
   */
  private async advance(order: Order, now: number): Promise<void> {
    await this.#documents.run(order, now);
    for (let steps = 0; steps <= order.review.flow.length && isOpen(order.status); steps++) {
      const step = currentStep(order);
      if (!step) return;
      for (const stage of step) {
        if (!isOpen(order.status)) return;
        if (!stagePassed(order, stage) && !gated(order, stage)) await this.#stages[stage].run(order, now);
      }
      if (step.some((stage) => !stagePassed(order, stage))) return;
    }
  }

  // ── bookkeeping (StageHost) ──────────────────────────────────────────────────────────────────────────────

  moved(order: Order, detail: string): void {
    if (!isOpen(order.status)) {
      this.log(order, this.now(), detail);
      return;
    }
    const { status, stage } = positionOf(order);
    this.transition(order, status, stage, detail);
  }

  fail(order: Order, failure: OrderFailure): void {
    order.failure = failure;
    this.transition(order, "failed", "FAILED", `${failure.code}: ${failure.reason}`);
  }

  /** Saves a change of status or stage, logs it, and tells the reseller when the status it sees changed. */
  transition(order: Order, status: OrderStatus, stage: Stage, detail: string): void {
    // What the reseller was last told: a brand's status may follow from state a stage changed before calling here
    // (GlobalSign's from its letter and documents), so "before" is the status reported, not the one seen now.
    const told = order.review.reportedStatus ?? this.ctx.notifier.statusOf(order);
    const now = this.now();
    order.status = status;
    order.stage = stage;
    if (!isOpen(status)) {
      delete order.nextCheckAt;
      order.manualHold = false;
    }
    const shown = this.ctx.notifier.statusOf(order);
    order.review.reportedStatus = shown;
    this.log(order, now, detail);
    if (shown !== told) this.ctx.notifier.notify(order);
  }

  log(order: Order, now: number, detail: string): void {
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

  /** The earliest instant one of the current step's working stages (or the documents request, GS-1) needs. */
  private wakeTime(order: Order): number | undefined {
    const times = (currentStep(order) ?? [])
      .filter((stage) => !stagePassed(order, stage) && !gated(order, stage))
      .map((stage) => this.#stages[stage].wakeAt(order))
      .concat(this.#documents.wakeAt(order))
      .filter((at): at is number => at !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  private now(): number {
    return this.ctx.clock.nowMs();
  }
}
