import { type CaHierarchy, issueLeaf, type LeafOrganization } from "@certsim/pki";
import type { ProductRule } from "../core/products";
import type { CertificateRecord, Order } from "../core/types";

/**
 * Signs the order's certificate (CERT-1…CERT-4): exactly the order's names (its bound names and their DOM-2
 * companions, all validated), the CSR's key, the product's validity capped at the simulated issuance instant, and
 * for OV/EV the organisation in the subject (O, L, C; EV adds the registration number as serialNumber).
 */
export async function signOrder(
  hierarchy: CaHierarchy,
  order: Order,
  product: ProductRule,
  issuedAt: Date,
): Promise<CertificateRecord> {
  const leaf = await issueLeaf({
    ca: hierarchy,
    csr: order.csrPem,
    names: order.names,
    profile: {
      validation: product.validation,
      validityDays: product.validityDays,
      ...(product.validation !== "DV" && order.organization
        ? { organization: subjectOrganization(order, product.validation) }
        : {}),
    },
    issuedAt,
  });
  return {
    serial: leaf.serialHex.toLowerCase(),
    orderId: order.id,
    certPem: leaf.certPem,
    chainPem: leaf.chainPem,
    notBefore: leaf.notBefore.getTime(),
    notAfter: leaf.notAfter.getTime(),
  };
}

function subjectOrganization(order: Order, validation: "OV" | "EV"): LeafOrganization {
  const org = order.organization!;
  return {
    name: org.name,
    country: org.country ?? "CN",
    ...(org.city ? { locality: org.city } : {}),
    // The registry files registration numbers in upper case; the subject carries that form.
    ...(validation === "EV" ? { serialNumber: org.registrationNumber.toUpperCase() } : {}),
  };
}
