// From what the CA says about an order to the platform's status (PAID-4). Pure: the orders service applies the
// result through the store's compare-and-set.
import type { CaOrder } from "../adapters/ca";
import type { CertificateRecord } from "../store/types";
import { Status, type StatusPoint } from "./status";

/** Where the certificate should be, given the CA's order and the time now. */
export function targetFor(cert: CertificateRecord, order: CaOrder, now: Date): StatusPoint {
  switch (order.state) {
    case "letter_pending":
      return { status: Status.ConfirmationLetterToUpload, subStatus: null };
    case "pending_dcv":
      return {
        status: cert.dvAuthMethod === "DNS_AUTO" ? Status.DnsRecordAdded : Status.UnderReview,
        subStatus: "PENDING-DCV",
      };
    case "reviewing":
      return { status: Status.UnderReview, subStatus: order.progress ?? "CA-REVIEWING" };
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
  return order.failure?.reason ?? "the CA did not approve the application";
}
