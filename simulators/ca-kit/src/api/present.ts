import { formatGmt8 } from "@certsim/clock";
import type { DocumentsState } from "../core/documents";
import { DV_FLOW, resolveFlow, sameFlow } from "../core/flow";
import type { ProductRule } from "../core/products";
import { dcvMethodsFor } from "../core/products";
import type {
  CertificateRecord,
  CheckSummary,
  Contact,
  DcvRecord,
  Order,
  OrderLogEntry,
  Organization,
} from "../core/types";
import { dcvReleased } from "../review/position";
import { describeReview } from "../review/view";

// The JSON shapes both faces answer with: snake_case, times ISO-8601 in GMT+8 with the offset (TIME-1).

const time = (ms: number | undefined) => (ms === undefined ? undefined : formatGmt8(ms));

export function presentCheck(check: CheckSummary) {
  return {
    status: check.status === "error" ? ("missing" as const) : check.status,
    seen: check.seen,
    local_check: check.localCheck,
    reason: check.reason,
    checked_at: time(check.at),
    checks: check.checks.map((c) => ({
      name: c.name,
      status: c.status === "error" ? "missing" : c.status,
      seen: c.seen,
      local_check: c.localCheck,
      reason: c.reason,
    })),
  };
}

export function presentDcvRecord(record: DcvRecord) {
  return {
    domain: record.domain,
    method: record.method,
    record_type: record.recordType,
    host: record.host,
    value: record.value,
    ...(record.path !== undefined ? { path: record.path } : {}),
    ...(record.urls.length > 0 ? { url: record.urls[0], urls: record.urls } : {}),
    status: record.status,
    reused: record.reused,
    proves: record.proves,
    value_expires_at: time(record.valueExpiresAt),
    ...(record.lastCheck ? { last_check: presentCheck(record.lastCheck) } : {}),
  };
}

export function presentOrder(order: Order, certificate?: CertificateRecord) {
  return {
    order_id: order.id,
    partner_order_id: order.partnerOrderId,
    product_code: order.productCode,
    years: order.years,
    domains: order.domains,
    names: order.names,
    dcv_method: order.dcvMethod,
    status: order.status,
    stage: order.stage,
    ...(order.failure ? { failure: { code: order.failure.code, reason: order.failure.reason } } : {}),
    dcv: order.dcv.map(presentDcvRecord),
    ...(dcvReleased(order) ? { dcv_expires_at: time(order.dcvDeadlineAt) } : {}),
    ...(order.dcvPassedAt !== undefined ? { dcv_passed_at: time(order.dcvPassedAt) } : {}),
    ...(certificate
      ? {
          certificate: {
            serial: certificate.serial,
            not_before: time(certificate.notBefore),
            not_after: time(certificate.notAfter),
            ...(certificate.revokedAt !== undefined ? { revoked_at: time(certificate.revokedAt) } : {}),
          },
        }
      : {}),
    ...(order.organization ? { organization: presentOrganization(order.organization) } : {}),
    ...(order.applicant ? { applicant: presentContact(order.applicant) } : {}),
    ...(order.administrator ? { administrator: presentContact(order.administrator) } : {}),
    ...(sameFlow(order.review.flow, DEFAULT_FLOW) ? {} : { review: presentReviewSummary(order) }),
    created_at: time(order.createdAt),
    updated_at: time(order.updatedAt),
  };
}

const DEFAULT_FLOW = resolveFlow(DV_FLOW);

export function presentOrganization(org: Organization) {
  return {
    name: org.name,
    registration_number: org.registrationNumber,
    address: org.address,
    ...(org.city ? { city: org.city } : {}),
    ...(org.country ? { country: org.country } : {}),
    phone: org.phone,
  };
}

export function presentContact(contact: Contact) {
  return {
    name: contact.name,
    ...(contact.position ? { position: contact.position } : {}),
    phone: contact.phone,
    email: contact.email,
  };
}

/** What a reseller sees of the review: each stage's state (the planned instants stay with the CA). */
function presentReviewSummary(order: Order) {
  const review = describeReview(order);
  return {
    flow: review.flow,
    stages: Object.fromEntries(review.stages.map((stage) => [stage.name, stage.state])),
  };
}

/** The whole review as the operator sees it: each stage with its instants, the manual review's checks and calls. */
export function presentReview(order: Order) {
  const review = describeReview(order);
  const manual = review.manual;
  return {
    flow: review.flow,
    current: review.current,
    stages: review.stages.map((stage) => ({
      name: stage.name,
      state: stage.state,
      ...(stage.startedAt !== undefined ? { started_at: time(stage.startedAt) } : {}),
      ...(stage.dueAt !== undefined ? { due_at: time(stage.dueAt) } : {}),
      ...(stage.deadlineAt !== undefined ? { deadline_at: time(stage.deadlineAt) } : {}),
      ...(stage.passedAt !== undefined ? { passed_at: time(stage.passedAt) } : {}),
      ...(stage.passedBy ? { passed_by: stage.passedBy } : {}),
    })),
    ...(manual
      ? {
          manual_review: {
            validation: manual.validation,
            business_days: manual.businessDays,
            registry: manual.registry,
            mismatches: manual.mismatches,
            phone: manual.phone,
            ...(manual.registeredPhone ? { registered_phone: manual.registeredPhone } : {}),
            calls: manual.calls.map((call) => ({
              call_id: call.id,
              to: call.to,
              placed_at: time(call.placedAt),
              state: call.state,
              checked_at: time(call.checkedAt),
            })),
            ...(manual.nextCallAt !== undefined ? { next_call_at: time(manual.nextCallAt) } : {}),
            give_up_at: time(manual.giveUpAt),
            ...(manual.noticeSentTo ? { notice_sent_to: manual.noticeSentTo } : {}),
            ...(manual.lastError ? { last_error: manual.lastError } : {}),
            ...(manual.approvedBefore
              ? { approved_before: { order_id: manual.approvedBefore.orderId, at: time(manual.approvedBefore.at) } }
              : {}),
          },
        }
      : {}),
    ...(review.letter
      ? {
          letter: {
            before: review.letter.before,
            uploads: review.letter.uploads.map((upload) => ({
              seq: upload.seq,
              at: time(upload.at),
              type: upload.type,
              bytes: upload.bytes,
              sha256: upload.sha256,
              ...(upload.fileName ? { file_name: upload.fileName } : {}),
            })),
          },
        }
      : {}),
    ...(review.documents ? { documents: presentDocuments(review.documents) } : {}),
  };
}

/** GS-1: the documents asked for by mail, the request and the answer. */
function presentDocuments(documents: DocumentsState) {
  return {
    before: documents.before,
    documents: documents.documents,
    request_at: time(documents.requestAt),
    ...(documents.requestedAt !== undefined
      ? { requested_at: time(documents.requestedAt), requested_to: documents.requestedTo }
      : {}),
    ...(documents.nextPollAt !== undefined ? { next_poll_at: time(documents.nextPollAt) } : {}),
    ...(documents.answeredAt !== undefined
      ? { answered_at: time(documents.answeredAt), answered_by: documents.answeredBy }
      : {}),
    ...(documents.answer
      ? {
          answer: {
            mail_id: documents.answer.mailId,
            from: documents.answer.from,
            subject: documents.answer.subject,
            at: time(documents.answer.at),
          },
        }
      : {}),
    ...(documents.lastError ? { last_error: documents.lastError } : {}),
  };
}

/** The operator sees a little more: the reseller, the planned instants and the log. */
export function presentOrderForOperator(order: Order, certificate?: CertificateRecord, log?: OrderLogEntry[]) {
  return {
    ...presentOrder(order, certificate),
    reseller_id: order.resellerId,
    free: order.free,
    primary_domain: order.primaryDomain,
    manual_hold: order.manualHold,
    ...(order.nextCheckAt !== undefined ? { next_check_at: time(order.nextCheckAt) } : {}),
    ...(order.reviewAt !== undefined ? { review_at: time(order.reviewAt) } : {}),
    ...(order.issueAt !== undefined ? { issue_at: time(order.issueAt) } : {}),
    review: presentReview(order),
    ...(log
      ? {
          log: log.map((entry) => ({
            at: time(entry.at),
            status: entry.status,
            stage: entry.stage,
            detail: entry.detail,
          })),
        }
      : {}),
  };
}

export function presentProduct(product: ProductRule) {
  return {
    product_code: product.code,
    title: product.title,
    validation: product.validation,
    standard: product.standard,
    free: product.free,
    domain_types: product.domainTypes,
    ip: product.ip,
    max_names: product.maxNames,
    years: product.years,
    dcv_methods: Object.fromEntries(product.years.map((years) => [String(years), dcvMethodsFor(product, years)])),
    validity_days: product.validityDays,
  };
}

export function presentCertificateStatus(certificate: CertificateRecord, status: "valid" | "revoked" | "expired") {
  return {
    serial: certificate.serial,
    status,
    order_id: certificate.orderId,
    not_before: time(certificate.notBefore),
    not_after: time(certificate.notAfter),
    ...(certificate.revokedAt !== undefined
      ? { revoked_at: time(certificate.revokedAt), revocation_reason: certificate.revocationReason }
      : {}),
  };
}
