import { formatGmt8 } from "@certsim/clock";
import type { DocumentsPolicy, DocumentsState } from "../core/documents";
import type { StageName } from "../core/flow";
import { isOpen, type Order } from "../core/types";
import { type WorldClient, WorldUnavailable } from "../world/client";
import type { StageHost } from "./stage";

/** The order still waits for the documents the CA asked for by mail (GS-1). */
export const documentsPending = (order: Order): boolean =>
  order.review.documents !== undefined && order.review.documents.answeredAt === undefined;

/** The stage may not begin yet: it is the one the unanswered documents gate (GlobalSign EV: `manual-review`). */
export const documentsGated = (order: Order, stage: StageName): boolean =>
  documentsPending(order) && order.review.documents!.before === stage;

/**
 * Documents requested by mail (GS-1), beside the flow rather than in it: from the submission on, whatever step the
 * order is at, the request is mailed at the instant drawn (`requestAfterBusinessDays` business days after the
 * order was placed, GMT+8 calendar); from then on the CA looks at its documents mailbox every `pollInterval` for a
 * mail from the applicant (or administrator) whose subject names the order, received after the request. The stage
 * named by `before` does not begin until then. No answer within `patience` fails the order (`Rejected`); an
 * operator may mark the documents received. The world unreachable → try again after `worldRetryInterval`.
 */
export class DocumentsGate {
  constructor(private readonly host: StageHost) {}

  private policy(): DocumentsPolicy | undefined {
    return this.host.ctx.brand.documentsByMail;
  }

  /** Does what is due; creates the order's state when its product needs documents. */
  async run(order: Order, now: number): Promise<void> {
    const policy = this.policy();
    if (!policy || !isOpen(order.status)) return;
    const state = order.review.documents ?? this.start(order, policy);
    if (!state || state.answeredAt !== undefined) return;
    if (state.retryAt !== undefined && state.retryAt > now) return;
    delete state.retryAt;
    try {
      if (state.requestedAt === undefined) {
        if (now < state.requestAt) return;
        await this.request(order, state, policy, now);
      }
      if ((state.nextPollAt ?? now) <= now) {
        if (await this.look(order, state, policy, now)) return;
        state.nextPollAt = now + policy.pollInterval;
      }
    } catch (error) {
      if (!(error instanceof WorldUnavailable)) throw error;
      state.retryAt = now + this.host.ctx.timings.worldRetryInterval;
      state.lastError = error.message;
      this.host.log(order, now, `documents: the world did not answer (${error.message}); trying again later`);
      return;
    }
    if (now >= state.requestedAt! + policy.patience) {
      this.host.fail(order, {
        code: "Rejected",
        reason: `the documents requested on ${formatGmt8(state.requestedAt!)} were not received by mail within ${Math.round(policy.patience / 86_400_000)} days (${policy.rule})`,
      });
      return;
    }
    this.host.ctx.store.saveOrder(order);
  }

  /** The next instant the gate needs the clock (undefined: nothing to do, or it is answered). */
  wakeAt(order: Order): number | undefined {
    const state = order.review.documents;
    const policy = this.policy();
    if (!state || !policy || state.answeredAt !== undefined) return undefined;
    if (state.retryAt !== undefined) return state.retryAt;
    if (state.requestedAt === undefined) return state.requestAt;
    return Math.min(state.nextPollAt ?? state.requestedAt, state.requestedAt + policy.patience);
  }

  /** An operator marks the documents received (read in the mailbox by hand, or sent another way). */
  pass(order: Order, now: number): void {
    const state = order.review.documents;
    if (!state) return;
    state.answeredAt = now;
    state.answeredBy = "operator";
    delete state.nextPollAt;
    delete state.retryAt;
    this.host.moved(order, `documents marked received by the operator (${this.policy()?.rule ?? "GS-1"})`);
  }

  private start(order: Order, policy: DocumentsPolicy): DocumentsState | undefined {
    const { ctx } = this.host;
    const product = ctx.product(order.productCode);
    if (!product || !policy.required(product)) return undefined;
    const [min, max] = policy.requestAfterBusinessDays;
    const rng = ctx.rng.fork(`order/${order.id}/documents`);
    // From the submission (the order's placing), to the second as API times are given.
    const sampled = ctx.calendar.sampleBusinessDays(order.createdAt, min, max, rng).getTime();
    const state: DocumentsState = {
      before: policy.before,
      requestAt: Math.max(order.createdAt, Math.floor(sampled / 1000) * 1000),
      documents: [...policy.documents(order)],
    };
    order.review.documents = state;
    this.host.log(
      order,
      order.createdAt,
      `documents will be requested by mail at ${formatGmt8(state.requestAt)}, ${min}–${max} business days after submission (${policy.rule})`,
    );
    return state;
  }

  /** Mails the list to the applicant (the administrator when there is no applicant). */
  private async request(order: Order, state: DocumentsState, policy: DocumentsPolicy, now: number): Promise<void> {
    const to = order.applicant?.email ?? order.administrator?.email;
    if (!to) throw new WorldUnavailable("the order names nobody to ask for the documents");
    const { brand } = this.host.ctx;
    await this.world().sendMail({
      to,
      from: policy.mailbox,
      subject: `${brand.displayName} order ${order.id}: documents required`,
      body: [
        `For your ${brand.displayName} certificate order ${order.id} (${order.domains.join(", ")}) for ${order.organization?.name ?? "your organisation"} we need:`,
        ...state.documents.map((document, index) => `${index + 1}. ${document}`),
        "",
        `Please answer this mail to ${policy.mailbox} with the documents attached, keeping the order number ${order.id} in the subject.`,
      ].join("\n"),
    });
    state.requestedAt = now;
    state.requestedTo = to;
    state.nextPollAt = now + policy.pollInterval;
    this.host.moved(order, `documents requested by mail from ${to}: ${state.documents.join("; ")} (${policy.rule})`);
  }

  /** Looks at the documents mailbox; true when the answer is there (the gate then passes). */
  private async look(order: Order, state: DocumentsState, policy: DocumentsPolicy, now: number): Promise<boolean> {
    const senders = [order.applicant?.email, order.administrator?.email]
      .filter((address): address is string => address !== undefined)
      .map((address) => address.trim().toLowerCase());
    const messages = await this.world().inbox(policy.mailbox);
    const answer = messages.find(
      (mail) =>
        senders.includes(mail.from.trim().toLowerCase()) &&
        mail.subject.includes(order.id) &&
        mail.at >= state.requestedAt!,
    );
    if (!answer) return false;
    state.answeredAt = now;
    state.answeredBy = "mail";
    state.answer = { mailId: answer.id, from: answer.from, subject: answer.subject, at: answer.at };
    delete state.nextPollAt;
    this.host.moved(
      order,
      `documents answered by mail from ${answer.from} at ${formatGmt8(answer.at)} ("${answer.subject}") (${policy.rule})`,
    );
    return true;
  }

  private world(): WorldClient {
    const world = this.host.ctx.world;
    if (!world) throw new WorldUnavailable("no world URL is configured for the documents mailbox");
    return world;
  }
}
