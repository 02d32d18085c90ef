import { JsonHttp } from "./http";
import type {
  AdminEntry,
  ApplyFreeCertificateRequest,
  CertificateDetail,
  CommitResult,
  ConfirmLetterTemplate,
  CreateAccountRequest,
  Download,
  OperateLog,
  OrganizationEntry,
  OrganizationInput,
  PersonInput,
  Product,
  ProductQuery,
  PurchaseRequest,
  PurchaseResult,
  Quota,
  ReviewState,
  ServiceType,
  SubmitRequest,
  SubmitResult,
  UploadConfirmLetterRequest,
  UploadConfirmLetterResult,
  VerificationResult,
} from "./types";

const id = (certificateId: string) => encodeURIComponent(certificateId);

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params.size ? `?${params}` : "";
}

/** The platform API as one customer (one API key) sees it. */
export class PlatformClient {
  private readonly http: JsonHttp;

  constructor(options: { url: string; apiKey: string; connections?: number }) {
    this.http = new JsonHttp(options.url, { authorization: `Bearer ${options.apiKey}` }, options.connections);
  }

  applyFreeCertificate(request: ApplyFreeCertificateRequest): Promise<{ CertificateId: string }> {
    return this.http.call("POST", "/v1/free-certificates", request);
  }

  describeCertificates(
    query: { Offset?: number; Limit?: number; Status?: number; SearchKey?: string } = {},
  ): Promise<{ TotalCount: number; Certificates: CertificateDetail[] }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const qs = params.size ? `?${params}` : "";
    return this.http.call("GET", `/v1/certificates${qs}`);
  }

  describeCertificate(certificateId: string): Promise<CertificateDetail> {
    return this.http.call("GET", `/v1/certificates/${id(certificateId)}`);
  }

  checkDomainVerification(certificateId: string): Promise<{ VerificationResults: VerificationResult[] }> {
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/domain-verification`, {});
  }

  cancel(certificateId: string): Promise<unknown> {
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/cancel`, {});
  }

  revoke(certificateId: string, reason: string): Promise<unknown> {
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/revoke`, { Reason: reason });
  }

  download(certificateId: string, serviceType: ServiceType = "nginx"): Promise<Download> {
    return this.http.call("GET", `/v1/certificates/${id(certificateId)}/download?ServiceType=${serviceType}`);
  }

  operationLogs(certificateId: string): Promise<{ OperateLogs: OperateLog[] }> {
    return this.http.call("GET", `/v1/certificates/${id(certificateId)}/operation-logs`);
  }

  // ---- paid certificates ----

  /** DescribePackages: the catalogue (PAID-1). */
  products(query: ProductQuery = {}): Promise<{ TotalCount: number; Products: Product[] }> {
    return this.http.call("GET", `/v1/products${queryString(query)}`);
  }

  product(productId: string): Promise<Product> {
    return this.http.call("GET", `/v1/products/${encodeURIComponent(productId)}`);
  }

  /** CreateCertificate: one certificate in status 5 per purchase. */
  purchase(request: PurchaseRequest): Promise<PurchaseResult> {
    return this.http.call("POST", "/v1/certificates", request);
  }

  /** SubmitCertificateInformation: save (part of) the wizard's information while the certificate is in status 5. */
  submit(certificateId: string, request: SubmitRequest): Promise<SubmitResult> {
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/submit`, request);
  }

  /** CommitCertificateInformation: place the order with the CA; the bound domains are fixed from here. */
  commit(certificateId: string): Promise<CommitResult> {
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/commit`, {});
  }

  /** DownloadConfirmLetterTemplate: OV/EV orders waiting in status 8 (OV-1, SM-1). */
  confirmLetterTemplate(certificateId: string): Promise<ConfirmLetterTemplate> {
    return this.http.call("GET", `/v1/certificates/${id(certificateId)}/confirm-letter/template`);
  }

  /**
   * UploadConfirmLetter: a `Uint8Array` is sent as base64; a string is taken as base64 already. Refusals are
   * PlatformErrors naming `LetterContent` with the rule (OV-1 or SM-2).
   */
  uploadConfirmLetter(
    certificateId: string,
    letter: UploadConfirmLetterRequest | { content: Uint8Array; fileName: string },
  ): Promise<UploadConfirmLetterResult> {
    const body: UploadConfirmLetterRequest =
      "content" in letter
        ? { LetterContent: Buffer.from(letter.content).toString("base64"), FileName: letter.fileName }
        : letter;
    return this.http.call("POST", `/v1/certificates/${id(certificateId)}/confirm-letter`, body);
  }

  // ---- My Profile ----

  createOrganization(organization: OrganizationInput): Promise<OrganizationEntry> {
    return this.http.call("POST", "/v1/profile/organizations", organization);
  }

  organizations(
    page: { Offset?: number; Limit?: number } = {},
  ): Promise<{ TotalCount: number; Items: OrganizationEntry[] }> {
    return this.http.call("GET", `/v1/profile/organizations${queryString(page)}`);
  }

  organization(organizationId: string): Promise<OrganizationEntry> {
    return this.http.call("GET", `/v1/profile/organizations/${encodeURIComponent(organizationId)}`);
  }

  updateOrganization(organizationId: string, organization: OrganizationInput): Promise<OrganizationEntry> {
    return this.http.call("PUT", `/v1/profile/organizations/${encodeURIComponent(organizationId)}`, organization);
  }

  deleteOrganization(organizationId: string): Promise<{ Deleted: string }> {
    return this.http.call("DELETE", `/v1/profile/organizations/${encodeURIComponent(organizationId)}`);
  }

  createAdmin(admin: PersonInput): Promise<AdminEntry> {
    return this.http.call("POST", "/v1/profile/admins", admin);
  }

  admins(page: { Offset?: number; Limit?: number } = {}): Promise<{ TotalCount: number; Items: AdminEntry[] }> {
    return this.http.call("GET", `/v1/profile/admins${queryString(page)}`);
  }

  admin(adminId: string): Promise<AdminEntry> {
    return this.http.call("GET", `/v1/profile/admins/${encodeURIComponent(adminId)}`);
  }

  updateAdmin(adminId: string, admin: PersonInput): Promise<AdminEntry> {
    return this.http.call("PUT", `/v1/profile/admins/${encodeURIComponent(adminId)}`, admin);
  }

  deleteAdmin(adminId: string): Promise<{ Deleted: string }> {
    return this.http.call("DELETE", `/v1/profile/admins/${encodeURIComponent(adminId)}`);
  }

  quota(): Promise<Quota> {
    return this.http.call("GET", "/v1/quota");
  }

  messages(): Promise<{ Messages: { Title: string; Content: string; Time: string }[] }> {
    return this.http.call("GET", "/v1/messages");
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** The platform's admin face: accounts and the registrar's domain list. */
export class PlatformAdminClient {
  private readonly http: JsonHttp;

  constructor(options: { url: string; adminToken: string }) {
    this.http = new JsonHttp(options.url, { "x-admin-token": options.adminToken }, 4);
  }

  createAccount(request: CreateAccountRequest): Promise<{ AccountId: string; ApiKey: string }> {
    return this.http.call("POST", "/admin/accounts", request);
  }

  addRegistrarDomain(domain: string): Promise<unknown> {
    return this.http.call("POST", "/admin/registrar-domains", { Domain: domain });
  }

  /** The vendor's review of a My Profile entry (PAID-3). */
  reviewProfileEntry(
    kind: "organizations" | "admins",
    entryId: string,
    result: Exclude<ReviewState, "pending">,
    note?: string,
  ): Promise<OrganizationEntry | AdminEntry> {
    return this.http.call("POST", `/admin/profile/${kind}/${encodeURIComponent(entryId)}/review`, {
      Result: result,
      ...(note !== undefined ? { Note: note } : {}),
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
