import { formatGmt8, gmt8, localDateGmt8 } from "@certsim/clock";
import type { ManualReviewState } from "../core/flow";
import type { Order } from "../core/types";
import { type WorldClient, WorldUnavailable } from "../world/client";
import { earlierApproval, fileApproval } from "./approvals";
import type { StageHost, StageRunner } from "./stage";

/**
 * The manual review of an OV/EV order, as a reviewer does it:
 *  - OV-5: the organisation on the order against the business registry (`POST /registry/verify`); a mismatch fails
 *    the order (OrganizationMismatch) naming each field.
 *  - OV-3: an e-mail to the applicant, and a call to the organisation's *registered* phone (from the registry, not
 *    the application). Confirmed → the phone check passes; declined → the order fails (PhoneDeclined); ringing or
 *    not answered → the review waits and calls again on the next business day at `timings.callRetryTime` (10:00
 *    GMT+8), looking first whether the last call was answered meanwhile. Without a confirmed call within
 *    `timings.manualReviewPatience` the order fails (PhoneUnanswered).
 *  - OV-4: the reviewer's time, drawn in business days (`timings.manualReviewDays`: OV 3–5, EV 5–7) with
 *    `BusinessCalendar.sampleBusinessDays`; the review passes at that instant, or when the call is confirmed if
 *    that is later.
 * When the world cannot be reached the review waits `timings.worldRetryInterval` and tries again.
 * With `BrandDefinition.reuseApprovedReviews` (SM-3) a review whose information (organisation, registration number,
 * administrator) was approved before for a certificate of the same type passes at once, without calls; every
 * review that passes files its information as approved.
 */
export class ManualReviewStage implements StageRunner {
  constructor(private readonly host: StageHost) {}

  async run(order: Order, now: number): Promise<void> {
    if (!order.review.manual && this.skipApproved(order, now)) return;
    const review = order.review.manual ?? this.start(order, now);
    review.checkedAt = now;
    if (review.retryAt !== undefined && review.retryAt > now) return;
    delete review.retryAt;
    const world = this.world();
    try {
      if (!review.registry) {
        if (!(await this.checkRegistry(world, order, review, now))) return;
      }
      if (review.phone !== "confirmed") {
        await this.checkPhone(world, order, review, now);
        if (order.status === "failed") return;
      }
    } catch (error) {
      if (!(error instanceof WorldUnavailable)) throw error;
      review.retryAt = now + this.host.ctx.timings.worldRetryInterval;
      review.lastError = error.message;
      this.host.log(order, now, `manual review: the world did not answer (${error.message}); trying again later`);
      return;
    }
    if (review.phone === "confirmed" && now >= review.dueAt) {
      this.pass(order, now, "reviewer");
      return;
    }
    if (review.phone !== "confirmed" && now >= review.giveUpAt) {
      this.host.fail(order, {
        code: "PhoneUnanswered",
        reason: `the organisation's registered phone ${review.registeredPhone ?? ""} did not confirm the application within ${Math.round((review.giveUpAt - review.startedAt) / 86_400_000)} days (OV-3)`,
      });
      return;
    }
    this.host.ctx.store.saveOrder(order);
  }

  wakeAt(order: Order): number | undefined {
    const review = order.review.manual;
    if (!review || review.passedAt !== undefined) return undefined;
    if (review.retryAt !== undefined) return review.retryAt;
    const times: number[] = [];
    if (review.checkedAt < review.dueAt) times.push(review.dueAt);
    if (review.phone !== "confirmed") {
      if (review.nextCallAt !== undefined) times.push(review.nextCallAt);
      times.push(review.giveUpAt);
    }
    return times.length ? Math.min(...times) : undefined;
  }

  /** The reviewer (or an operator) passes the review. */
  pass(order: Order, now: number, by: "reviewer" | "operator"): void {
    const review = order.review.manual ?? this.start(order, now);
    review.passedAt = now;
    review.passedBy = by;
    delete review.nextCallAt;
    delete review.retryAt;
    if (this.host.ctx.brand.reuseApprovedReviews) fileApproval(this.host.ctx, order, now);
    this.host.moved(
      order,
      by === "operator"
        ? "manual review passed by the operator"
        : "manual review passed: registry matches, registered phone confirmed (OV-3, OV-4, OV-5)",
    );
  }

  /** An operator's "call again now": the next run places a new call. */
  callNow(order: Order, now: number): void {
    const review = order.review.manual;
    if (!review) return;
    review.nextCallAt = now;
    delete review.retryAt;
  }

  /** SM-3: the same information approved before for this type of certificate: the review passes now. */
  private skipApproved(order: Order, now: number): boolean {
    const { ctx } = this.host;
    if (!ctx.brand.reuseApprovedReviews) return false;
    const earlier = earlierApproval(ctx, order);
    if (!earlier) return false;
    const validation = ctx.product(order.productCode)?.validation ?? "OV";
    order.review.manual = {
      validation,
      startedAt: now,
      businessDays: [0, 0],
      dueAt: now,
      giveUpAt: now,
      calls: [],
      phone: "pending",
      checkedAt: now,
      passedAt: now,
      passedBy: "earlier-approval",
      approvedBefore: earlier,
    };
    this.host.moved(
      order,
      `manual review skipped: the same information was approved for order ${earlier.orderId} (SM-3)`,
    );
    return true;
  }

  private start(order: Order, now: number): ManualReviewState {
    const { ctx } = this.host;
    const validation = ctx.product(order.productCode)?.validation ?? "OV";
    const businessDays = ctx.timings.manualReviewDays[validation];
    const rng = ctx.rng.fork(`order/${order.id}/manual-review`);
    // To the second, as API times are given; flooring keeps it within the drawn range of business days.
    const sampled = ctx.calendar.sampleBusinessDays(now, businessDays[0], businessDays[1], rng).getTime();
    const dueAt = Math.max(now, Math.floor(sampled / 1000) * 1000);
    const review: ManualReviewState = {
      validation,
      startedAt: now,
      businessDays,
      dueAt,
      giveUpAt: now + ctx.timings.manualReviewPatience,
      calls: [],
      phone: "pending",
      checkedAt: now,
    };
    order.review.manual = review;
    this.host.log(
      order,
      now,
      `manual review started: ${businessDays[0]}–${businessDays[1]} business days, done at ${formatGmt8(dueAt)} (OV-4)`,
    );
    return review;
  }

  /** OV-5. Returns false when the order failed. */
  private async checkRegistry(
    world: WorldClient,
    order: Order,
    review: ManualReviewState,
    now: number,
  ): Promise<boolean> {
    const organization = order.organization;
    if (!organization) {
      review.registry = {
        at: now,
        ok: false,
        mismatches: [{ field: "name", registered: "", claimed: "" }],
      };
      this.host.fail(order, { code: "OrganizationMismatch", reason: "the order names no organisation (OV-5)" });
      return false;
    }
    const verdict = await world.verifyOrganisation({
      name: organization.name,
      registrationNumber: organization.registrationNumber,
      address: organization.address,
      phone: organization.phone,
    });
    review.registry = { at: now, ok: verdict.ok, mismatches: verdict.ok ? [] : verdict.mismatches };
    if (!verdict.ok) {
      const fields = verdict.mismatches
        .map((m) => `${m.field} (registered ${JSON.stringify(m.registered)}, claimed ${JSON.stringify(m.claimed)})`)
        .join("; ");
      this.host.fail(order, {
        code: "OrganizationMismatch",
        reason: `the organisation differs from the business registry: ${fields} (OV-5)`,
      });
      return false;
    }
    this.host.log(order, now, "manual review: the business registry matches the organisation (OV-5)");
    await this.sendNotice(world, order, review);
    return true;
  }

  /** OV-3: looks at the last call, and places a new one when none is placed yet or a retry is due. */
  private async checkPhone(world: WorldClient, order: Order, review: ManualReviewState, now: number): Promise<void> {
    if (review.registeredPhone === undefined) {
      const phone = await world.registeredPhone(order.organization!.registrationNumber);
      if (!phone) throw new WorldUnavailable("the registry has no phone for the organisation");
      review.registeredPhone = phone;
    }
    const last = review.calls.at(-1);
    if (last?.state === "ringing") {
      last.state = (await world.call(last.id)).state;
      last.checkedAt = now;
    }
    if (last && this.settle(order, review, last.state, now)) return;
    if (last && review.nextCallAt !== undefined && now < review.nextCallAt) return;
    const { brand } = this.host.ctx;
    const call = await world.placeCall({
      to: review.registeredPhone,
      from: brand.displayName,
      purpose: `OV-3 verification of order ${order.id} for ${order.organization?.name ?? "the organisation"}`,
    });
    review.calls.push({ id: call.id, to: call.to, placedAt: now, state: call.state, checkedAt: now });
    if (this.settle(order, review, call.state, now)) return;
    review.nextCallAt = this.nextCallTime(now);
    this.host.log(
      order,
      now,
      `manual review: call ${call.id} to ${call.to} ${call.state === "ringing" ? "is ringing" : "was not answered"}; calling again at ${formatGmt8(review.nextCallAt)} (OV-3)`,
    );
  }

  /** Acts on a call's final answer; true when the phone check is settled (confirmed, or the order failed). */
  private settle(order: Order, review: ManualReviewState, state: string, now: number): boolean {
    if (state === "confirmed") {
      review.phone = "confirmed";
      delete review.nextCallAt;
      this.host.log(order, now, `manual review: the registered phone ${review.registeredPhone} confirmed (OV-3)`);
      return true;
    }
    if (state === "declined") {
      this.host.fail(order, {
        code: "PhoneDeclined",
        reason: `the organisation refused the application on its registered phone ${review.registeredPhone} (OV-3)`,
      });
      return true;
    }
    return false;
  }

  /** The next business day at the retry time, GMT+8. */
  private nextCallTime(now: number): number {
    const { calendar, timings } = this.host.ctx;
    const day = localDateGmt8(calendar.addBusinessDays(now, 1));
    return gmt8(`${day}T${timings.callRetryTime}`).getTime();
  }

  /** OV-3's e-mail: tells the applicant the CA is verifying the organisation and will call its registered phone. */
  private async sendNotice(world: WorldClient, order: Order, review: ManualReviewState): Promise<void> {
    const to = order.applicant?.email ?? order.administrator?.email;
    if (!to) return;
    const { brand } = this.host.ctx;
    try {
      await world.sendMail({
        to,
        from: `validation@${brand.caaIdentities[0] ?? `${brand.id}.example`}`,
        subject: `${brand.displayName}: verifying ${order.organization?.name} for order ${order.id}`,
        body:
          `We are verifying the organisation for your ${review.validation} certificate order ${order.id} ` +
          `(${order.domains.join(", ")}). We will call its registered phone to confirm the application.`,
      });
      review.noticeSentTo = to;
    } catch (error) {
      // The notice is a courtesy: a lost e-mail does not hold the review up.
      if (!(error instanceof WorldUnavailable)) throw error;
    }
  }

  private world(): WorldClient {
    const world = this.host.ctx.world;
    if (!world) throw new WorldUnavailable("no world URL is configured for the manual review");
    return world;
  }
}
