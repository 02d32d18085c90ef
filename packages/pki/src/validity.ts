// Leaf validity (CERT-3, CERT-4): the product's, capped by the Baseline Requirements' maximum at the simulated
// issuance instant. The BR count a validity period inclusively, so N days end one second before notBefore + N days.

const DAY_MS = 86_400_000;

/** BR 6.3.2 (ballot SC-081): maximum TLS subscriber certificate validity by issuance date (00:00 UTC). */
const BR_CAPS: { from: number; days: number }[] = [
  { from: Date.UTC(2029, 2, 15), days: 47 },
  { from: Date.UTC(2027, 2, 15), days: 100 },
  { from: Date.UTC(2026, 2, 15), days: 200 },
];

export function brValidityCapDays(issuedAt: Date): number {
  const t = issuedAt.getTime();
  if (Number.isNaN(t)) throw new RangeError("issuedAt is not a valid date");
  return BR_CAPS.find((cap) => t >= cap.from)?.days ?? 398;
}

export interface LeafValidity {
  notBefore: Date;
  notAfter: Date;
  /** Validity in days, after the cap. */
  days: number;
  /** True when the BR cap shortened the product's validity. */
  capped: boolean;
}

/**
 * The validity a leaf gets: `productDays` for GM (SM2) products, min(productDays, BR cap) for international ones.
 * notBefore is the issuance instant (to the second); notAfter = notBefore + days − 1 s.
 */
export function leafValidity(productDays: number, issuedAt: Date, options: { international: boolean }): LeafValidity {
  if (!Number.isInteger(productDays) || productDays < 1) throw new RangeError("productDays must be a positive integer");
  const notBefore = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000);
  if (Number.isNaN(notBefore.getTime())) throw new RangeError("issuedAt is not a valid date");
  const cap = options.international ? brValidityCapDays(issuedAt) : Number.POSITIVE_INFINITY;
  const days = Math.min(productDays, cap);
  return {
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * DAY_MS - 1000),
    days,
    capped: days < productDays,
  };
}
