import { issueSm2Leaves, type Sm2CaHierarchy } from "@certsim/pki";
import type { ProductRule } from "../core/products";
import type { CertificateRecord, Order } from "../core/types";

/**
 * Signs a GM order (SM-4): a signing certificate for the CSR's SM2 key and an encryption certificate for a key
 * generated here, both SM3withSM2 under the brand's SM2 intermediate, with exactly the order's names and the
 * product's validity — GM certificates are outside the BR, so there is no CERT-4 cap. The record's `certPem` is the
 * signing certificate; `encryption` carries the other one with its private key. The chain is [intermediate, root].
 */
export async function signSm2Order(
  hierarchy: Sm2CaHierarchy,
  order: Order,
  product: ProductRule,
  issuedAt: Date,
): Promise<CertificateRecord> {
  const org = order.organization;
  const leaves = await issueSm2Leaves({
    ca: hierarchy,
    csr: order.csrPem,
    names: order.names,
    profile: {
      validation: product.validation,
      validityDays: product.validityDays,
      ...(product.validation !== "DV" && org
        ? {
            organization: { name: org.name, country: org.country ?? "CN", ...(org.city ? { locality: org.city } : {}) },
          }
        : {}),
    },
    issuedAt,
  });
  return {
    serial: leaves.signing.serialHex.toLowerCase(),
    orderId: order.id,
    certPem: leaves.signing.certPem,
    chainPem: [...leaves.chainPem, hierarchy.root.certPem],
    notBefore: leaves.notBefore.getTime(),
    notAfter: leaves.notAfter.getTime(),
    encryption: {
      serial: leaves.encryption.serialHex.toLowerCase(),
      certPem: leaves.encryption.certPem,
      keyPem: leaves.encryption.keyPem,
    },
  };
}
