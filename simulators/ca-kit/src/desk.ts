import { randomBytes } from "node:crypto";
import { classifyName, coveredNames, NameError, normaliseName, primaryDomain } from "@certsim/names";
import { CsrError, type ParsedCsr, parseCsr } from "@certsim/pki";
import type { CaContext } from "./context";
import { CaError, invalid, orderNotFound } from "./core/errors";
import { checkLetter } from "./core/letter";
import type { ProductRule } from "./core/products";
import { assertProductFits } from "./core/products";
import { nextDcvCheck } from "./core/timings";
import {
  type Contact,
  type DcvMethod,
  type LetterState,
  type Order,
  type Organization,
  proofKindOf,
  type Reseller,
} from "./core/types";
import { gated } from "./review/gates";
import type { ReviewPipeline } from "./review/pipeline";
import { positionOf, stageView } from "./review/position";
import { assertMethodFitsNames, buildOrderDcv } from "./va/dcv-records";
import { reuseBookOf } from "./va/reuse-book";

export interface PlaceOrderInput {
  productCode: string;
  years?: number;
  csr: string;
  domains: string[];
  dcvMethod: DcvMethod;
  partnerOrderId: string;
  callbackUrl?: string;
  /** OV/EV: required. */
  organization?: Organization;
  /** OV/EV: required. */
  applicant?: Contact;
  administrator?: Contact;
  /** DV only: the applicant's company, under which a brand may keep validations (DCV-8). */
  companyName?: string;
  /** OV-2: the organisation and administrator come from a profile the reseller reviewed (kept with the order). */
  reviewedProfile?: boolean;
}

/**
 * The CA's front desk: what resellers and operators may do with orders, checked and stored; the pipeline takes
 * it from there. Brand-neutral: a brand's reseller face translates its dialect into these calls.
 */
export class OrderDesk {
  constructor(
    private readonly ctx: CaContext,
    private readonly pipeline: ReviewPipeline,
  ) {}

  // ── resellers ────────────────────────────────────────────────────────────────────────────────────────────

  /** A new reseller and its API key (shown once; only its hash is stored). */
  createReseller(name: string): { reseller: Reseller; apiKey: string } {
    const { store, clock, brand } = this.ctx;
    const apiKey = `${brand.id}_${randomBytes(24).toString("base64url")}`;
    const reseller = store.transaction(() => {
      const created: Reseller = {
        id: `R${String(store.nextNumber("reseller")).padStart(5, "0")}`,
        name,
        createdAt: clock.nowMs(),
      };
      store.addReseller(created, apiKey);
      return created;
    });
    return { reseller, apiKey };
  }

  authenticate(apiKey: string | undefined): Reseller {
    const reseller = apiKey ? this.ctx.store.resellerByKey(apiKey) : undefined;
    if (!reseller) throw new CaError(401, "Unauthorized", "a valid API key is required");
    return reseller;
  }

  // ── orders ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Checks and stores a new order. The same partner order id again returns the stored order (`created: false`),
   * so a reseller may retry after a timeout; with different content it is refused.
   */
  async placeOrder(reseller: Reseller, input: PlaceOrderInput): Promise<{ order: Order; created: boolean }> {
    const { store, clock, brand, timings } = this.ctx;
    const existing = store.orderByPartnerId(reseller.id, input.partnerOrderId);
    if (existing) return { order: this.sameRequest(existing, input), created: false };

    const product = this.ctx.product(input.productCode);
    if (!product) {
      throw invalid(
        "InvalidProduct",
        "product_code",
        `${brand.displayName} sells no product ${JSON.stringify(input.productCode)}`,
      );
    }
    const years = input.years ?? product.years[0]!;
    const names = this.normaliseDomains(input.domains);
    const kinds = names.map((name) => classifyName(name).kind);
    assertProductFits(product, { names, kinds, years, dcvMethod: input.dcvMethod });
    const kind = proofKindOf(input.dcvMethod);
    assertMethodFitsNames(kind, names);
    const csr = readCsr(input.csr, product.standard);

    // Bound names: a name already covered by an earlier one's DOM-2 pair needs no record of its own.
    const bound: string[] = [];
    const certificateNames: string[] = [];
    for (const name of names) {
      if (certificateNames.includes(name)) continue;
      bound.push(name);
      for (const covered of coveredNames(name)) if (!certificateNames.includes(covered)) certificateNames.push(covered);
    }
    const primary = primaryOf(bound[0]!);

    const parties = this.parties(product, input);
    const flow = this.ctx.flowFor(product);
    const letterPolicy = brand.confirmationLetter;
    const letter: LetterState | undefined =
      letterPolicy?.required(product, { reviewedProfile: input.reviewedProfile === true }) &&
      flow.some((step) => step.includes(letterPolicy.before))
        ? { before: letterPolicy.before, uploads: [] }
        : undefined;
    // The DCV instructions go out now, unless the flow begins with a pre-review (WT-2) or a letter gates DCV (SM-1).
    const releaseNow = flow[0]!.includes("dcv") && letter?.before !== "dcv";
    const book = reuseBookOf(this.ctx, { resellerId: reseller.id, productCode: product.code, ...parties });

    const placed = store.transaction((): { order: Order; created: boolean } => {
      const again = store.orderByPartnerId(reseller.id, input.partnerOrderId);
      if (again) return { order: again, created: false };
      const now = clock.nowMs();
      for (const rule of brand.admissionRules ?? []) {
        rule({ store, resellerId: reseller.id, product, domains: bound, primaryDomain: primary, now });
      }
      const id = `${brand.orderIdPrefix}${String(store.nextNumber("order")).padStart(8, "0")}`;
      const dcv = releaseNow
        ? buildOrderDcv(this.ctx, { id, resellerId: reseller.id, domains: bound, kind, csrDer: csr.der, book }, now)
        : [];
      const created: Order = {
        id,
        resellerId: reseller.id,
        partnerOrderId: input.partnerOrderId,
        productCode: product.code,
        years,
        domains: bound,
        names: certificateNames,
        dcvMethod: input.dcvMethod,
        csrPem: csr.pem,
        ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}),
        free: product.free,
        primaryDomain: primary,
        status: "pending_dcv",
        stage: "PENDING-DCV",
        createdAt: now,
        updatedAt: now,
        // Until the instructions are released these hold the placing instant; release sets them (DCV-2).
        dcvStartedAt: now,
        dcvDeadlineAt: now + timings.dcvDeadline,
        ...(releaseNow ? { nextCheckAt: nextDcvCheck(now, now, timings) } : {}),
        manualHold: false,
        reviewRound: 0,
        dcv,
        ...parties,
        review: { flow, ...(letter ? { letter } : {}), ...(input.reviewedProfile ? { reviewedProfile: true } : {}) },
      };
      Object.assign(created, positionOf(created));
      created.review.reportedStatus = this.ctx.notifier.statusOf(created);
      store.insertOrder(created);
      store.appendLog(id, { at: now, status: created.status, stage: created.stage, detail: "order placed" });
      return { order: created, created: true };
    });
    if (!placed.created) return { order: this.sameRequest(placed.order, input), created: false };
    return { order: await this.pipeline.placed(placed.order), created: true };
  }

  /** A reseller's own order; another reseller's is "not found" (isolation). */
  orderFor(reseller: Reseller, id: string): Order {
    const order = this.ctx.store.getOrder(id);
    if (!order || order.resellerId !== reseller.id) throw orderNotFound(id);
    return order;
  }

  order(id: string): Order {
    const order = this.ctx.store.getOrder(id);
    if (!order) throw orderNotFound(id);
    return order;
  }

  checkDcv(reseller: Reseller, id: string) {
    this.orderFor(reseller, id);
    return this.pipeline.checkNow(id);
  }

  cancel(reseller: Reseller, id: string): Promise<Order> {
    this.orderFor(reseller, id);
    return this.pipeline.cancel(id);
  }

  revoke(reseller: Reseller, id: string, reason: string): Promise<Order> {
    this.orderFor(reseller, id);
    return this.pipeline.revoke(id, reason, "the reseller");
  }

  /**
   * The confirmation letter (SM-1, OV-1): judged by its content against the brand's policy (type, size), then kept;
   * the stage it gated may begin. A second letter is refused when the brand allows only one (SM-2).
   */
  uploadLetter(reseller: Reseller, id: string, letter: { content: Uint8Array; fileName?: string }): Promise<Order> {
    const order = this.orderFor(reseller, id);
    const policy = this.ctx.brand.confirmationLetter;
    if (!policy || !order.review.letter) {
      throw new CaError(409, "LetterNotRequired", `order ${id} needs no confirmation letter`, { field: "letter" });
    }
    const type = checkLetter(policy, letter.content);
    return this.pipeline.letterReceived(id, { type, ...letter });
  }

  /** The documents requested by mail are in (GS-1), as the CA's staff say. */
  documentsReceived(id: string): Promise<Order> {
    this.order(id);
    return this.pipeline.documentsReceived(id);
  }

  /** A confirmation letter as it was uploaded (for the CA's staff). */
  letterOf(id: string, seq: number): { type: string; content: Uint8Array } {
    this.order(id);
    const letter = this.ctx.store.letterContent(id, seq);
    if (!letter) throw new CaError(404, "LetterNotFound", `order ${id} has no confirmation letter number ${seq}`);
    return letter;
  }

  certificateOf(reseller: Reseller, id: string) {
    const order = this.orderFor(reseller, id);
    const certificate = order.serial ? this.ctx.store.getCertificate(order.serial) : undefined;
    if (!certificate) {
      throw new CaError(409, "InvalidOrderState", `order ${id} is ${order.status}: no certificate has been issued`);
    }
    return certificate;
  }

  // ── operator ─────────────────────────────────────────────────────────────────────────────────────────────

  approve(id: string): Promise<Order> {
    this.order(id);
    return this.pipeline.approve(id);
  }

  /** The manual review (OV-3/4/5): pass it, fail it, or call the registered phone again now. */
  manualReview(
    id: string,
    action: { kind: "approve" } | { kind: "reject"; reason: string } | { kind: "call" },
  ): Promise<Order> {
    this.order(id);
    return this.pipeline.manualReview(id, action);
  }

  /** Orders whose manual review is at work: the reviewers' queue. */
  manualReviewQueue(): Order[] {
    return this.ctx.store
      .listOrders({ status: "pending_dcv" })
      .concat(this.ctx.store.listOrders({ status: "reviewing" }))
      .filter((order) => stageView(order, "manual-review") === "active" && !gated(order, "manual-review"))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  revokeAsOperator(id: string, reason: string): Promise<Order> {
    this.order(id);
    return this.pipeline.revoke(id, reason, "the operator");
  }

  reject(id: string, reason: string): Promise<Order> {
    this.order(id);
    return this.pipeline.reject(id, reason);
  }

  certificateStatus(serial: string) {
    const certificate = this.ctx.store.getCertificate(serial);
    if (!certificate)
      throw new CaError(404, "CertificateNotFound", `no certificate with serial ${JSON.stringify(serial)}`);
    const status: "valid" | "revoked" | "expired" =
      certificate.revokedAt !== undefined
        ? "revoked"
        : certificate.notAfter <= this.ctx.clock.nowMs()
          ? "expired"
          : "valid";
    return { certificate, status };
  }

  /** Free certificates holding a slot on a primary domain (FREE-3's count). */
  freeCertificatesOn(domain: string): { primaryDomain: string; count: number } {
    const primary = primaryOf(this.normaliseDomains([domain], "domain")[0]!, "domain");
    return { primaryDomain: primary, count: this.ctx.store.countActiveFreeOrders(primary, this.ctx.clock.nowMs()) };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────

  /** OV/EV orders name the organisation and an applicant (the administrator is optional); DV orders name none. */
  private parties(
    product: ProductRule,
    input: PlaceOrderInput,
  ): Pick<Order, "organization" | "applicant" | "administrator" | "companyName"> {
    if (product.validation === "DV") {
      for (const field of ["organization", "applicant", "administrator"] as const) {
        if (input[field] !== undefined) {
          throw invalid("InvalidParameter", field, `${product.code} is a DV product: it carries no ${field}`);
        }
      }
      if (input.companyName === undefined) return {};
      const companyName = input.companyName.trim();
      if (!companyName) throw invalid("InvalidParameter", "companyName", "companyName is empty");
      return { companyName };
    }
    if (input.companyName !== undefined) {
      throw invalid(
        "InvalidParameter",
        "companyName",
        `${product.code} is ${product.validation}: the organisation's name is its company name`,
      );
    }
    if (!input.organization) {
      throw new CaError(
        400,
        "MissingParameter",
        `${product.code} is ${product.validation}: the organisation is required`,
        {
          field: "organization",
        },
      );
    }
    if (!input.applicant) {
      throw new CaError(
        400,
        "MissingParameter",
        `${product.code} is ${product.validation}: the applicant is required`,
        {
          field: "applicant",
        },
      );
    }
    return {
      organization: cleanOrganization(input.organization),
      applicant: cleanContact(input.applicant, "applicant"),
      ...(input.administrator ? { administrator: cleanContact(input.administrator, "administrator") } : {}),
    };
  }

  private normaliseDomains(inputs: readonly string[], field = "domains"): string[] {
    const names: string[] = [];
    inputs.forEach((input, index) => {
      const where = field === "domains" ? `domains[${index}]` : field;
      try {
        const name = normaliseName(input);
        // Every name needs a primary domain (DOM-5): a public suffix alone cannot be certified.
        if (classifyName(name).kind !== "ip") primaryDomain(name.startsWith("*.") ? name.slice(2) : name);
        if (!names.includes(name)) names.push(name);
      } catch (error) {
        if (error instanceof NameError) throw invalid("InvalidDomain", where, error.message, error.rule);
        throw error;
      }
    });
    return names;
  }

  /** A retried request with the same partner order id must ask for the same thing. */
  private sameRequest(order: Order, input: PlaceOrderInput): Order {
    if (order.productCode !== input.productCode || order.dcvMethod !== input.dcvMethod) {
      throw new CaError(
        409,
        "DuplicateOrder",
        `partner_order_id ${JSON.stringify(input.partnerOrderId)} already names order ${order.id} with other content`,
        { field: "partner_order_id" },
      );
    }
    return order;
  }
}

function readCsr(input: string, standard: "international" | "gm"): ParsedCsr {
  let csr: ParsedCsr;
  try {
    csr = parseCsr(input);
  } catch (error) {
    if (error instanceof CsrError) throw invalid("InvalidCsr", "csr", error.message, error.rule);
    throw invalid("InvalidCsr", "csr", "the CSR could not be read", "CSR-4");
  }
  if ((csr.key.algorithm === "SM2") !== (standard === "gm")) {
    throw invalid("InvalidCsr", "csr", `a ${csr.key.algorithm} key does not fit this ${standard} product`, "CSR-4");
  }
  return csr;
}

function primaryOf(name: string, field = "domains"): string {
  if (classifyName(name).kind === "ip") return name;
  try {
    return primaryDomain(name.startsWith("*.") ? name.slice(2) : name);
  } catch (error) {
    if (error instanceof NameError) throw invalid("InvalidDomain", field, error.message, error.rule);
    throw error;
  }
}

const COUNTRY = /^[A-Z]{2}$/;

/** Trims an organisation and refuses blank fields, naming them (`organization.address`). */
function cleanOrganization(input: Organization): Organization {
  const text = (field: keyof Organization, value: string | undefined, required: boolean) => {
    const trimmed = value?.trim() ?? "";
    if (required && !trimmed)
      throw invalid("InvalidParameter", `organization.${field}`, `organization.${field} is empty`);
    return trimmed;
  };
  const country = text("country", input.country, false).toUpperCase();
  if (country && !COUNTRY.test(country)) {
    throw invalid("InvalidParameter", "organization.country", "organization.country is an ISO 3166 alpha-2 code");
  }
  const city = text("city", input.city, false);
  return {
    name: text("name", input.name, true),
    registrationNumber: text("registrationNumber", input.registrationNumber, true),
    address: text("address", input.address, true),
    ...(city ? { city } : {}),
    ...(country ? { country } : {}),
    phone: text("phone", input.phone, true),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function cleanContact(input: Contact, role: "applicant" | "administrator"): Contact {
  const text = (field: keyof Contact, value: string | undefined, required: boolean) => {
    const trimmed = value?.trim() ?? "";
    if (required && !trimmed) throw invalid("InvalidParameter", `${role}.${field}`, `${role}.${field} is empty`);
    return trimmed;
  };
  const email = text("email", input.email, true);
  if (!EMAIL.test(email)) throw invalid("InvalidParameter", `${role}.email`, `${role}.email is not an e-mail address`);
  const position = text("position", input.position, false);
  return {
    name: text("name", input.name, true),
    ...(position ? { position } : {}),
    phone: text("phone", input.phone, true),
    email,
  };
}
