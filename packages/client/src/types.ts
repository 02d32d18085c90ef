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
