// issueLeaf's certificate assembly as it was before the TBSCertificate was written directly (asn1-schema objects
// serialised by @peculiar/asn1-schema), kept only as the reference of the byte-equality test and the bench.
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  Certificate,
  type Extension,
  Extensions,
  type Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import {
  type CaKey,
  caKey,
  certificatePem,
  extensions as ext,
  KeyUsageFlags,
  keyIdentifierHex,
  randomSerialHex,
} from "../../src/certificate-kit";
import {
  type IssuedLeaf,
  type IssueLeafParams,
  issuingCa,
  LeafProfileError,
  leafValidity,
  parseCsr,
} from "../../src/index";
import { OID } from "../../src/oids";
import { signBytes } from "../../src/signer";
import { type SubjectFields, subjectToAsnName } from "../../src/subject";

const POLICY = { DV: OID.policyDv, OV: OID.policyOv, EV: OID.policyEv } as const;

function leafSubject(commonName: string | undefined, profile: IssueLeafParams["profile"]): SubjectFields {
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

/** The leaf's TBSCertificate as the old code built it (name checks left to the caller). */
export function referenceLeafTbs(params: IssueLeafParams, serialHex: string): { tbs: TBSCertificate; signer: CaKey } {
  const csr = typeof params.csr === "string" ? parseCsr(params.csr) : params.csr;
  const names = params.names;
  const commonName = names.find((name) => name.length <= 64);
  const validity = leafValidity(params.profile.validityDays, params.issuedAt, { international: true });
  const issuer = issuingCa(params.ca);
  const signer = caKey(params.ca.intermediate.keyPem);
  const keyUsage =
    csr.key.algorithm === "RSA"
      ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment
      : KeyUsageFlags.digitalSignature;
  const urls = params.urls;
  const extensions: Extension[] = [
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
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(Buffer.from(serialHex, "hex")).buffer,
    signature: signer.signatureAlgorithm,
    issuer: issuer.name as Name,
    validity: new Validity({ notBefore: validity.notBefore, notAfter: validity.notAfter }),
    subject: subjectToAsnName(leafSubject(commonName, params.profile)),
    subjectPublicKeyInfo: AsnConvert.parse(csr.publicKeyDer, SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  return { tbs, signer };
}

/** The whole old issueLeaf (without its name checks): encode, sign, encode again. For the bench. */
export async function referenceIssueLeaf(params: IssueLeafParams): Promise<IssuedLeaf> {
  const serialHex = randomSerialHex();
  const { tbs: tbsCertificate, signer } = referenceLeafTbs(params, serialHex);
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertificate));
  const signature = await signBytes(signer, tbs);
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: signer.signatureAlgorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  const der = new Uint8Array(AsnConvert.serialize(certificate));
  const validity = leafValidity(params.profile.validityDays, params.issuedAt, { international: true });
  return {
    certPem: certificatePem(der),
    chainPem: [params.ca.intermediate.certPem, params.ca.root.certPem],
    serialHex,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    validityDays: validity.days,
  };
}
