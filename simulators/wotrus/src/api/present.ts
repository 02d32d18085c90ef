import {
  type CertificateRecord,
  type CheckSummary,
  checkResult,
  type DcvRecord,
  dcvReleased,
  describeReview,
  gmt8OrNull,
  type Order,
  type Organization,
  type ProductRule,
  presentPerson,
  productDcvMethods,
} from "@certsim/ca-kit";
import { DOMAIN_TYPES, FAILURE_CODES, PROGRESS_KEYS, PROGRESS_STATES, wotrusDcvMethod, wotrusStatus } from "./words";

// The JSON WoTrus answers with: camelCase, its own statuses and codes, times ISO-8601 in GMT+8 (TIME-1).

const time = gmt8OrNull;

export function presentProduct(product: ProductRule) {
  return {
    productCode: product.code,
    productName: product.title,
    validationType: product.validation,
    domainTypes: product.domainTypes.map((type) => DOMAIN_TYPES[type]),
    maxDomains: product.maxNames,
    periods: product.years,
    dcvMethods: productDcvMethods(product, wotrusDcvMethod),
    validityDays: product.validityDays,
  };
}

/** One DCV instruction: a CNAME (`dnsHost` → `dnsValue`) or a file (`fileUrl`s holding `fileContent`). */
export function presentDcv(record: DcvRecord) {
  const common = {
    domain: record.domain,
    dcvMethod: wotrusDcvMethod(record.method),
    verified: record.status === "passed",
    reused: record.reused,
    coveredDomains: record.proves,
    expiresAt: time(record.valueExpiresAt),
    ...(record.lastCheck ? { lastCheck: presentCheck(record.lastCheck) } : {}),
  };
  if (record.recordType === "FILE") {
    return {
      ...common,
      fileName: record.path?.split("/").pop() ?? "",
      filePath: record.path ?? "",
      fileUrls: record.urls,
      fileContent: record.value,
    };
  }
  return { ...common, dnsType: record.recordType, dnsHost: record.host, dnsValue: record.value };
}

export function presentCheck(check: CheckSummary) {
  return {
    result: checkResult(check),
    seen: check.seen,
    localCheck: check.localCheck,
    message: check.reason,
    checkedAt: time(check.at),
  };
}

const organization = (org: Organization) => ({
  name: org.name,
  registrationNumber: org.registrationNumber,
  address: org.address,
  city: org.city ?? null,
  country: org.country ?? "CN",
  phone: org.phone,
});

export function presentOrder(order: Order, certificate?: CertificateRecord, validation?: string) {
  const review = describeReview(order);
  return {
    orderNo: order.id,
    resellerOrderNo: order.partnerOrderId,
    productCode: order.productCode,
    validationType: validation ?? null,
    period: order.years,
    domains: order.domains,
    certDomains: order.names,
    dcvMethod: wotrusDcvMethod(order.dcvMethod),
    status: wotrusStatus(order),
    progress: Object.fromEntries(
      review.stages.map((stage) => [PROGRESS_KEYS[stage.name], PROGRESS_STATES[stage.state]]),
    ),
    dcvReleased: dcvReleased(order),
    dcvDeadline: dcvReleased(order) ? time(order.dcvDeadlineAt) : null,
    dcvList: order.dcv.map(presentDcv),
    failReason: order.failure ? { code: FAILURE_CODES[order.failure.code], message: order.failure.reason } : null,
    organization: order.organization ? organization(order.organization) : null,
    applicant: order.applicant ? presentPerson(order.applicant) : null,
    administrator: order.administrator ? presentPerson(order.administrator) : null,
    certificate: certificate
      ? {
          serialNumber: certificate.serial,
          notBefore: time(certificate.notBefore),
          notAfter: time(certificate.notAfter),
          revokedAt: time(certificate.revokedAt),
        }
      : null,
    createdAt: time(order.createdAt),
    updatedAt: time(order.updatedAt),
  };
}

/** What a status callback carries. */
export const callbackBody = (order: Order) => ({
  orderNo: order.id,
  resellerOrderNo: order.partnerOrderId,
  status: wotrusStatus(order),
  updatedAt: time(order.updatedAt),
});
