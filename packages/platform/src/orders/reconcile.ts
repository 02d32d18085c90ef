// From what the CA says about an order to the platform's status (PAID-4). Pure: the orders service applies the
// result through the store's compare-and-set.
import type { CaOrder } from "../adapters/ca";
import type { CertificateRecord } from "../store/types";
import { Status, type StatusPoint, SUB_STATUSES, type SubStatus } from "./status";

const STAGE_WORDS: [RegExp, SubStatus][] = [
  [/wait.?issu|issuing/i, "WAIT-ISSUE"],
  [/legal/i, "LEGAL-REVIEWING"],
  [/pre.?review/i, "PRE-REVIEWING"],
  [/dcv|validat/i, "PENDING-DCV"],
];

/** The vendor sub-status for a CA stage text; CA-REVIEWING when the text says nothing more specific. */
export function subStatusFromStage(stage: string | null): SubStatus {
  const exact = SUB_STATUSES.find((sub) => sub === stage?.trim().toUpperCase());
  if (exact) return exact;
  if (stage) for (const [pattern, sub] of STAGE_WORDS) if (pattern.test(stage)) return sub;
  return "CA-REVIEWING";
}

/** Where the certificate should be, given the CA's order and the time now. */
export function targetFor(cert: CertificateRecord, order: CaOrder, now: Date): StatusPoint {
  switch (order.state) {
    case "pending_dcv":
      return {
        status: cert.dvAuthMethod === "DNS_AUTO" ? Status.DnsRecordAdded : Status.UnderReview,
        subStatus: "PENDING-DCV",
      };
    case "reviewing":
      return { status: Status.UnderReview, subStatus: subStatusFromStage(order.stage) };
    case "issued": {
      const end = order.certificate?.notAfter ?? cert.notAfter;
      return { status: end && end.getTime() <= now.getTime() ? Status.Expired : Status.Issued, subStatus: null };
    }
    case "failed":
      return { status: Status.ReviewFailed, subStatus: null };
    case "cancelled":
      return { status: Status.Cancelled, subStatus: null };
    case "revoked":
      return { status: Status.Revoked, subStatus: null };
  }
}

/** Why an order failed, in words for the customer. */
export function failureText(order: CaOrder): string {
  if (!order.failure) return "the CA did not approve the application";
  const what: Record<string, string> = {
    DcvTimeout: "domain validation was not completed within 7 days",
    CaaForbidden: "the domain's CAA records do not allow this CA",
    SecurityReview: "the domain did not pass the CA's security review",
    Rejected: "the CA rejected the application",
  };
  const head = what[order.failure.code] ?? order.failure.code;
  return order.failure.reason ? `${head}: ${order.failure.reason}` : head;
}
