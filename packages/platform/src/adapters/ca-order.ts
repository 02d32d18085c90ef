// The parts of a CA's order every brand reports alike, once it has been read in the brand's own field names:
// its state (a table from the brand's status words), why it failed, and the certificate's dates.
import type { SubStatus } from "../orders/status";
import type { DcvInstruction } from "../store/types";
import type { CaOrder, CaOrderState } from "./ca";

/** PAID-4: a brand's status in the platform's words, with the vendor's sub-status. */
export type StateTable<Status extends string> = Record<Status, { state: CaOrderState; progress: SubStatus | null }>;

/**
 * A failure in words for the customer: the brand's explanation of its code (or "<brand> refused (code)"), then the
 * brand's own message (the field, the call) when it sent one.
 */
export function describeFailure(
  brand: string,
  explanations: Record<string, string>,
  failure: { code: string; message?: string | null | undefined } | null | undefined,
): CaOrder["failure"] {
  if (!failure) return null;
  // Own keys only: a code such as "constructor" must not pick up a built-in of Object.prototype.
  const head = Object.hasOwn(explanations, failure.code)
    ? explanations[failure.code]!
    : `${brand} refused (${failure.code})`;
  return { code: failure.code, reason: failure.message ? `${head}: ${failure.message}` : head };
}

/** An order as a brand reports it, its times still the ISO strings of the wire. */
export interface ReportedOrder {
  orderId: string;
  partnerOrderId: string | null | undefined;
  state: CaOrderState;
  progress: SubStatus | null;
  failure: CaOrder["failure"];
  dcv: DcvInstruction[];
  dcvExpiresAt: string | null | undefined;
  certificate: { serial: string; notBefore: string; notAfter: string } | null | undefined;
}

export function caOrder(reported: ReportedOrder): CaOrder {
  const { certificate } = reported;
  return {
    orderId: reported.orderId,
    partnerOrderId: reported.partnerOrderId ?? null,
    state: reported.state,
    progress: reported.progress,
    failure: reported.failure,
    dcv: reported.dcv,
    dcvExpiresAt: reported.dcvExpiresAt ? new Date(reported.dcvExpiresAt) : null,
    certificate: certificate
      ? {
          serial: certificate.serial,
          notBefore: new Date(certificate.notBefore),
          notAfter: new Date(certificate.notAfter),
        }
      : null,
  };
}
