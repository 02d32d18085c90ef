// PAID-5: the words of a review-result notification, sent to the in-site box, the mailbox and the phone.
import { productById } from "../catalogue/catalogue";
import type { AccountRecord, CertificateRecord, OutgoingMessage } from "../store/types";

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** To the certificate's contacts when the customer gave them, else to the account's. */
export function reviewResultMessage(
  cert: CertificateRecord,
  account: AccountRecord | undefined,
  result: "issued" | "failed",
  detail: string,
): OutgoingMessage {
  const product = productById(cert.productId ?? "");
  const what = `the ${product ? `${product.name} certificate` : "free SSL certificate"} for ${cert.domain} (ID ${cert.id})`;
  return {
    title: result === "issued" ? "Certificate issued" : "Certificate review failed",
    content:
      result === "issued"
        ? `${capitalise(what)} has been issued, ${detail}.`
        : `${capitalise(what)} failed review: ${detail}.`,
    email: cert.contactEmail ?? account?.email ?? null,
    phone: cert.contactPhone ?? account?.phone ?? null,
  };
}
