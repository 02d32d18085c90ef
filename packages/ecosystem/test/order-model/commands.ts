// The commands of the model-based test: what a customer, the organisation's phone, a CA's operator and the clock
// can do, each with what the model expects of it. After every command the whole run is observed and checked
// (`observe`). A command names an order by a slot number taken modulo the orders it may act on, so every command
// meets an order once one exists and a shrunk sequence has no dangling references.
import { PlatformError } from "@certsim/client";
import { Status } from "@certsim/platform";
import fc from "fast-check";
import {
  DAY,
  HOUR,
  type Kind,
  MINUTE,
  type Model,
  noteCaOpportunity,
  type OrderModel,
  observe,
  type Real,
  valuesKey,
  violated,
} from "./model";
import type { OperatorOrder, PhonePolicy } from "./world";

export const MAX_ORDERS = 3;

type Command = fc.AsyncCommand<Model, Real, false>;

/** A refusal the model expects: the HTTP status and the code; anything else fails the run. */
async function refused(model: Model, what: string, call: Promise<unknown>, code: string): Promise<PlatformError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof PlatformError && error.status === 409 && error.code === code) return error;
    violated(model, "MODEL", `${what}: expected 409 ${code}, got ${error instanceof Error ? error.message : error}`);
  }
  return violated(model, "MODEL", `${what}: expected 409 ${code}, but it was accepted`);
}

function newOrder(model: Model, slot: number, kind: Kind, id: string, domain: string, registryMatches = true) {
  const order: OrderModel = {
    slot,
    kind,
    id,
    domain,
    committed: kind === "free",
    registryMatches,
    instructions: [],
    published: "none",
    publishedValues: "",
    dcvEvidence: false,
    recordsDuringCommand: false,
    phoneEvidence: false,
    operatorPassedReview: false,
    cancelled: false,
    revoked: false,
    rejected: false,
    status: kind === "free" ? Status.FreeInformationToSubmit : Status.InformationToSubmit,
    subStatus: "",
    history: [kind === "free" ? Status.FreeInformationToSubmit : Status.InformationToSubmit],
    path: [],
  };
  model.orders.push(order);
  return order;
}

/**
 * The order a command acts on: the `slot`-th (modulo) of the orders it prefers, else of all it may act on. Slots
 * are taken modulo so that a command meets an order whenever one exists, however many the run made.
 */
function pick(
  model: Readonly<Model>,
  slot: number,
  prefer: (order: OrderModel) => boolean,
  allow: (order: OrderModel) => boolean = () => true,
): OrderModel | undefined {
  const preferred = model.orders.filter(prefer);
  const pool = preferred.length > 0 ? preferred : model.orders.filter(allow);
  return pool.length > 0 ? pool[slot % pool.length] : undefined;
}

/** A command on one of the run's orders, chosen by `pick`. */
abstract class OnOrder implements Command {
  /** The order the last run acted on, for the report. */
  protected target: number | undefined;
  constructor(readonly slot: number) {}
  protected prefer(_order: OrderModel): boolean {
    return true;
  }
  protected allow(_order: OrderModel): boolean {
    return true;
  }
  check(model: Readonly<Model>) {
    return this.choose(model) !== undefined;
  }
  async run(model: Model, real: Real) {
    const order = this.choose(model)!;
    this.target = order.slot;
    await this.act(model, real, order);
  }
  private choose(model: Readonly<Model>) {
    return pick(
      model,
      this.slot,
      (order) => this.prefer(order),
      (order) => this.allow(order),
    );
  }
  protected abstract act(model: Model, real: Real, order: OrderModel): Promise<void>;
  protected abstract get name(): string;
  toString() {
    return `${this.name}(${this.target === undefined ? `slot ${this.slot}` : `#${this.target}`})`;
  }
}

// ── customer ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Apply for a free TrustAsia certificate, DNS validation (FREE-6: quota taken at once). */
class ApplyFree implements Command {
  check(model: Readonly<Model>) {
    return model.orders.length < MAX_ORDERS;
  }
  async run(model: Model, real: Real) {
    noteCaOpportunity(model);
    const slot = model.orders.length;
    const domain = real.domain(slot);
    await real.shared.dns.createZone(domain);
    const { CertificateId } = await real.client.applyFreeCertificate({
      DomainName: domain,
      DvAuthMethod: "DNS",
      CsrEncryptAlgo: "ECC",
      CsrKeyParameter: "prime256v1",
    });
    const order = newOrder(model, slot, "free", CertificateId, domain);
    const atCa = (await real.shared.operators.trustasia.openOrders()).find((o) => o.partner_order_id === CertificateId);
    if (!atCa) violated(model, "PAID-4", `TrustAsia holds no open order for the new application ${CertificateId}`);
    order.caOrderId = atCa.order_id;
    await observe(model, real, this.toString());
    if (order.status !== Status.UnderReview || order.subStatus !== "PENDING-DCV" || order.instructions.length !== 1) {
      violated(
        model,
        "DCV-3",
        `a new free application is ${order.status}/${order.subStatus} with ${order.instructions.length} instruction(s)`,
      );
    }
    if (order.instructions[0]?.name !== `_dnsauth.${domain}` || order.instructions[0]?.type !== "TXT") {
      violated(
        model,
        "DCV-3",
        `TrustAsia asks for ${JSON.stringify(order.instructions[0])}, not TXT _dnsauth.${domain}`,
      );
    }
  }
  toString() {
    return "applyFree";
  }
}

const ADMIN = { Name: "Li Lei", Position: "IT Manager", Phone: "+86 138 0000 0002", Email: "lilei@model.example" };

/** Buy a WoTrus DV or OV certificate, fill in the wizard and (usually) commit it to the CA. */
class BuyPaid implements Command {
  constructor(
    readonly type: "DV" | "OV",
    readonly commit: boolean,
    readonly registryMatches: boolean,
  ) {}
  check(model: Readonly<Model>) {
    return model.orders.length < MAX_ORDERS;
  }
  async run(model: Model, real: Real) {
    noteCaOpportunity(model);
    const slot = model.orders.length;
    const domain = real.domain(slot);
    const id = await buyWoTrus(real, this.type, domain, this.registryMatches);
    const order = newOrder(model, slot, this.type === "OV" ? "ov" : "dv", id, domain, this.registryMatches);
    if (this.commit) await commit(model, real, order);
    await observe(model, real, this.toString());
    expectPlaced(model, order);
  }
  toString() {
    return `buy${this.type}(${this.commit ? "commit" : "no commit"}${this.type === "OV" ? `, registry ${this.registryMatches ? "matches" : "differs"}` : ""})`;
  }
}

/**
 * Buys a one-year single-name WoTrus certificate for `domain` (served at the customer's DNS provider) and fills in
 * the wizard (DV: an individual; OV: the run's organisation, claimed as the registry has it or not, OV-5).
 */
export async function buyWoTrus(real: Real, type: "DV" | "OV", domain: string, registryMatches = true) {
  await real.shared.dns.createZone(domain);
  const bought = await real.client.purchase({ Brand: "WoTrus", Type: type, DomainType: "single", Period: 1 });
  const id = bought.CertificateIds[0]!;
  const org = real.organisation;
  await real.client.submit(id, {
    CsrType: "online",
    CsrEncryptAlgo: "ECC",
    CsrKeyParameter: "prime256v1",
    CertificateDomain: domain,
    ...(type === "OV"
      ? {
          ApplicationType: "organisation",
          Organization: {
            Name: org.name,
            RegistrationNumber: org.registrationNumber,
            Address: registryMatches ? org.address : `${org.address}, Annex B`,
            City: org.city,
            Phone: org.phone,
          },
        }
      : { ApplicationType: "individual" }),
    Admin: ADMIN,
    ContactSameAsAdmin: true,
    VerifyType: "DNS",
  });
  return id;
}

async function commit(model: Model, real: Real, order: OrderModel) {
  const committed = await real.client.commit(order.id);
  order.committed = true;
  order.committedAt = model.now;
  order.caOrderId = committed.OrderId ?? undefined;
  if (!order.caOrderId) violated(model, "PAID-4", `commit of #${order.slot} names no CA order`);
}

/** After a commit: 0 with PENDING-DCV (DV) or PRE-REVIEWING (OV, WT-2). */
function expectPlaced(model: Model, order: OrderModel) {
  if (!order.committed) {
    if (order.status !== Status.InformationToSubmit)
      violated(model, "PAID-4", `#${order.slot} bought: ${order.status}`);
    return;
  }
  const expected = order.kind === "ov" ? "PRE-REVIEWING" : "PENDING-DCV";
  if (order.status !== Status.UnderReview || order.subStatus !== expected) {
    violated(model, "WT-2", `#${order.slot} committed: ${order.status}/${order.subStatus}, expected 0/${expected}`);
  }
}

class Commit extends OnOrder {
  protected override prefer(order: OrderModel) {
    return order.status === Status.InformationToSubmit;
  }
  protected override allow(order: OrderModel) {
    return order.kind !== "free";
  }
  protected get name() {
    return "commit";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (order.status === Status.InformationToSubmit) {
      await commit(model, real, order);
      await observe(model, real, this.toString());
      expectPlaced(model, order);
    } else {
      await refused(
        model,
        this.toString(),
        real.client.commit(order.id),
        "FailedOperation.InvalidCertificateStatusCode",
      );
      await observe(model, real, `${this.toString()} (refused)`);
    }
  }
}

/** The customer adds the records the platform shows at their DNS provider (or, `right = false`, mistypes them). */
class PublishRecords extends OnOrder {
  constructor(
    slot: number,
    readonly right: boolean,
  ) {
    super(slot);
  }
  protected override prefer(order: OrderModel) {
    return order.instructions.length > 0 && order.published !== (this.right ? "right" : "wrong");
  }
  protected get name() {
    return this.right ? "publish" : "publishWrong";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    if (order.instructions.length === 0) {
      await observe(model, real, `${this.toString()}: no instructions shown yet`);
      return;
    }
    for (const record of order.instructions) {
      const value = this.right ? record.value : mistype(record.value);
      await real.shared.dns.setRecords(record.name, record.type, [value]);
    }
    order.published = this.right ? "right" : "wrong";
    order.publishedValues = valuesKey(order.instructions);
    await observe(model, real, this.toString());
  }
}

/** A typo: the same shape, another value. */
function mistype(value: string): string {
  return value.endsWith(".sectigo.com")
    ? value.replace(/^./, (c) => (c === "0" ? "1" : "0"))
    : `${value.slice(0, -1)}${value.at(-1) === "a" ? "b" : "a"}`;
}

/** The customer removes the records again (DCV-9: before issuance that sends the order back). */
class RemoveRecords extends OnOrder {
  /** Most telling: records removed after DCV passed but before issuance (DCV-9 sends the order back). */
  protected override prefer(order: OrderModel) {
    return order.published !== "none" && ["CA-REVIEWING", "WAIT-ISSUE"].includes(order.subStatus);
  }
  protected override allow(order: OrderModel) {
    return order.published !== "none";
  }
  protected get name() {
    return "removeRecords";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    for (const record of order.instructions) await real.shared.dns.setRecords(record.name, record.type, []);
    order.published = "none";
    order.publishedValues = "";
    await observe(model, real, this.toString());
  }
}

/** DCV-10: "check now". Never reports a record found that the customer did not publish right, and vice versa. */
class CheckNow extends OnOrder {
  protected get name() {
    return "checkNow";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (order.status !== Status.UnderReview) {
      await refused(
        model,
        this.toString(),
        real.client.checkDomainVerification(order.id),
        "FailedOperation.InvalidCertificateStatusCode",
      );
    } else if (order.instructions.length === 0) {
      await refused(
        model,
        this.toString(),
        real.client.checkDomainVerification(order.id),
        "FailedOperation.DcvNotReleased",
      );
    } else {
      const { VerificationResults: results } = await real.client.checkDomainVerification(order.id);
      const frequently = order.lastCheckAt !== undefined && model.now - order.lastCheckAt < 10_000;
      const right = order.published === "right" && order.publishedValues === valuesKey(order.instructions);
      for (const result of results) {
        if (result.Frequently !== frequently) {
          violated(model, "DCV-10", `check of #${order.slot}: Frequently ${result.Frequently}, expected ${frequently}`);
        }
        if (!frequently && right !== (result.LocalCheck === 1)) {
          violated(
            model,
            "DCV-10",
            `check of #${order.slot} (${result.Domain}): LocalCheck ${result.LocalCheck} (${result.LocalCheckFailReason}), but the records are ${order.published}${order.published === "right" && !right ? " (values since renewed)" : ""}`,
          );
        }
      }
      if (!frequently) order.lastCheckAt = model.now;
    }
    await observe(model, real, this.toString());
  }
}

/** PAID-7: cancel before issuance (5 ends at once; 0 goes through the CA); anything else is refused. */
class Cancel extends OnOrder {
  protected get name() {
    return "cancel";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (order.status === Status.InformationToSubmit || order.status === Status.UnderReview) {
      order.cancelled = true;
      const answer = (await real.client.cancel(order.id)) as { Status: number };
      if (answer.Status !== Status.Cancelled) {
        violated(model, "PAID-7", `cancel of #${order.slot} answered ${answer.Status}`);
      }
      await observe(model, real, this.toString());
    } else {
      await refused(
        model,
        this.toString(),
        real.client.cancel(order.id),
        "FailedOperation.InvalidCertificateStatusCode",
      );
      await observe(model, real, `${this.toString()} (refused)`);
    }
  }
}

/** PAID-7: revoke an issued certificate (its quota use ends, FREE-6); anything else is refused. */
class Revoke extends OnOrder {
  protected override prefer(order: OrderModel) {
    return order.status === Status.Issued;
  }
  protected get name() {
    return "revoke";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (order.status === Status.Issued) {
      order.revoked = true;
      const answer = (await real.client.revoke(order.id, "key compromise")) as { Status: number };
      if (answer.Status !== Status.Revoked) {
        violated(model, "PAID-7", `revoke of #${order.slot} answered ${answer.Status}`);
      }
      await observe(model, real, this.toString());
    } else {
      await refused(
        model,
        this.toString(),
        real.client.revoke(order.id, "key compromise"),
        "FailedOperation.InvalidCertificateStatusCode",
      );
      await observe(model, real, `${this.toString()} (refused)`);
    }
  }
}

/** The customer's list (DescribeCertificates) agrees with each certificate's detail. */
class ReadStatus implements Command {
  check(model: Readonly<Model>) {
    return model.orders.length > 0;
  }
  async run(model: Model, real: Real) {
    noteCaOpportunity(model);
    await observe(model, real, this.toString());
    const list = await real.client.describeCertificates({ Limit: 100 });
    if (list.TotalCount !== model.orders.length) {
      violated(
        model,
        "PAID-4",
        `the account lists ${list.TotalCount} certificates, the model has ${model.orders.length}`,
      );
    }
    for (const order of model.orders) {
      const listed = list.Certificates.find((c) => c.CertificateId === order.id);
      if (listed?.Status !== order.status) {
        violated(model, "PAID-4", `#${order.slot} is ${order.status} in its detail, ${listed?.Status} in the list`);
      }
    }
  }
  toString() {
    return "readStatus";
  }
}

// ── the organisation's phone and the CA's operator ───────────────────────────────────────────────────────────

/** OV-3: how the organisation's registered phone answers the CA's verification calls from now on. */
class SetPhone implements Command {
  constructor(readonly policy: PhonePolicy) {}
  check(model: Readonly<Model>) {
    return model.orders.length > 0;
  }
  async run(model: Model, real: Real) {
    await real.shared.organisations.answerCalls(real.organisation.phone, this.policy);
    model.phone = this.policy;
    model.trace.push(this.toString());
  }
  toString() {
    return `phone(${this.policy})`;
  }
}

function operatorOf(real: Real, order: OrderModel) {
  return order.kind === "free" ? real.shared.operators.trustasia : real.shared.operators.wotrus;
}

async function caOrderOf(real: Real, order: OrderModel): Promise<OperatorOrder | undefined> {
  return order.caOrderId ? operatorOf(real, order).order(order.caOrderId) : undefined;
}

/** The CA's staff approve: pass the pre-review or the manual review at work, or issue a reviewed order now. */
class OperatorApprove extends OnOrder {
  protected override prefer(order: OrderModel) {
    return order.status === Status.UnderReview;
  }
  protected get name() {
    return "operatorApprove";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (!order.caOrderId) {
      await observe(model, real, `${this.toString()}: not at a CA`);
      return;
    }
    let outcome = "refused";
    try {
      const after = await operatorOf(real, order).approve(order.caOrderId);
      const manual = after.review?.stages.find((s) => s.name === "manual-review");
      if (manual?.passed_by === "operator") order.operatorPassedReview = true;
      outcome = `${after.status}/${after.stage}`;
    } catch (error) {
      if (!(error instanceof PlatformError) || error.status !== 409) throw error;
    }
    await observe(model, real, `${this.toString()} → ${outcome}`);
  }
}

/** The CA's staff reject an order: an open one fails (2) and the platform follows; a closed one is refused. */
class OperatorReject extends OnOrder {
  protected get name() {
    return "operatorReject";
  }
  protected async act(model: Model, real: Real, order: OrderModel) {
    noteCaOpportunity(model);
    if (!order.caOrderId) {
      await observe(model, real, `${this.toString()}: not at a CA`);
      return;
    }
    const open = order.status === Status.UnderReview;
    let accepted = false;
    try {
      await operatorOf(real, order).reject(order.caOrderId, "the model's operator says no");
      accepted = true;
      order.rejected = true;
    } catch (error) {
      if (!(error instanceof PlatformError) || error.status !== 409) throw error;
    }
    if (accepted !== open) {
      violated(
        model,
        "PAID-4",
        `the CA ${accepted ? "rejected" : "refused to reject"} #${order.slot}, which the platform shows in ${order.status}`,
      );
    }
    await observe(model, real, `${this.toString()}${accepted ? "" : " (refused)"}`);
    if (accepted && order.status !== Status.ReviewFailed) {
      violated(model, "PAID-4", `#${order.slot} rejected by the CA, the platform shows ${order.status}`);
    }
  }
}

// ── the clock ────────────────────────────────────────────────────────────────────────────────────────────────

class Advance implements Command {
  constructor(readonly ms: number) {}
  check(model: Readonly<Model>) {
    return model.orders.length > 0;
  }
  async run(model: Model, real: Real) {
    noteCaOpportunity(model);
    await real.shared.clock.advance(this.ms);
    await observe(model, real, this.toString());
  }
  toString() {
    const d = Math.floor(this.ms / DAY);
    const h = Math.floor((this.ms % DAY) / HOUR);
    const m = Math.round((this.ms % HOUR) / MINUTE);
    return `advance(${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m || (!d && !h) ? `${m}m` : ""})`;
  }
}

class RunNext implements Command {
  check(model: Readonly<Model>) {
    return model.orders.length > 0;
  }
  async run(model: Model, real: Real) {
    noteCaOpportunity(model);
    await real.shared.clock.runNext();
    await observe(model, real, this.toString());
  }
  toString() {
    return "runNextEvent";
  }
}

/** Consistency with the CA at the end of a run: the platform shows what the CA's order says (after a read). */
export async function checkAgainstCa(model: Model, real: Real): Promise<void> {
  for (const order of model.orders) {
    const atCa = await caOrderOf(real, order);
    if (!atCa) continue;
    const expected = caStatusFor(order.status);
    if (!expected.includes(atCa.status)) {
      violated(model, "PAID-4", `#${order.slot} is ${order.status} at the platform, ${atCa.status} at the CA`);
    }
  }
}

function caStatusFor(status: number): string[] {
  switch (status) {
    case Status.UnderReview:
      return ["pending_dcv", "reviewing"];
    case Status.Issued:
    case Status.Expired:
      return ["issued"];
    case Status.ReviewFailed:
      return ["failed"];
    case Status.Cancelled:
      return ["cancelled"];
    case Status.Revoked:
      return ["revoked"];
    default:
      return [];
  }
}

// ── arbitraries ──────────────────────────────────────────────────────────────────────────────────────────────

const slot = fc.nat({ max: 5 });
/** Minutes to 8 days, log-uniform: most steps are short, some cross DCV-2's 7 days or a review's business days. */
const duration = fc
  .integer({ min: 0, max: 1000 })
  .map((u) => Math.round(MINUTE * Math.exp((u / 1000) * Math.log((8 * DAY) / MINUTE))));
const paidType = fc.constantFrom<"DV" | "OV">("DV", "OV");
const often = fc.constantFrom(true, true, true, false);

/**
 * Every command, weighted by repetition (fc.commands picks uniformly among its arbitraries): orders are made
 * often enough that most runs have some, records are published more often than mistyped or removed, and the
 * clock moves often enough for the CAs' reviews to finish.
 */
export const allCommands: fc.Arbitrary<Command>[] = [
  fc.constant(new ApplyFree()),
  fc
    .record({ type: paidType, commit: often, registryMatches: often })
    .map(({ type, commit, registryMatches }) => new BuyPaid(type, commit, registryMatches)),
  slot.map((s) => new Commit(s)),
  slot.map((s) => new PublishRecords(s, true)),
  slot.map((s) => new PublishRecords(s, true)),
  slot.map((s) => new PublishRecords(s, true)),
  slot.map((s) => new PublishRecords(s, true)),
  slot.map((s) => new PublishRecords(s, false)),
  slot.map((s) => new RemoveRecords(s)),
  slot.map((s) => new RemoveRecords(s)),
  slot.map((s) => new CheckNow(s)),
  slot.map((s) => new CheckNow(s)),
  slot.map((s) => new Cancel(s)),
  slot.map((s) => new Revoke(s)),
  fc.constant(new ReadStatus()),
  fc.constantFrom<PhonePolicy>("confirm", "decline", "no-answer", "manual").map((p) => new SetPhone(p)),
  fc.constant(new SetPhone("confirm")),
  slot.map((s) => new OperatorApprove(s)),
  slot.map((s) => new OperatorApprove(s)),
  slot.map((s) => new OperatorReject(s)),
  duration.map((ms) => new Advance(ms)),
  duration.map((ms) => new Advance(ms)),
  duration.map((ms) => new Advance(ms)),
  fc.integer({ min: 1, max: 8 }).map((days) => new Advance(days * DAY)),
  fc.integer({ min: 1, max: 8 }).map((days) => new Advance(days * DAY)),
  fc.constant(new RunNext()),
];

/** Every run begins with an order, so no command of the sequence is spent on an empty world. */
export const opening: fc.Arbitrary<Command> = fc.oneof(
  fc.constant(new ApplyFree()),
  paidType.map((type) => new BuyPaid(type, true, true)),
);

/** How the organisation's phone answers at the start of a run (OV-3); SetPhone changes it during the run. */
export const initialPhone = fc.constantFrom<PhonePolicy>("confirm", "confirm", "decline", "no-answer", "manual");
