import { parsePhoneNumber } from "./phoneNumber";

/** `revoked`: the authority revoked the licence (吊销); `cancelled`: the organisation was deregistered (注销). */
export type OrganisationStatus = "active" | "revoked" | "cancelled";
export const ORGANISATION_STATUSES: readonly OrganisationStatus[] = ["active", "revoked", "cancelled"];

/** An organisation as the business registry records it. */
export interface Organisation {
  /** As registered (trimmed); unique under `organisationNameKey`. */
  name: string;
  /** Unified social credit code style, 18 characters (see `parseRegistrationNumber`). */
  registrationNumber: string;
  address: string;
  city: string;
  province: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The registered phone, as the phone line files numbers (`parsePhoneNumber`): where a CA calls (OV-3). */
  phone: string;
  legalRepresentative: string | null;
  status: OrganisationStatus;
  /** ISO 8601. */
  registeredAt: string;
}

/** What an applicant claims about its organisation, as a CA's reviewer holds it up against the registry (OV-5). */
export interface ClaimedOrganisation {
  name: string;
  registrationNumber: string;
  address: string;
  phone: string;
}

export type ComparedField = "name" | "registrationNumber" | "address" | "phone" | "status";

export interface Mismatch {
  field: ComparedField;
  /** The registry's value as registered; "" when nothing is registered under the claim. */
  registered: string;
  /** The applicant's value as given (for `status`: "active", which every applicant implicitly claims). */
  claimed: string;
}

export type OrganisationComparison = { ok: true } | { ok: false; mismatches: Mismatch[] };

/** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space (U+3000) as their half-width equivalents. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * The form names are compared in: half-width, trimmed, whitespace runs as one space; case and everything else
 * kept ("ＡＢＣ　Trading（北京）" and " ABC  Trading(北京)" are one name; "abc Trading(北京)" is another).
 */
export const organisationNameKey = (name: string) => toHalfWidth(name.normalize("NFC")).trim().replace(/\s+/g, " ");

/** Addresses are compared half-width, ignoring case and all whitespace ("北京市 朝阳区" = "北京市朝阳区"). */
export const addressKey = (address: string) => toHalfWidth(address.normalize("NFC")).replace(/\s+/g, "").toLowerCase();

/** Registration numbers are compared half-width, trimmed and upper-cased. */
export const registrationNumberKey = (number: string) => toHalfWidth(number).trim().toUpperCase();

/**
 * Phones are compared as the phone line files them ("+86 10-8888 0000" = "+861088880000"; "+86…" and "86…"
 * differ); a claim that is no phone number at all stays as written, so it matches nothing registered.
 */
export function phoneKey(phone: string): string {
  const folded = toHalfWidth(phone).trim();
  try {
    return parsePhoneNumber(folded);
  } catch {
    return folded;
  }
}

const COMPARED = [
  ["name", organisationNameKey],
  ["registrationNumber", registrationNumberKey],
  ["address", addressKey],
  ["phone", phoneKey],
] as const;

/**
 * OV-5: holds an applicant's claim up against the registered organisation. Every differing field is named, in the
 * order name, registrationNumber, address, phone, status; an organisation that is not active fails on `status`.
 */
export function compareOrganisation(
  registered: Pick<Organisation, "name" | "registrationNumber" | "address" | "phone" | "status">,
  claimed: ClaimedOrganisation,
): OrganisationComparison {
  const mismatches: Mismatch[] = [];
  for (const [field, key] of COMPARED) {
    if (key(registered[field]) !== key(claimed[field])) {
      mismatches.push({ field, registered: registered[field], claimed: claimed[field] });
    }
  }
  if (registered.status !== "active") {
    mismatches.push({ field: "status", registered: registered.status, claimed: "active" });
  }
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}
