import { formatGmt8 } from "@certsim/clock";
import { dcvMethodsFor, type ProductRule } from "../core/products";
import type { CheckSummary, Contact, DcvMethod } from "../core/types";

// Presenter pieces the brands' faces share whatever their casing: instants in GMT+8 (TIME-1), a check's result
// word, the DCV methods a product is sold with in the brand's words, and a contact person.

/** An instant as ISO-8601 in GMT+8 (TIME-1), or null when there is none. */
export const gmt8OrNull = (ms: number | undefined): string | null => (ms === undefined ? null : formatGmt8(ms));

/** A DCV check's outcome as the brands word it. */
export const checkResult = (check: CheckSummary): "PASS" | "MISMATCH" | "NOT_FOUND" =>
  check.status === "found" ? "PASS" : check.status === "mismatch" ? "MISMATCH" : "NOT_FOUND";

/** The DCV methods a product is sold with (for its first term), in the brand's words, each once. */
export function productDcvMethods<W>(product: ProductRule, word: (method: DcvMethod) => W): W[] {
  return [...new Set(dcvMethodsFor(product, product.years[0]!).map(word))];
}

/** A contact person with one-word field names (`position` null when not given). */
export const presentPerson = (person: Contact) => ({
  name: person.name,
  position: person.position ?? null,
  phone: person.phone,
  email: person.email,
});
