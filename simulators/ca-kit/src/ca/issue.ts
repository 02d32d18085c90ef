import { type CaHierarchy, issueLeaf } from "@certsim/pki";
import type { ProductRule } from "../core/products";
import type { CertificateRecord, Order } from "../core/types";

/**
 * Signs the order's certificate (CERT-1…CERT-4): exactly the order's names (its bound names and their DOM-2
 * companions, all validated), the CSR's key, the product's validity capped at the simulated issuance instant.
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
    profile: { validation: product.validation, validityDays: product.validityDays },
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
