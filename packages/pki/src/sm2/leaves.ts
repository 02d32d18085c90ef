/** Issuing the GM pair for one order: a signing and an encryption certificate (SM-4, CERT-2). */
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  type Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  PolicyInformation,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import {
  extension,
  findExtension,
  keyIdentifier,
  randomSerial,
  readCertificate,
  signCertificate,
  subjectKeyIdentifierExtension,
  toSecond,
} from "./certificate";
import { inspectSm2Csr } from "./csr";
import { Sm2Error } from "./errors";
import type { Sm2CaHierarchy } from "./hierarchy";
import { generateSm2KeyPair, readSm2PrivateKey, readSm2Spki } from "./keys";
import { buildName, type Sm2Subject, toGeneralNames } from "./names";
import { OID } from "./oids";
import { toArrayBuffer } from "./pem";

export interface Sm2LeafProfile {
  validation: "DV" | "OV" | "EV";
  /** Required for OV and EV; goes into the subject (O, L, C). */
  organization?: { name: string; country?: string; locality?: string };
  /** The product's validity; GM products are outside the BR, so there is no cap (CERT-4). */
  validityDays: number;
}

export interface IssueSm2LeavesInput {
  /** The brand's hierarchy; only the intermediate (certificate and key) is used. */
  ca: Pick<Sm2CaHierarchy, "intermediate">;
  /** PEM PKCS#10 request with an SM2 key, signed with SM3withSM2 (default user ID). */
  csr: string;
  /** The validated names: exactly these become the SANs of both certificates; the first is the CN. */
  names: string[];
  profile: Sm2LeafProfile;
  issuedAt: Date;
  urls?: { aia?: string; crl?: string };
}

export interface Sm2Leaves {
  /** For the CSR's key: digitalSignature, nonRepudiation. */
  signing: { certPem: string; serialHex: string };
  /** For a key generated here (PKCS#8 PEM): keyEncipherment, dataEncipherment, keyAgreement. */
  encryption: { certPem: string; keyPem: string; serialHex: string };
  /** Issuing chain without the root: [intermediate]. */
  chainPem: string[];
  notBefore: Date;
  notAfter: Date;
}

const DAY_MS = 86_400_000;
const POLICY = { DV: OID.policyDv, OV: OID.policyOv, EV: OID.policyEv } as const;

function invalid(message: string, rule = "CERT-2"): Sm2Error {
  return new Sm2Error("INPUT_INVALID", message, rule);
}

function leafSubject(names: string[], profile: Sm2LeafProfile): Sm2Subject {
  const cn = names[0];
  if (profile.validation === "DV") return { CN: cn };
  const org = profile.organization;
  if (!org?.name) throw invalid(`${profile.validation} certificates need the organisation name`);
  return { C: org.country?.toUpperCase(), L: org.locality, O: org.name, CN: cn };
}

function checkInput(input: IssueSm2LeavesInput): void {
  const { names, profile, issuedAt } = input;
  if (names.length === 0) throw invalid("at least one name is required");
  if (new Set(names).size !== names.length) throw invalid("names must be distinct");
  if (names.some((n) => n.trim() === "" || n !== n.trim())) throw invalid("names must be non-empty and trimmed");
  if (!Number.isInteger(profile.validityDays) || profile.validityDays < 1) {
    throw invalid("validityDays must be a positive integer", "CERT-3");
  }
  if (!["DV", "OV", "EV"].includes(profile.validation)) throw invalid("validation must be DV, OV or EV");
  if (Number.isNaN(issuedAt.getTime())) throw invalid("issuedAt is not a date");
}

/** The intermediate's certificate and key, checked to belong together. */
function loadIssuer(ca: Pick<Sm2CaHierarchy, "intermediate">) {
  const cert = readCertificate(ca.intermediate.certPem);
  if (!cert) throw new Sm2Error("CERT_MALFORMED", "the intermediate certificate cannot be read");
  const key = readSm2PrivateKey(ca.intermediate.keyPem);
  const certPoint = readSm2Spki(cert.tbsCertificate.subjectPublicKeyInfo);
  if (!Buffer.from(certPoint).equals(Buffer.from(key.publicPoint))) {
    throw new Sm2Error("KEY_INVALID", "the intermediate key does not match its certificate");
  }
  const ski = findExtension(cert.tbsCertificate.extensions, "2.5.29.14", SubjectKeyIdentifier);
  const issuerKeyId = ski ? new Uint8Array(ski.value.buffer) : keyIdentifier(key.publicPoint);
  return { name: cert.tbsCertificate.subject, key, keyId: issuerKeyId };
}

/**
 * Issues the signing certificate for the CSR's key and an encryption certificate for a fresh SM2 key, both
 * signed by the intermediate with SM3withSM2 and valid from `issuedAt` for `profile.validityDays` days
 * (notAfter = notBefore + days − 1 s, so that the inclusive validity period is exactly the product's).
 */
export async function issueSm2Leaves(input: IssueSm2LeavesInput): Promise<Sm2Leaves> {
  checkInput(input);
  const { check, publicPoint } = inspectSm2Csr(input.csr);
  if (!check.ok) {
    throw new Sm2Error("CSR_SIGNATURE_INVALID", "the certificate request's signature does not verify", "CSR-2");
  }
  const issuer = loadIssuer(input.ca);
  const subject = buildName(leafSubject(input.names, input.profile), "CERT-2");
  const notBefore = toSecond(input.issuedAt);
  const notAfter = new Date(notBefore.getTime() + input.profile.validityDays * DAY_MS - 1000);

  const common: Extension[] = [
    extension("2.5.29.19", true, new BasicConstraints({ cA: false })),
    extension("2.5.29.17", false, new SubjectAlternativeName(toGeneralNames(input.names))),
    extension("2.5.29.37", false, new ExtendedKeyUsage([OID.serverAuth])),
    extension(
      "2.5.29.35",
      false,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(issuer.keyId)) }),
    ),
    extension(
      "2.5.29.32",
      false,
      new CertificatePolicies([new PolicyInformation({ policyIdentifier: POLICY[input.profile.validation] })]),
    ),
  ];
  const { aia, crl } = input.urls ?? {};
  if (aia) {
    const access = new AccessDescription({
      accessMethod: OID.caIssuers,
      accessLocation: new GeneralName({ uniformResourceIdentifier: aia }),
    });
    common.push(extension("1.3.6.1.5.5.7.1.1", false, new AuthorityInfoAccessSyntax([access])));
  }
  if (crl) {
    const point = new DistributionPoint({
      distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: crl })] }),
    });
    common.push(extension("2.5.29.31", false, new CRLDistributionPoints([point])));
  }

  const issue = (point: Uint8Array, usage: number) => {
    const serial = randomSerial();
    const certPem = signCertificate(
      {
        serial,
        issuer: issuer.name,
        subject,
        notBefore,
        notAfter,
        publicPoint: point,
        extensions: [
          ...common,
          extension("2.5.29.15", true, new KeyUsage(usage)),
          subjectKeyIdentifierExtension(point),
        ],
      },
      issuer.key,
    );
    return { certPem, serialHex: Buffer.from(serial).toString("hex") };
  };

  const encryptionPair = await generateSm2KeyPair();
  const encryptionPoint = readSm2PrivateKey(encryptionPair.privateKeyPem).publicPoint;
  const signing = issue(publicPoint, KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation);
  const encryption = issue(
    encryptionPoint,
    KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | KeyUsageFlags.keyAgreement,
  );
  return {
    signing,
    encryption: { ...encryption, keyPem: encryptionPair.privateKeyPem },
    chainPem: [input.ca.intermediate.certPem],
    notBefore,
    notAfter,
  };
}
