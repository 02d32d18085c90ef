// The platform API as k6 calls it. Every request is tagged with `name` (the operation), so thresholds and the
// summary can be read per endpoint; 400 refusals the API documents are expected answers, not failed requests.
import http from "k6/http";

const JSON_HEADERS = { "content-type": "application/json" };
const OK = http.expectedStatuses(200, 201);
/** An application may be refused (quota, per-domain limit): a 400 with a vendor code is a normal answer. */
const OK_OR_REFUSED = http.expectedStatuses(200, 201, 400);

/**
 * @typedef {object} ApplyRequest
 * @property {string} DomainName
 * @property {"DNS" | "FILE" | "DNS_AUTO"} DvAuthMethod
 * @property {"RSA" | "ECC"} [CsrEncryptAlgo]
 * @property {"2048" | "4096" | "prime256v1" | "secp384r1"} [CsrKeyParameter]
 */

/** Refusals a customer must expect while applying; anything else non-2xx is a defect. */
export const EXPECTED_REFUSALS = [
  "FailedOperation.ExceedsFreeLimit",
  "FailedOperation.MainDomainCertificateCountLimit",
];

export class Platform {
  /**
   * @param {string} baseUrl
   * @param {string} apiKey
   */
  constructor(baseUrl, apiKey) {
    this.baseUrl = baseUrl;
    this.auth = { authorization: `Bearer ${apiKey}` };
  }

  /**
   * ApplyCertificate.
   * @param {ApplyRequest} body
   * @param {Record<string, string>} [tags]
   */
  apply(body, tags = {}) {
    return http.post(`${this.baseUrl}/v1/free-certificates`, JSON.stringify(body), {
      headers: { ...this.auth, ...JSON_HEADERS },
      tags: { name: "apply", algo: body.CsrEncryptAlgo ?? "RSA", ...tags },
      responseCallback: OK_OR_REFUSED,
    });
  }

  /** @param {string} id DescribeCertificateDetail */
  status(id) {
    return http.get(`${this.baseUrl}/v1/certificates/${encodeURIComponent(id)}`, {
      headers: this.auth,
      tags: { name: "status" },
      responseCallback: OK,
    });
  }

  /** @param {{ Offset?: number, Limit?: number, Status?: number }} [query] DescribeCertificates */
  list(query = {}) {
    const qs = Object.entries(query)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join("&");
    return http.get(`${this.baseUrl}/v1/certificates${qs ? `?${qs}` : ""}`, {
      headers: this.auth,
      tags: { name: "list" },
      responseCallback: OK,
    });
  }

  /** @param {string} id CheckCertificateDomainVerification */
  checkDcv(id) {
    return http.post(`${this.baseUrl}/v1/certificates/${encodeURIComponent(id)}/domain-verification`, "{}", {
      headers: { ...this.auth, ...JSON_HEADERS },
      tags: { name: "check-dcv" },
      responseCallback: OK,
    });
  }

  /**
   * DownloadCertificate.
   * @param {string} id
   * @param {"nginx" | "apache" | "iis" | "tomcat" | "pem"} [serviceType]
   */
  download(id, serviceType = "nginx") {
    return http.get(`${this.baseUrl}/v1/certificates/${encodeURIComponent(id)}/download?ServiceType=${serviceType}`, {
      headers: this.auth,
      tags: { name: "download" },
      responseCallback: OK,
    });
  }

  quota() {
    return http.get(`${this.baseUrl}/v1/quota`, { headers: this.auth, tags: { name: "quota" }, responseCallback: OK });
  }
}

/**
 * The JSON body, or undefined when there is none or it is not JSON.
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {any}
 */
export function bodyOf(res) {
  if (typeof res.body !== "string" || res.body === "") return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/**
 * The vendor error code of a refusal, or "" for a success or a body without one.
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {string}
 */
export function errorCode(res) {
  const body = bodyOf(res);
  return typeof body?.error?.code === "string" ? body.error.code : "";
}
