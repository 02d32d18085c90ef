import type { Order } from "@certsim/ca-kit";
import { formatGmt8 } from "@certsim/clock";

/**
 * The confirmation letter the applicant prints, signs, seals and scans (OV-1): the order, the organisation, the
 * names, and the lines the signatory fills in. Plain text; the scan uploaded back must be a JPG, PNG or PDF.
 */
export function letterTemplate(order: Order, now: number): string {
  const org = order.organization;
  const applicant = order.applicant;
  return [
    "GlobalSign certificate request — confirmation letter",
    "",
    `Order: ${order.id}  (issued ${formatGmt8(now)})`,
    `Organisation: ${org?.name ?? "________"}`,
    `Registration number: ${org?.registrationNumber ?? "________"}`,
    `Address: ${org?.address ?? "________"}${org?.city ? `, ${org.city}` : ""}`,
    `Telephone: ${org?.phone ?? "________"}`,
    "",
    "We confirm that we applied for a certificate for these names and that the applicant below acts for us:",
    ...order.names.map((name) => `  - ${name}`),
    "",
    `Applicant: ${applicant?.name ?? "________"}${applicant?.position ? `, ${applicant.position}` : ""}`,
    `E-mail: ${applicant?.email ?? "________"}   Telephone: ${applicant?.phone ?? "________"}`,
    "",
    "Name of the signatory: ____________________   Position: ____________________",
    "Signature: ____________________   Date: __________   Company seal:",
    "",
    "Scan the signed and sealed letter (JPG, PNG or PDF, 1 KB–1.4 MB) and upload it with the order.",
    "",
  ].join("\n");
}
