// A brand's simulated CA hierarchy: a self-signed root and one issuing intermediate (CERT-1).
import { AsnConvert } from "@peculiar/asn1-schema";
import type { Name } from "@peculiar/asn1-x509";
import {
  addYears,
  caKey,
  certificatePem,
  extensions,
  KeyUsageFlags,
  randomSerialHex,
  readCertificate,
  signCertificate,
  subjectKeyIdHex,
  wholeSecond,
} from "./certificate-kit";
import { generateKeyPair, type KeySpec } from "./keys";
import { Lru } from "./lru";
import { OID } from "./oids";
import { subjectToAsnName } from "./subject";

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
  const [rootPair, intermediatePair] = await Promise.all([
    generateKeyPair(specs.root),
    generateKeyPair(specs.intermediate),
  ]);
  const notBefore = wholeSecond(params.now);
  // The pairs' own KeyObjects, remembered by PEM: issueLeaf with this hierarchy parses nothing.
  const rootKey = caKey(rootPair);
  const intermediateKey = caKey(intermediatePair);

  const rootName = subjectToAsnName({ C: country, O: organisation, CN: `${brand} Simulated ${algorithm} Root CA` });
  const root = await signCertificate(
    {
      serialHex: randomSerialHex(),
      issuer: rootName,
      subject: rootName,
      notBefore,
      notAfter: new Date(addYears(notBefore, 20).getTime() - 1000),
      spki: rootKey.spki,
      extensions: [
        extensions.basicConstraints(true),
        extensions.keyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
        extensions.subjectKeyIdentifier(rootKey.keyIdHex),
      ],
    },
    rootKey,
  );

  const intermediate = await signCertificate(
    {
      serialHex: randomSerialHex(),
      issuer: rootName,
      subject: subjectToAsnName({ C: country, O: organisation, CN: `${brand} Simulated ${algorithm} TLS CA G1` }),
      notBefore,
      notAfter: new Date(addYears(notBefore, 10).getTime() - 1000),
      spki: intermediateKey.spki,
      extensions: [
        extensions.basicConstraints(true, 0),
        extensions.keyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
        // BR 7.1.2.2: a TLS issuing CA is constrained to serverAuth (clientAuth allowed) and the CA/B policies.
        extensions.extendedKeyUsage([OID.serverAuth, OID.clientAuth]),
        extensions.certificatePolicies([OID.policyDv, OID.policyOv, OID.policyEv]),
        extensions.authorityKeyIdentifier(rootKey.keyIdHex),
        extensions.subjectKeyIdentifier(intermediateKey.keyIdHex),
        ...(params.urls?.aia ? [extensions.authorityInfoAccess({ caIssuers: params.urls.aia })] : []),
        ...(params.urls?.crl ? [extensions.crlDistributionPoints(params.urls.crl)] : []),
      ],
    },
    rootKey,
  );

  return {
    brand,
    algorithm,
    root: { certPem: certificatePem(root), keyPem: rootPair.privateKeyPem },
    intermediate: { certPem: certificatePem(intermediate), keyPem: intermediatePair.privateKeyPem },
  };
}

export interface IssuingCa {
  /** The intermediate's subject: the issuer of every leaf. */
  name: Name;
  /** The same, DER. */
  nameDer: Uint8Array;
  /** Its SKI: the AKI of every leaf. */
  keyIdHex: string;
}

const issuers = new Lru<string, IssuingCa>(64);

/** The intermediate's name and SKI, for signing leaves; parsed once per intermediate. */
export function issuingCa(ca: CaHierarchy): IssuingCa {
  const known = issuers.get(ca.intermediate.certPem);
  if (known) return known;
  const cert = readCertificate(ca.intermediate.certPem);
  return issuers.set(ca.intermediate.certPem, {
    name: cert.tbsCertificate.subject,
    nameDer: new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject)),
    keyIdHex: subjectKeyIdHex(cert),
  });
}
