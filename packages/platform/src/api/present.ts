// The platform's records in the vendor's API shapes (PascalCase, times as `YYYY-MM-DD HH:mm:ss` GMT+8).
import { primaryDomain } from "@certsim/names";
import { FREE_PRODUCT } from "../orders/orders";
import { STATUS_NAMES } from "../orders/status";
import type { CertificateRecord, DcvCheckResult, DcvInstruction, InSiteMessage, OperationLog } from "../store/types";
import { formatIsoGmt8, formatVendorTime } from "../time";

const vendorTime = (date: Date | null) => (date ? formatVendorTime(date) : null);
const isoTime = (date: Date | null) => (date ? formatIsoGmt8(date) : null);

/** `_dnsauth.www.example.com` relative to its primary domain: `_dnsauth.www` (what goes in the host field). */
function subDomainOf(host: string, domain: string): string {
  let apex: string;
  try {
    apex = primaryDomain(domain);
  } catch {
    return host;
  }
  return host.endsWith(`.${apex}`) ? host.slice(0, -(apex.length + 1)) : host;
}

export function dvAuth(record: DcvInstruction) {
  const file = record.method === "file";
  const path = record.path ?? "";
  return {
    DvAuthKey: file ? path.slice(path.lastIndexOf("/") + 1) : record.host,
    DvAuthValue: record.value,
    DvAuthDomain: record.domain,
    DvAuthPath: file ? path : "",
    DvAuthSubDomain: file ? "" : subDomainOf(record.host, record.domain),
    DvAuthVerifyType: record.recordType,
    ...(record.url ? { DvAuthUrl: record.url } : {}),
    DvAuthPassed: record.passed,
  };
}

function dvAuthDetail(cert: CertificateRecord) {
  const auths = cert.dcv.map(dvAuth);
  const first = auths[0];
  return {
    DvAuthKey: first?.DvAuthKey ?? "",
    DvAuthValue: first?.DvAuthValue ?? "",
    DvAuthDomain: first?.DvAuthDomain ?? "",
    DvAuthPath: first?.DvAuthPath ?? "",
    DvAuthKeySubDomain: first?.DvAuthSubDomain ?? "",
    DvAuthExpireTime: vendorTime(cert.dcvExpiresAt),
    DvAuths: auths,
  };
}

export function certificateDetail(cert: CertificateRecord) {
  return {
    CertificateId: cert.id,
    Alias: cert.alias,
    Domain: cert.domain,
    SubjectAltName: cert.names,
    CertificateType: "SVR",
    From: cert.brand,
    ProductCode: cert.productCode,
    PackageType: FREE_PRODUCT.packageType,
    ProductZhName: FREE_PRODUCT.name,
    Status: cert.status,
    StatusName: STATUS_NAMES[cert.status],
    StatusMsg: cert.subStatus ?? cert.failureReason ?? "",
    FailureReason: cert.failureReason,
    VerifyType: cert.dvAuthMethod,
    ValidityPeriod: "12",
    CertBeginTime: vendorTime(cert.notBefore),
    CertEndTime: vendorTime(cert.notAfter),
    InsertTime: formatVendorTime(cert.createdAt),
    CertBeginTimeIso: isoTime(cert.notBefore),
    CertEndTimeIso: isoTime(cert.notAfter),
    InsertTimeIso: formatIsoGmt8(cert.createdAt),
    DvAuthDetail: dvAuthDetail(cert),
    IsDNSPODResolve: cert.zoneHostedAtPlatform,
    Deployable: cert.deployable,
    CsrSource: cert.csrSource,
    EncryptAlgorithm: cert.keyAlgorithm,
    CsrKeyParameter: cert.keyParameter,
    HasPrivateKey: cert.privateKey !== null,
    KeyPasswordProtected: cert.keyProtection === "password",
    SerialNumber: cert.serial,
    CertificatePublicKey: cert.certificatePem,
  };
}

/** DCV-10 results in the vendor's CheckCertificateDomainVerification shape. */
export function verificationResult(result: DcvCheckResult, extra: { frequently: boolean; issued: boolean }) {
  const passed = result.status === "found";
  return {
    Domain: result.domain,
    VerifyType: result.method === "file" ? "FILE" : "DNS",
    LocalCheck: result.localCheck,
    CaCheck: passed ? 1 : 0,
    LocalCheckFailReason: passed ? "" : result.reason,
    CheckValue: result.seen,
    Status: result.status,
    Frequently: extra.frequently,
    Issued: extra.issued,
  };
}

export function operationLog(entry: OperationLog) {
  return {
    Action: entry.action,
    StatusFrom: entry.statusFrom,
    StatusTo: entry.statusTo,
    Time: formatVendorTime(entry.time),
    Detail: entry.detail,
  };
}

export function message(entry: InSiteMessage) {
  return {
    MessageId: entry.id,
    CertificateId: entry.certificateId,
    Title: entry.title,
    Content: entry.content,
    Time: formatVendorTime(entry.time),
  };
}
