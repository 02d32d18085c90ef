import { JsonHttp } from "./http";
import type {
  ApplyFreeCertificateRequest,
  CertificateDetail,
  CreateAccountRequest,
  Download,
  OperateLog,
  Quota,
  ServiceType,
  VerificationResult,
} from "./types";

const id = (certificateId: string) => encodeURIComponent(certificateId);

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

  close(): Promise<void> {
    return this.http.close();
  }
}
