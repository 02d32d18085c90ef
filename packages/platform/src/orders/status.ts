// PAID-4: the vendor's certificate status codes and the transitions this platform allows between them, as data.
// Every change of status or sub-status goes through `planTransition`, which refuses what the table does not list
// and says what the change does to the account's quota (FREE-6).

export const Status = {
  UnderReview: 0,
  Issued: 1,
  ReviewFailed: 2,
  Expired: 3,
  DnsRecordAdded: 4,
  InformationToSubmit: 5,
  Cancelling: 6,
  Cancelled: 7,
  ConfirmationLetterToUpload: 8,
  Revoking: 9,
  Revoked: 10,
  Reissuing: 11,
  RevocationLetterToUpload: 12,
  FreeInformationToSubmit: 13,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

export const STATUS_NAMES: Record<StatusCode, string> = {
  0: "Under review",
  1: "Issued",
  2: "Review failed",
  3: "Expired",
  4: "DNS record added automatically",
  5: "Information to submit",
  6: "Cancelling",
  7: "Cancelled",
  8: "Confirmation letter to upload",
  9: "Revoking",
  10: "Revoked",
  11: "Reissuing",
  12: "Revocation letter to upload",
  13: "Free certificate information to submit",
};

/** The vendor's sub-status text while an order is under review (`StatusMsg`). */
export const SUB_STATUSES = ["PRE-REVIEWING", "PENDING-DCV", "CA-REVIEWING", "LEGAL-REVIEWING", "WAIT-ISSUE"] as const;
export type SubStatus = (typeof SUB_STATUSES)[number];

export function isStatusCode(value: number): value is StatusCode {
  return Number.isInteger(value) && value >= 0 && value <= 13;
}

/**
 * What a status means for the free-certificate quota (FREE-6): `held` while the application is alive, `issued`
 * (held until the certificate's end time), `released` once it is cancelled, failed, expired or revoked.
 */
export const QUOTA_EFFECT: Record<StatusCode, "held" | "issued" | "released"> = {
  0: "held",
  1: "issued",
  2: "released",
  3: "released",
  4: "held",
  5: "held",
  6: "held",
  7: "released",
  8: "held",
  9: "issued",
  10: "released",
  11: "issued",
  12: "issued",
  13: "held",
};

/** Sub-statuses carried by a status; every other status has none. */
const SUB_STATUS_OF: Partial<Record<StatusCode, readonly SubStatus[]>> = {
  0: SUB_STATUSES,
  4: ["PENDING-DCV", "CA-REVIEWING", "WAIT-ISSUE"],
};

/**
 * Allowed status changes, `from → [to…]`. A change of sub-status within one status is always allowed when the
 * status carries that sub-status. Statuses not listed (2, 3, 7, 10) are final.
 */
export const TRANSITIONS: Partial<Record<StatusCode, readonly StatusCode[]>> = {
  // placing the order with the CA: it was accepted (0 / 4 with automatic DNS)
  13: [0, 4],
  // a paid certificate's information committed and its order placed (0 / 4), or the purchase cancelled (7)
  5: [0, 4, 7, 8],
  // the confirmation letter arrived and the CA released DCV (0 / 4), or the order ended meanwhile (OV-1, SM-1)
  8: [0, 4, 1, 2, 6, 7],
  0: [1, 2, 4, 6, 7],
  4: [0, 1, 2, 6, 7],
  // cancelling: the CA confirmed (7), or refused because it had issued (1) or failed (2), or could not be
  // reached (back to where the order was)
  6: [7, 0, 4, 1, 2],
  1: [3, 9, 10],
  // revoking: the CA confirmed (10), or could not be reached (back to 1); it may also expire meanwhile
  9: [10, 1, 3],
};

export class TransitionError extends Error {
  readonly rule = "PAID-4";
  constructor(
    readonly from: StatusCode,
    readonly to: StatusCode,
  ) {
    super(`a certificate cannot go from status ${from} (${STATUS_NAMES[from]}) to ${to} (${STATUS_NAMES[to]})`);
    this.name = "TransitionError";
  }
}

export interface StatusPoint {
  status: StatusCode;
  subStatus: SubStatus | null;
}

export interface TransitionPlan {
  from: StatusPoint;
  to: StatusPoint;
  quota: "keep" | "release" | "hold-until-expiry";
}

export function canTransition(from: StatusCode, to: StatusCode): boolean {
  return from === to || (TRANSITIONS[from]?.includes(to) ?? false);
}

export function isFinal(status: StatusCode): boolean {
  return (TRANSITIONS[status]?.length ?? 0) === 0;
}

/** Checks a change against the table and says what it does to quota. A no-op change is refused too. */
export function planTransition(from: StatusPoint, to: StatusPoint): TransitionPlan {
  if (!canTransition(from.status, to.status)) throw new TransitionError(from.status, to.status);
  const allowedSubs = SUB_STATUS_OF[to.status] ?? [];
  if (to.subStatus !== null && !allowedSubs.includes(to.subStatus)) throw new TransitionError(from.status, to.status);
  if (from.status === to.status && from.subStatus === to.subStatus) throw new TransitionError(from.status, to.status);
  const before = QUOTA_EFFECT[from.status];
  const after = QUOTA_EFFECT[to.status];
  const quota =
    after === "released" && before !== "released"
      ? "release"
      : after === "issued" && before === "held"
        ? "hold-until-expiry"
        : "keep";
  return { from, to, quota };
}
