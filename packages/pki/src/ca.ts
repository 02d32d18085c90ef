// A brand's simulated CA hierarchy: a self-signed root and one issuing intermediate (CERT-1).

import {
  addYears,
  caSigner,
  certToPem,
  keyIdentifierHex,
  randomSerialHex,
  readCertificate,
  subjectKeyIdHex,
  wholeSecond,
} from "./certificate-kit";
import { generateKeyPair, type KeySpec } from "./keys";
import { OID } from "./oids";
import { x509 } from "./setup";
import { subjectToName } from "./subject";

export type CaAlgorithm = "RSA" | "ECC";

export interface CaCertificate {
  certPem: string;
  /** PKCS#8 PEM, unencrypted: the owner decides how to keep it. */
  keyPem: string;
}

/** Plain JSON, so the CA simulator can persist and reload it. */
export interface CaHierarchy {
  brand: string;
  algorithm: CaAlgorithm;
  root: CaCertificate;
  intermediate: CaCertificate;
}

export interface CreateCaHierarchyParams {
  /** Display name, e.g. "TrustAsia". */
  brand: string;
  algorithm: CaAlgorithm;
  /** Simulated instant the hierarchy is created; the root is valid 20 years from it, the intermediate 10. */
  now: Date;
  /** Subject country; defaults to the brand's home (GlobalSign: BE, others: CN). */
  country?: string;
  /**
   * Key types. Defaults: RSA-2048 root and intermediate (as many long-lived public roots are), P-384 root and
   * intermediate for ECC. An RSA-4096 root is realistic too but costs seconds of key generation per hierarchy.
   */
  keys?: { root?: KeySpec; intermediate?: KeySpec };
  /** Put into the intermediate: where the root certificate and its CRL are published. */
  urls?: { aia?: string; crl?: string };
}

const HOME_COUNTRY: Record<string, string> = { globalsign: "BE" };

const DEFAULT_KEYS: Record<CaAlgorithm, { root: KeySpec; intermediate: KeySpec }> = {
  RSA: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
  ECC: { root: { algorithm: "ECC", curve: "P-384" }, intermediate: { algorithm: "ECC", curve: "P-384" } },
};

export async function createCaHierarchy(params: CreateCaHierarchyParams): Promise<CaHierarchy> {
  const { brand, algorithm } = params;
  if (algorithm !== "RSA" && algorithm !== "ECC") throw new RangeError(`CA algorithm ${algorithm} is not supported`);
  if (brand.trim() === "") throw new RangeError("brand must not be empty");
  const country = params.country ?? HOME_COUNTRY[brand.toLowerCase()] ?? "CN";
  const organisation = `${brand} (certsim)`;
  const specs = { ...DEFAULT_KEYS[algorithm], ...params.keys };
  if (specs.root.algorithm === "SM2" || specs.intermediate.algorithm === "SM2") {
    throw new RangeError("SM2 hierarchies are made by the sm2 module");
  }
  const [rootKey, intermediateKey] = await Promise.all([
    generateKeyPair(specs.root),
    generateKeyPair(specs.intermediate),
  ]);
  const notBefore = wholeSecond(params.now);

  const rootName = subjectToName({ C: country, O: organisation, CN: `${brand} Simulated ${algorithm} Root CA` });
  const rootSigner = await caSigner(rootKey.privateKeyPem);
  const rootKeyId = keyIdentifierHex(rootSigner.spki);
  const root = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: rootName,
    issuer: rootName,
    notBefore,
    notAfter: new Date(addYears(notBefore, 20).getTime() - 1000),
    publicKey: rootSigner.spki,
    signingKey: rootSigner.privateKey,
    signingAlgorithm: rootSigner.algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.SubjectKeyIdentifierExtension(rootKeyId),
    ],
  });

  const intermediateSigner = await caSigner(intermediateKey.privateKeyPem);
  const urlExtensions: x509.Extension[] = [];
  if (params.urls?.aia) urlExtensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: params.urls.aia }));
  if (params.urls?.crl) urlExtensions.push(new x509.CRLDistributionPointsExtension([params.urls.crl]));
  const intermediate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: subjectToName({ C: country, O: organisation, CN: `${brand} Simulated ${algorithm} TLS CA G1` }),
    issuer: rootName,
    notBefore,
    notAfter: new Date(addYears(notBefore, 10).getTime() - 1000),
    publicKey: intermediateSigner.spki,
    signingKey: rootSigner.privateKey,
    signingAlgorithm: rootSigner.algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      // BR 7.1.2.2: a TLS issuing CA is constrained to serverAuth (clientAuth allowed) and the CA/B policies.
      new x509.ExtendedKeyUsageExtension([OID.serverAuth, OID.clientAuth]),
      new x509.CertificatePolicyExtension([OID.policyDv, OID.policyOv, OID.policyEv]),
      new x509.AuthorityKeyIdentifierExtension(rootKeyId),
      new x509.SubjectKeyIdentifierExtension(keyIdentifierHex(intermediateSigner.spki)),
      ...urlExtensions,
    ],
  });

  return {
    brand,
    algorithm,
    root: { certPem: certToPem(root), keyPem: rootKey.privateKeyPem },
    intermediate: { certPem: certToPem(intermediate), keyPem: intermediateKey.privateKeyPem },
  };
}

/** The intermediate's certificate and SKI, for signing leaves. */
export function issuingCa(ca: CaHierarchy): { cert: x509.X509Certificate; keyIdHex: string } {
  const cert = readCertificate(ca.intermediate.certPem);
  return { cert, keyIdHex: subjectKeyIdHex(cert) };
}
