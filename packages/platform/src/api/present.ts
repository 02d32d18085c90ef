// The platform's records in the vendor's API shapes (PascalCase, times as `YYYY-MM-DD HH:mm:ss` GMT+8).
import { primaryDomain } from "@certsim/names";
import { productById } from "../catalogue/catalogue";
import { BRANDS } from "../catalogue/products";
import { FREE_PRODUCT } from "../orders/orders";
import { seriesView } from "../orders/paid-orders";
import { applicationTypeOf } from "../orders/paid-rules";
import { STATUS_NAMES } from "../orders/status";
import { presentOrganization, presentPerson } from "../profile/profile";
import type { CertificateRecord, DcvCheckResult, DcvInstruction, InSiteMessage, OperationLog } from "../store/types";
import { formatIsoGmt8, formatVendorTime } from "../time";

const vendorTime = (date: Date | null) => (date ? formatVendorTime(date) : null);
const isoTime = (date: Date | null) => (date ? formatIsoGmt8(date) : null);

/** Primary domains of the names recently shown (a Public Suffix List lookup each otherwise); bounded. */
const apexes = new Map<string, string | null>();

function apexOf(domain: string): string | null {
  let apex = apexes.get(domain);
  if (apex === undefined) {
    try {
      apex = primaryDomain(domain);
    } catch {
      apex = null;
    }
    if (apexes.size >= 10_000) apexes.clear();
    apexes.set(domain, apex);
  }
  return apex;
}

/** `_dnsauth.www.example.com` relative to its primary domain: `_dnsauth.www` (what goes in the host field). */
function subDomainOf(host: string, domain: string): string {
  const apex = apexOf(domain);
  if (apex === null) return host;
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

/** What the customer submitted for a paid certificate (the wizard's draft until commit). */
export function submittedData(cert: CertificateRecord) {
  const product = productById(cert.productId ?? "");
  if (!product) return null;
  const info = cert.information ?? {};
  const csr = info.csr;
  return {
    CsrType: csr?.type ?? null,
    CsrEncryptAlgo: cert.keyAlgorithm,
    CsrKeyParameter: cert.keyParameter,
    SignAlgo: csr?.type === "online" ? csr.signAlgo : null,
    CsrContent: cert.csrPem,
    KeyPasswordProtected: cert.keyProtection === "password",
    CertificateDomain: info.domains?.[0] ?? null,
    DomainList: info.domains?.slice(1) ?? [],
    ApplicationType: applicationTypeOf(product, info),
    OrganizationId: info.organizationId ?? null,
    Organization: info.organization ? presentOrganization(info.organization) : null,
    AdminId: info.adminId ?? null,
    Admin: info.admin ? presentPerson(info.admin) : null,
    ContactSameAsAdmin: info.contactSameAsAdmin ?? false,
    Contact: info.contact ? presentPerson(info.contact) : null,
    VerifyType: info.verifyType ?? null,
    // OV-2: information from reviewed My Profile entries (the confirmation letter is skipped, except GlobalSign).
    FromProfile: { Organization: info.organizationId !== undefined, Admin: info.adminId !== undefined },
  };
}

export function certificateDetail(cert: CertificateRecord) {
  const product = productById(cert.productId ?? "");
  return {
    CertificateId: cert.id,
    Alias: cert.alias,
    Domain: cert.domain,
    SubjectAltName: cert.names,
    CertificateType: "SVR",
    From: cert.brand,
    Brand: BRANDS[cert.brand as keyof typeof BRANDS]?.name ?? cert.brand,
    ProductCode: cert.productCode,
    PackageType: product?.id ?? FREE_PRODUCT.packageType,
    ProductZhName: product?.name ?? FREE_PRODUCT.name,
    IsFree: !product,
    ProductId: product?.id ?? null,
    CertType: product?.type ?? "DV",
    DomainType: product?.domainType ?? "single",
    Standard: product?.standard ?? "international",
    Period: cert.period,
    DomainNum: cert.domainNum,
    AutoRenew: cert.autoRenew,
    Series: seriesView(cert),
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
    SubmittedData: submittedData(cert),
  };
}

/**
 * The detail as JSON text, made once per record: the store hands out the same (frozen) record until the
 * certificate changes, so repeated status reads send the text already made.
 */
const detailTexts = new WeakMap<CertificateRecord, string>();

export function certificateDetailJson(cert: CertificateRecord): string {
  let text = detailTexts.get(cert);
  if (text === undefined) {
    text = JSON.stringify(certificateDetail(cert));
    detailTexts.set(cert, text);
  }
  return text;
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
