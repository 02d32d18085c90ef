// The model of a customer's orders that the model-based test keeps beside the real world, and the checks that
// compare the two after every command (PAID-4, PAID-7, FREE-6, DCV-2, DCV-9, WT-1…WT-3, OV-3, OV-5).
//
// The model cannot predict the CA's random delays, so it predicts what must and must not happen:
//  - safety: only the platform's transitions; no issuance without the evidence the rules demand (DCV records
//    published while the CA could look, and for OV a phone that could confirm or an operator who passed the
//    review, and an organisation that matches the registry); final states stay final; 7 only after a cancel, 10
//    only after a revoke; quota used = free orders alive;
//  - liveness where the rules give a deadline: DCV-2 (7 days without records → failed), WT-2 (pre-review ≤ 72 h).
import type { CertificateDetail, OperateLog, PlatformClient } from "@certsim/client";
import { canTransition, STATUS_NAMES, Status, type StatusCode } from "@certsim/platform";
import type { Ecosystem } from "../../src";
import type { CaOperator, ClockApi, DnsProvider, Organisation, OrganisationDesk, PhonePolicy } from "./world";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Statuses an order never leaves (PAID-4: 2 review failed, 3 expired, 7 cancelled, 10 revoked). */
export const FINAL: ReadonlySet<number> = new Set([
  Status.ReviewFailed,
  Status.Expired,
  Status.Cancelled,
  Status.Revoked,
]);
/** Statuses that say a certificate was issued at some point. */
const ISSUED_ONCE: ReadonlySet<number> = new Set([Status.Issued, Status.Expired, Status.Revoking, Status.Revoked]);
/** FREE-6: a free order holds quota unless it failed, expired, was cancelled or revoked. */
const QUOTA_RELEASED = FINAL;

export type Kind = "free" | "dv" | "ov";

export interface Instruction {
  name: string;
  type: "TXT" | "CNAME";
  value: string;
}

export interface OrderModel {
  slot: number;
  kind: Kind;
  id: string;
  domain: string;
  /** Paid orders: committed to the CA (free applications are placed at once). */
  committed: boolean;
  committedAt?: number;
  /** The CA's order ID, for its operator. */
  caOrderId?: string;
  /** OV: the organisation on the order matches the business registry (OV-5). */
  registryMatches: boolean;
  /** The DCV instructions the platform last showed. */
  instructions: Instruction[];
  instructionsSeenAt?: number;
  /** What the customer's DNS provider serves for this order's DCV names. */
  published: "none" | "right" | "wrong";
  publishedValues: string;
  /** The CA could have seen the right records: a command that lets the CA work ran while they were published. */
  dcvEvidence: boolean;
  /** The right records were published when the last command began (cleared after each observation). */
  recordsDuringCommand: boolean;
  /** OV-3: the CA could have reached a phone that confirms (policy `confirm` while the CA could work). */
  phoneEvidence: boolean;
  /** The operator's approval passed the manual review (WT-3 lets that stand in for the reviewer). */
  operatorPassedReview: boolean;
  cancelled: boolean;
  revoked: boolean;
  /** The CA's operator rejected it (accepted by the CA). */
  rejected: boolean;
  status: number;
  subStatus: string;
  /** Every distinct status observed, in order. */
  history: number[];
  /** Every distinct status/sub-status observed, in order (for the statistics). */
  path: string[];
  /** Simulated instant of the last DCV-10 check that went to the CA (not answered `Frequently`). */
  lastCheckAt?: number;
}

export interface Model {
  run: number;
  now: number;
  orders: OrderModel[];
  phone: PhonePolicy;
  /** The phone's policy when the last command that let the CA work began (OV-3's first call is placed then). */
  phoneDuringCommand: PhonePolicy | undefined;
  /** Clock event handlers that had failed before the run began (each failure is a bug of its own). */
  clockErrors: number;
  /** What happened, for the failure report. */
  trace: string[];
}

/** What every run shares: one ecosystem and clients of its public interfaces. */
export interface Shared {
  ecosystem: Ecosystem;
  clock: ClockApi;
  dns: DnsProvider;
  organisations: OrganisationDesk;
  operators: { trustasia: CaOperator; wotrus: CaOperator };
  newCustomer(run: number): Promise<PlatformClient>;
}

/** One run's corner of the world: its account, organisation and names. */
export interface Real {
  shared: Shared;
  run: number;
  client: PlatformClient;
  organisation: Organisation;
  domain(slot: number): string;
}

export class ModelViolation extends Error {
  override name = "ModelViolation";
  constructor(rule: string, message: string, model: Model) {
    super(`${rule}: ${message}\n  run ${model.run}, trace:\n    ${model.trace.slice(-40).join("\n    ")}`);
  }
}

export function violated(model: Model, rule: string, message: string): never {
  throw new ModelViolation(rule, message, model);
}

/** The full DNS name a DCV instruction asks for (the vendor may give the host relative to the domain). */
function recordName(auth: { DvAuthKey: string; DvAuthDomain: string }): string {
  return auth.DvAuthKey.endsWith(auth.DvAuthDomain) ? auth.DvAuthKey : `${auth.DvAuthKey}.${auth.DvAuthDomain}`;
}

export function instructionsOf(detail: CertificateDetail): Instruction[] {
  return (detail.DvAuthDetail?.DvAuths ?? []).map((auth) => ({
    name: recordName(auth),
    type: auth.DvAuthVerifyType === "CNAME" ? "CNAME" : "TXT",
    value: auth.DvAuthValue,
  }));
}

export const valuesKey = (instructions: Instruction[]) =>
  JSON.stringify(instructions.map((i) => [i.name, i.type, i.value]));

/**
 * Before a command that lets the CA work (anything but the customer's DNS edits and the phone's policy, which the
 * CA does not see happen): note what the CA could see while it runs.
 */
export function noteCaOpportunity(model: Model): void {
  model.phoneDuringCommand = model.phone;
  for (const order of model.orders) {
    if (order.published === "right" && order.publishedValues === valuesKey(order.instructions)) {
      order.dcvEvidence = true;
      order.recordsDuringCommand = true;
    }
    if (model.phone === "confirm" && order.committed) order.phoneEvidence = true;
  }
}

/** Reads every order, the quota and the clock, and checks them against the model. */
export async function observe(model: Model, real: Real, label: string): Promise<void> {
  const { client, shared } = real;
  // After a command that let a CA work outside the clock (an operator's action, a check, a cancel), the CA's
  // callbacks may still be on their way: the platform answers reads from its own record between CA syncs
  // (readSyncIntervalMs) and relies on them. The clock settles the work it tracks (callbacks included) before it
  // looks at its queue, so a zero advance lets them land; no simulated time passes.
  model.now = model.phoneDuringCommand === undefined ? await shared.clock.now() : await shared.clock.advance(0);
  const details = await Promise.all(model.orders.map((order) => client.describeCertificate(order.id)));
  const seen = details.map((d, i) => `#${i}:${d.Status}${d.Status === Status.UnderReview ? `/${d.StatusMsg}` : ""}`);
  model.trace.push(`${new Date(model.now).toISOString()} ${label} → ${seen.join(" ")}`);
  for (const [index, order] of model.orders.entries()) {
    checkOrder(model, order, details[index]!);
    order.recordsDuringCommand = false;
  }
  model.phoneDuringCommand = undefined;
  await checkQuota(model, real);
  const failures = shared.ecosystem.clock.errors();
  if (failures.length > model.clockErrors) {
    const last = failures.at(-1)!;
    violated(model, "CLOCK", `a clock event handler failed: ${last.label}: ${String(last.error)}`);
  }
}

function checkOrder(model: Model, order: OrderModel, detail: CertificateDetail): void {
  const from = order.status;
  const to = detail.Status;
  const where = `order #${order.slot} (${order.kind} ${order.id}, ${order.domain})`;
  if (!(to in STATUS_NAMES)) violated(model, "PAID-4", `${where} has status ${to}, not a vendor code`);

  // PAID-4: only the platform's transitions, final states stay final.
  if (from !== to) {
    if (FINAL.has(from)) violated(model, "PAID-4", `${where} left final status ${from} for ${to}`);
    if (!canTransition(from as StatusCode, to as StatusCode)) {
      violated(model, "PAID-4", `${where} went ${from} → ${to}, which the transition table does not allow`);
    }
  }
  // At rest (between commands) an order is never half-way: 13 and 6/9 are inside one request; 4 needs DNS_AUTO.
  const atRest = order.committed ? [0, 1, 2, 3, 7, 10] : [5, 7];
  if (!atRest.includes(to)) {
    violated(model, "PAID-4", `${where} rests in status ${to} (${detail.StatusName}); expected one of ${atRest}`);
  }
  // PAID-7: 7 only after the customer cancelled, 10 only after they revoked (the operator never revokes here).
  if (to === Status.Cancelled && !order.cancelled) violated(model, "PAID-7", `${where} cancelled, nobody asked`);
  if (to === Status.Revoked && !order.revoked) violated(model, "PAID-7", `${where} revoked, nobody asked`);

  const wasPreReviewing = from === Status.UnderReview && order.subStatus === "PRE-REVIEWING";
  order.status = to;
  order.subStatus = to === Status.UnderReview ? detail.StatusMsg : "";
  if (order.kind === "ov" && wasPreReviewing && order.subStatus !== "PRE-REVIEWING") {
    checkReviewStart(model, order, detail, where);
  }
  if (order.history.at(-1) !== to) order.history.push(to);
  const point = order.subStatus ? `${to}/${order.subStatus}` : `${to}`;
  if (order.path.at(-1) !== point) order.path.push(point);

  const instructions = instructionsOf(detail);
  if (instructions.length > 0 && order.instructionsSeenAt === undefined) order.instructionsSeenAt = model.now;
  if (instructions.length > 0) order.instructions = instructions;

  // WT-2: an OV order shows no DCV instructions while pre-reviewing; DV and free ones never pre-review.
  if (to === Status.UnderReview) {
    const preReviewing = detail.StatusMsg === "PRE-REVIEWING";
    if (preReviewing && order.kind !== "ov") violated(model, "WT-1", `${where} is pre-reviewed, but it is not OV`);
    if (preReviewing && instructions.length > 0) {
      violated(model, "WT-2", `${where} shows DCV instructions during the pre-review`);
    }
    if (!preReviewing && instructions.length === 0) {
      violated(model, "WT-2", `${where} is past the pre-review (${detail.StatusMsg}) without DCV instructions`);
    }
  }

  // The heart of it: no issuance without DCV, and for OV without the review's phone call and registry match.
  // A CA issues only while a command lets it work (the clock, an operator, a check, a placement) and the platform
  // follows within that command (callbacks are settled by the clock, reads sync), so the command after which an
  // order first shows as issued is the one during which the CA issued it. DCV-9: the CA re-checks the records just
  // before issuing, so they must have been published when that command began.
  if (ISSUED_ONCE.has(to) && !ISSUED_ONCE.has(from)) {
    if (!order.recordsDuringCommand) {
      violated(
        model,
        "DCV-9",
        `${where} was issued (status ${to}) during a command that began without its DCV records (${order.published}${order.dcvEvidence ? ", published at some earlier point" : ", never published while the CA could look"})`,
      );
    }
    if (order.kind === "ov" && !order.registryMatches) {
      violated(model, "OV-5", `${where} was issued although the organisation does not match the business registry`);
    }
    if (order.kind === "ov" && !order.operatorPassedReview) {
      if (!order.phoneEvidence) {
        violated(
          model,
          "OV-3",
          `${where} was issued although the registered phone never could confirm and no operator passed the review`,
        );
      }
      // OV-4: the reviewer takes at least 3 business days (≥ 3 × 24 h) from the pre-review's end (≥ the commit).
      if (order.committedAt === undefined || model.now < order.committedAt + 3 * DAY) {
        violated(
          model,
          "OV-4",
          `${where} was issued ${fmt(model.now - (order.committedAt ?? model.now))} after its commit, before 3 business days of review`,
        );
      }
    }
    if (order.history.some((s) => s === Status.ReviewFailed || s === Status.Cancelled)) {
      violated(model, "PAID-7", `${where} was issued after it failed or was cancelled: ${order.history.join(" → ")}`);
    }
  }

  // DCV-2: instructions out for more than 7 days and never the right records → the review failed.
  if (
    to === Status.UnderReview &&
    !order.dcvEvidence &&
    order.instructionsSeenAt !== undefined &&
    model.now > order.instructionsSeenAt + 7 * DAY
  ) {
    violated(
      model,
      "DCV-2",
      `${where} still under review ${fmt(model.now - order.instructionsSeenAt)} after its DCV instructions, with no records`,
    );
  }
  // WT-2: the pre-review takes at most 72 hours.
  if (
    to === Status.UnderReview &&
    detail.StatusMsg === "PRE-REVIEWING" &&
    order.committedAt !== undefined &&
    model.now > order.committedAt + 72 * HOUR
  ) {
    violated(model, "WT-2", `${where} still pre-reviewing ${fmt(model.now - order.committedAt)} after the commit`);
  }
}

/**
 * The pre-review has just passed (WT-2): the manual review began in the same command, checking the registry (OV-5)
 * and placing the first call to the registered phone, which the phone's policy answers at once (OV-3).
 */
function checkReviewStart(model: Model, order: OrderModel, detail: CertificateDetail, where: string): void {
  if (order.cancelled || order.rejected) return;
  const reason = `${detail.FailureReason ?? ""} ${detail.StatusMsg}`;
  if (!order.registryMatches) {
    if (order.status !== Status.ReviewFailed || !/registry/i.test(reason)) {
      violated(
        model,
        "OV-5",
        `${where} left the pre-review with a claim the registry does not hold, yet is ${order.status} (${reason.trim()})`,
      );
    }
  } else if (model.phoneDuringCommand === "decline") {
    if (order.status !== Status.ReviewFailed || !/phone/i.test(reason)) {
      violated(
        model,
        "OV-3",
        `${where} left the pre-review while the registered phone declines calls, yet is ${order.status} (${reason.trim()})`,
      );
    }
  } else if (order.status === Status.ReviewFailed && /registry|refused|declin/i.test(reason)) {
    // Later in a long command the order may fail for another reason (DCV-2), never for the phone or registry.
    violated(
      model,
      "OV-3",
      `${where} left the pre-review (registry matches, phone ${model.phoneDuringCommand ?? "untouched"}) and failed: ${reason.trim()}`,
    );
  }
}

/** FREE-6: the account's quota use equals the free orders the model counts as alive. */
async function checkQuota(model: Model, real: Real): Promise<void> {
  const quota = await real.client.quota();
  const alive = model.orders.filter((o) => o.kind === "free" && !QUOTA_RELEASED.has(o.status));
  if (quota.Used !== alive.length || quota.AnyDomain.Used !== alive.length) {
    violated(
      model,
      "FREE-6",
      `quota used ${quota.Used} (any-domain ${quota.AnyDomain.Used}), but ${alive.length} free order(s) hold it: ${alive.map((o) => `#${o.slot}:${o.status}`).join(", ") || "none"}`,
    );
  }
}

/**
 * PAID-4's operation log: the status entries form one chain from creation to the current status, each step
 * allowed by the transition table, every status the model saw is on it in order, and a certificate is issued at
 * most once.
 */
export function checkOperationLog(model: Model, order: OrderModel, logs: OperateLog[]): void {
  const where = `order #${order.slot} (${order.kind} ${order.id})`;
  const steps = logs.filter((entry) => entry.StatusTo !== null);
  const chain: number[] = [];
  let previous: number | null = null;
  for (const [index, entry] of steps.entries()) {
    const to = entry.StatusTo!;
    if (index === 0) {
      if (entry.StatusFrom !== null) violated(model, "PAID-4", `${where}: the log starts from ${entry.StatusFrom}`);
      const first = order.kind === "free" ? Status.FreeInformationToSubmit : Status.InformationToSubmit;
      if (to !== first) violated(model, "PAID-4", `${where}: the log starts in ${to}, not ${first}`);
    } else {
      if (entry.StatusFrom !== previous) {
        violated(
          model,
          "PAID-4",
          `${where}: log entry ${entry.Action} goes from ${entry.StatusFrom}, but the last was ${previous}`,
        );
      }
      if (!canTransition(entry.StatusFrom as StatusCode, to as StatusCode)) {
        violated(
          model,
          "PAID-4",
          `${where}: log entry ${entry.Action} records ${entry.StatusFrom} → ${to}, not allowed`,
        );
      }
    }
    if (chain.at(-1) !== to) chain.push(to);
    previous = to;
  }
  if (previous !== order.status) {
    violated(model, "PAID-4", `${where}: the log ends in ${previous}, the order is in ${order.status}`);
  }
  let at = 0;
  for (const seen of order.history) {
    while (at < chain.length && chain[at] !== seen) at++;
    if (at === chain.length) {
      violated(
        model,
        "PAID-4",
        `${where}: observed ${order.history.join(" → ")}, not along the log's ${chain.join(" → ")}`,
      );
    }
  }
  const issuances = steps.filter((e) => e.StatusTo === Status.Issued && e.StatusFrom !== Status.Issued).length;
  const issuedOnce = order.history.some((s) => ISSUED_ONCE.has(s));
  if (issuances > 1 || (issuedOnce && issuances !== 1)) {
    violated(model, "PAID-4", `${where}: ${issuances} issuance(s) in the log: ${chain.join(" → ")}`);
  }
}

/** The platform status a CA order's state stands for, once the platform has followed it. */
export function platformStatusFor(caStatus: string): number[] {
  switch (caStatus) {
    case "pending_dcv":
    case "reviewing":
      return [Status.UnderReview];
    case "issued":
      return [Status.Issued, Status.Expired];
    case "failed":
      return [Status.ReviewFailed];
    case "cancelled":
      return [Status.Cancelled];
    case "revoked":
      return [Status.Revoked];
    default:
      return [];
  }
}

function fmt(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms % DAY) / HOUR);
  return `${days}d${hours}h`;
}

export type { OperateLog };
