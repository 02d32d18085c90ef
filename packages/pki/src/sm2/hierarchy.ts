/** A brand's simulated SM2 root and intermediate (SM-4, CERT-1). */
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
} from "@peculiar/asn1-x509";
import {
  extension,
  keyIdentifier,
  randomSerial,
  signCertificate,
  subjectKeyIdentifierExtension,
  toSecond,
} from "./certificate";
import { Sm2Error } from "./errors";
import { generateSm2KeyPair, readSm2PrivateKey } from "./keys";
import { buildName } from "./names";
import { OID } from "./oids";
import { toArrayBuffer } from "./pem";

/** A CA certificate with its PKCS#8 private key (same JSON shape as the RSA/ECC hierarchies). */
export interface Sm2CaPair {
  certPem: string;
  keyPem: string;
}

/** Plain JSON; `brand` and `algorithm` as in the RSA/ECC CaHierarchy, so stored hierarchies describe themselves. */
export interface Sm2CaHierarchy {
  brand: string;
  algorithm: "SM2";
  root: Sm2CaPair;
  intermediate: Sm2CaPair;
}

const ROOT_YEARS = 20;
const INTERMEDIATE_YEARS = 10;

function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * Root (self-signed, 20 years) and intermediate (10 years, pathLen 0) for `brand`, both valid from `now`.
 * Subjects: `C=CN, O=<brand>, CN=<brand> SM2 Root CA` and `… CN=<brand> SM2 Server CA`.
 */
export async function createSm2CaHierarchy(input: { brand: string; now: Date }): Promise<Sm2CaHierarchy> {
  const brand = input.brand.trim();
  if (!brand) throw new Sm2Error("INPUT_INVALID", "a brand is required", "CERT-1");
  if (Number.isNaN(input.now.getTime())) throw new Sm2Error("INPUT_INVALID", "now is not a date", "CERT-1");
  const notBefore = toSecond(input.now);
  const [rootPair, intPair] = await Promise.all([generateSm2KeyPair(), generateSm2KeyPair()]);
  const rootKey = readSm2PrivateKey(rootPair.privateKeyPem);
  const intKey = readSm2PrivateKey(intPair.privateKeyPem);
  const rootName = buildName({ C: "CN", O: brand, CN: `${brand} SM2 Root CA` }, "CERT-1");
  const intName = buildName({ C: "CN", O: brand, CN: `${brand} SM2 Server CA` }, "CERT-1");
  const caUsage = new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature);

  const rootPem = signCertificate(
    {
      serial: randomSerial(),
      issuer: rootName,
      subject: rootName,
      notBefore,
      notAfter: addYears(notBefore, ROOT_YEARS),
      publicPoint: rootKey.publicPoint,
      extensions: [
        extension("2.5.29.19", true, new BasicConstraints({ cA: true })),
        extension("2.5.29.15", true, caUsage),
        subjectKeyIdentifierExtension(rootKey.publicPoint),
      ],
    },
    rootKey,
  );
  const intPem = signCertificate(
    {
      serial: randomSerial(),
      issuer: rootName,
      subject: intName,
      notBefore,
      notAfter: addYears(notBefore, INTERMEDIATE_YEARS),
      publicPoint: intKey.publicPoint,
      extensions: [
        extension("2.5.29.19", true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
        extension("2.5.29.15", true, caUsage),
        extension("2.5.29.37", false, new ExtendedKeyUsage([OID.serverAuth, OID.clientAuth])),
        subjectKeyIdentifierExtension(intKey.publicPoint),
        extension(
          "2.5.29.35",
          false,
          new AuthorityKeyIdentifier({
            keyIdentifier: new KeyIdentifier(toArrayBuffer(keyIdentifier(rootKey.publicPoint))),
          }),
        ),
      ],
    },
    rootKey,
  );
  return {
    brand,
    algorithm: "SM2",
    root: { certPem: rootPem, keyPem: rootPair.privateKeyPem },
    intermediate: { certPem: intPem, keyPem: intPair.privateKeyPem },
  };
}
