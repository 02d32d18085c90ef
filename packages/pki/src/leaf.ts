// Issuing a TLS server certificate from a brand's intermediate (CERT-1…CERT-4).
import { isIP } from "node:net";
import { type CaHierarchy, issuingCa } from "./ca";
import {
  caKey,
  certificatePem,
  extensionsDer as ext,
  KeyUsageFlags,
  keyIdentifierHex,
  randomSerialHex,
  signCertificateDer,
} from "./certificate-kit";
import { type ParsedCsr, parseCsr } from "./csr";
import { OID } from "./oids";
import { type SubjectFields, subjectToDer } from "./subject";
import { leafValidity } from "./validity";

export type ValidationLevel = "DV" | "OV" | "EV";

export interface LeafOrganization {
  name: string;
  /** ISO 3166 alpha-2; defaults to "CN". */
  country?: string;
  locality?: string;
  state?: string;
  /** EV: the registration number in the business registry. */
  serialNumber?: string;
  /** EV: country of incorporation; defaults to `country`. */
  jurisdictionCountry?: string;
  /** EV: defaults to "Private Organization". */
  businessCategory?: string;
}

export interface LeafProfile {
  validation: ValidationLevel;
  /** Required for OV and EV; ignored for DV (a DV subject carries only the CN). */
  organization?: LeafOrganization;
  /** The product's validity; CERT-4 caps it for international certificates. */
  validityDays: number;
  /**
   * Add id-kp-clientAuth to the EKU. Off by default: browser root programs are moving TLS hierarchies to
   * serverAuth-only leaves (Chrome Root Program, 2026), and a TLS server never needs clientAuth.
   */
  clientAuth?: boolean;
}

export interface IssueLeafParams {
  ca: CaHierarchy;
  csr: string | ParsedCsr;
  /**
   * The exact SANs, in order (DNS names in A-label form, or IP addresses); the caller has applied DOM-2 and DOM-3.
   * The CN is the first (the first of at most 64 characters; none if all are longer).
   */
  names: string[];
  profile: LeafProfile;
  /** The simulated issuance instant: notBefore, and the date CERT-4's cap is read at. */
  issuedAt: Date;
  urls?: { aia?: string; crl?: string; ocsp?: string };
}

export interface IssuedLeaf {
  certPem: string;
  /** Intermediate, then root. */
  chainPem: string[];
  /** Lower-case hex, no separators. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Validity in days after the CERT-4 cap. */
  validityDays: number;
}

export class LeafProfileError extends Error {
  readonly code = "BadLeafProfile";
  readonly rule = "CERT-2" as const;
  constructor(message: string) {
    super(message);
    this.name = "LeafProfileError";
  }
}

const POLICY: Record<ValidationLevel, string> = { DV: OID.policyDv, OV: OID.policyOv, EV: OID.policyEv };

/** A host name or wildcard in A-label form: LDH labels of 1–63 octets, at most 253 in all, no underscore (BR). */
const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function leafSubject(commonName: string | undefined, profile: LeafProfile): SubjectFields {
  if (profile.validation === "DV") return { CN: commonName };
  const org = profile.organization;
  if (!org?.name) throw new LeafProfileError(`${profile.validation} needs the organisation's name`);
  const country = org.country ?? "CN";
  const subject: SubjectFields = { C: country, ST: org.state, L: org.locality, O: org.name, CN: commonName };
  if (profile.validation === "EV") {
    if (!org.serialNumber) throw new LeafProfileError("EV needs the organisation's registration number");
    subject.businessCategory = org.businessCategory ?? "Private Organization";
    subject.jurisdictionCountry = org.jurisdictionCountry ?? country;
    subject.serialNumber = org.serialNumber;
  }
  return subject;
}

/**
 * Signs a leaf for the CSR's public key with the hierarchy's intermediate. SANs are exactly `names`; validity is
 * `leafValidity(profile.validityDays, issuedAt, { international: true })`.
 */
export async function issueLeaf(params: IssueLeafParams): Promise<IssuedLeaf> {
  const csr = typeof params.csr === "string" ? parseCsr(params.csr) : params.csr;
  if (csr.key.algorithm === "SM2") throw new LeafProfileError("SM2 certificates are issued by the sm2 module");
  const names = params.names;
  if (names.length === 0) throw new LeafProfileError("a certificate needs at least one name");
  if (new Set(names).size !== names.length) throw new LeafProfileError("names must not repeat");
  const bad = names.find((name) => !isIP(name) && !DNS_NAME.test(name));
  if (bad !== undefined) throw new LeafProfileError(`"${bad}" is not a DNS name in A-label form or an IP address`);
  // The CN repeats a SAN (BR 7.1.4.3); X.520 caps it at 64 characters, so a longer first name leaves the CN out.
  const commonName = names.find((name) => name.length <= 64);
  const validity = leafValidity(params.profile.validityDays, params.issuedAt, { international: true });
  const issuer = issuingCa(params.ca);
  const signer = caKey(params.ca.intermediate.keyPem);
  const keyUsage =
    csr.key.algorithm === "RSA"
      ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment
      : KeyUsageFlags.digitalSignature;
  const urls = params.urls;
  const extensions = [
    ext.basicConstraints(false),
    ext.keyUsage(keyUsage),
    ext.extendedKeyUsage(params.profile.clientAuth ? [OID.serverAuth, OID.clientAuth] : [OID.serverAuth]),
    ext.subjectAltName(names, commonName === undefined && params.profile.validation === "DV"),
    ext.certificatePolicies([POLICY[params.profile.validation]]),
    ext.authorityKeyIdentifier(issuer.keyIdHex),
    ext.subjectKeyIdentifier(keyIdentifierHex(csr.publicKeyDer)),
  ];
  if (urls?.aia || urls?.ocsp) extensions.push(ext.authorityInfoAccess({ ocsp: urls.ocsp, caIssuers: urls.aia }));
  if (urls?.crl) extensions.push(ext.crlDistributionPoints(urls.crl));

  // Written directly (certificate-kit's extensionsDer and tbsCertificateDer), as the schema classes would encode it.
  const serialHex = randomSerialHex();
  const der = await signCertificateDer(
    {
      serialHex,
      issuerDer: issuer.nameDer,
      subjectDer: subjectToDer(leafSubject(commonName, params.profile)),
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      spki: csr.publicKeyDer,
      extensions,
    },
    signer,
  );
  return {
    certPem: certificatePem(der),
    chainPem: [params.ca.intermediate.certPem, params.ca.root.certPem],
    serialHex,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    validityDays: validity.days,
  };
}
