/** Shapes of the platform API (vendor-style PascalCase, as the vendor's SSL API 2019-12-05 names them). */

export type DvAuthMethod = "DNS_AUTO" | "DNS" | "FILE";

export interface ApplyFreeCertificateRequest {
  DomainName: string;
  DvAuthMethod: DvAuthMethod;
  CsrEncryptAlgo?: "RSA" | "ECC";
  CsrKeyParameter?: "2048" | "4096" | "prime256v1" | "secp384r1";
  CsrKeyPassword?: string;
  Alias?: string;
  ContactEmail?: string;
  ContactPhone?: string;
}

export interface DvAuth {
  DvAuthKey: string;
  DvAuthValue: string;
  DvAuthDomain: string;
  DvAuthPath: string;
  DvAuthSubDomain?: string;
  DvAuthVerifyType: string;
}

export interface CertificateDetail {
  CertificateId: string;
  Domain: string;
  SubjectAltName: string[];
  Status: number;
  StatusName: string;
  StatusMsg: string;
  VerifyType: string;
  PackageType?: string;
  ProductZhName?: string;
  DvAuthDetail?: {
    DvAuthKey?: string;
    DvAuthValue?: string;
    DvAuthDomain?: string;
    DvAuthPath?: string;
    DvAuthKeySubDomain?: string;
    DvAuths: DvAuth[];
  };
  CertBeginTime?: string | null;
  CertEndTime?: string | null;
  InsertTime?: string;
  Deployable?: boolean;
  FailureReason?: string | null;
  /** Paid certificates: the catalogue product (null for a free one). */
  ProductId?: string | null;
  Brand?: string;
  Period?: number;
  DomainNum?: number;
  AutoRenew?: boolean;
  /** PAID-2: this certificate's place in its series of one-year certificates. */
  Series?: {
    SeriesId: string;
    Year: number;
    Years: number;
    YearsRemaining: number;
    NextApplyTime: string | null;
    NextCertificateId: string | null;
  } | null;
  SubmittedData?: SubmittedData | null;
  [field: string]: unknown;
}

export interface VerificationResult {
  Domain: string;
  VerifyType: string;
  LocalCheck: number;
  CaCheck: number;
  LocalCheckFailReason: string;
  CheckValue: string[];
  Frequently: boolean;
  Issued: boolean;
}

export interface Quota {
  Total: number;
  Used: number;
  PlatformDomain: { Total: number; Used: number; Remaining: number };
  AnyDomain: { Total: number; Used: number; Remaining: number };
}

export interface OperateLog {
  Action: string;
  StatusFrom: number | null;
  StatusTo: number | null;
  Time: string;
  Detail?: string;
}

export interface Download {
  Content: string;
  ContentType: string;
  Password?: string;
}

export type ServiceType = "nginx" | "apache" | "iis" | "tomcat" | "pem";

export interface CreateAccountRequest {
  Type: "individual" | "enterprise";
  MemberLevel?: "standard" | "V1" | "V2";
  HeldFreeCertOn20230320?: boolean;
  Email: string;
  Phone: string;
}

// ---- paid certificates (PAID-1…PAID-3) ----------------------------------------------------------------------

export type CertType = "DV" | "OV" | "OV_PRO" | "EV" | "EV_PRO";
export type DomainType = "single" | "multi" | "wildcard" | "multi-wildcard";
export type Standard = "international" | "national";
export type VerifyType = DvAuthMethod;

/** One line of the catalogue (`GET /v1/products`). */
export interface Product {
  ProductId: string;
  ProductName: string;
  Brand: string;
  BrandId: string;
  Simulated: boolean;
  Orderable: boolean;
  Standard: Standard;
  Type: CertType;
  DomainType: DomainType;
  Algorithms: ("RSA" | "ECC" | "SM2")[];
  IpBinding: boolean;
  VerifyTypes: VerifyType[];
  Periods: number[];
  DomainNum: { min: number; max: number; included: number };
  Price: { Currency: "CNY"; PerYear: number; PerExtraDomainPerYear: number };
}

export interface ProductQuery {
  Brand?: string;
  Standard?: Standard;
  Type?: CertType;
  DomainType?: DomainType;
  Orderable?: boolean;
}

/** CreateCertificate: by ProductId, or by Brand + Type + DomainType (+ Standard, default international). */
export interface PurchaseRequest {
  ProductId?: string;
  Brand?: string;
  Type?: CertType;
  DomainType?: DomainType;
  Standard?: Standard;
  /** Bound-domain slots (multi-domain products). */
  DomainNum?: number;
  Period: 1 | 2 | 3;
  AutoRenew?: boolean;
  Alias?: string;
}

export interface PurchaseResult {
  CertificateIds: string[];
  DealIds: string[];
  ProductId: string;
  Period: number;
  DomainNum: number;
  Price: { Currency: "CNY"; Amount: number };
}

export interface OrganizationInput {
  Name: string;
  Division?: string;
  /** ISO 3166-1 alpha-2, default CN. */
  Country?: string;
  Province?: string;
  City: string;
  Address: string;
  /** Landline. */
  Phone: string;
  RegistrationNumber: string;
}

export interface PersonInput {
  Name: string;
  Position: string;
  Phone: string;
  Email: string;
}

/** SubmitCertificateInformation: every part optional, so the wizard can be saved step by step. */
export interface SubmitRequest {
  CsrType?: "online" | "parse";
  CsrEncryptAlgo?: "RSA" | "ECC" | "SM2";
  CsrKeyParameter?: "2048" | "4096" | "prime256v1" | "secp384r1" | "sm2p256v1";
  SignAlgo?: "SHA256" | "SHA384" | "SM3";
  KeyPassword?: string;
  CsrContent?: string;
  PrivateKey?: string;
  CertificateDomain?: string;
  DomainList?: string[];
  ApplicationType?: "organisation" | "individual";
  OrganizationId?: string;
  Organization?: OrganizationInput;
  AdminId?: string;
  Admin?: PersonInput;
  ContactSameAsAdmin?: boolean;
  Contact?: PersonInput;
  VerifyType?: VerifyType;
  Alias?: string;
}

export interface SubmittedData {
  CsrType: "online" | "parse" | null;
  CsrEncryptAlgo: string | null;
  CsrKeyParameter: string | null;
  SignAlgo: string | null;
  CsrContent: string | null;
  KeyPasswordProtected: boolean;
  CertificateDomain: string | null;
  DomainList: string[];
  ApplicationType: "organisation" | "individual";
  OrganizationId: string | null;
  Organization: Required<OrganizationInput> | null;
  AdminId: string | null;
  Admin: PersonInput | null;
  ContactSameAsAdmin: boolean;
  Contact: PersonInput | null;
  VerifyType: VerifyType | null;
  FromProfile: { Organization: boolean; Admin: boolean };
}

export interface SubmitResult {
  CertificateId: string;
  Status: number;
  /** The bound domains changed and the CSR made for the old ones was dropped: submit a CSR again. */
  CsrDiscarded: boolean;
  SubmittedData: SubmittedData;
}

export interface CommitResult {
  CertificateId: string;
  /** The CA's order ID. */
  OrderId: string | null;
  Status: number;
  StatusName: string;
  StatusMsg: string;
}

/** DownloadConfirmLetterTemplate (OV-1): the letter to print, sign, seal and scan. */
export interface ConfirmLetterTemplate {
  CertificateId: string;
  FileName: string;
  ContentType: string;
  /** The template, base64 (plain UTF-8 text naming the organisation, the domains and the CA's order). */
  LetterTemplate: string;
}

/**
 * UploadConfirmLetter: the signed, sealed scan as base64. The type is judged by content: international letters
 * JPG/PNG/PDF of 1 KB–1.4 MB, replaceable during the review (OV-1); GM letters JPG/GIF/PDF up to 1.4 MB, once (SM-2).
 */
export interface UploadConfirmLetterRequest {
  LetterContent: string;
  FileName: string;
}

export type ConfirmLetterType = "JPG" | "PNG" | "GIF" | "PDF";

export interface UploadConfirmLetterResult {
  CertificateId: string;
  Status: number;
  StatusName: string;
  StatusMsg: string;
  /** The type the content showed, whatever the file's name. */
  LetterType: ConfirmLetterType;
  LetterSize: number;
  /** Letters uploaded for this certificate so far, this one included. */
  Uploads: number;
}

export type ReviewState = "pending" | "approved" | "rejected";

interface ProfileReview {
  ReviewState: ReviewState;
  ReviewNote: string | null;
  CreateTime: string;
  UpdateTime: string;
}

export type OrganizationEntry = Required<OrganizationInput> & ProfileReview & { OrganizationId: string };
export type AdminEntry = PersonInput & ProfileReview & { AdminId: string };
