// The platform API as k6 calls it. Every request is tagged with `name` (the operation), so thresholds and the
// summary can be read per endpoint; 400 refusals the API documents are expected answers, not failed requests.
import http from "k6/http";

const JSON_HEADERS = { "content-type": "application/json" };
const OK = http.expectedStatuses(200, 201);
/**
 * An application may be refused (quota, per-domain limit: 400; online RSA key generation busy: 503): an answer with
 * a documented vendor code is a normal answer. Any other 400 or 503 still counts in the scripts' unexpected answers.
 */
const OK_OR_REFUSED = http.expectedStatuses(200, 201, 400, 503);
/** A DCV check may find the certificate not ready or moved on (409 with a documented code, see DCV_CHECK_REFUSALS). */
const OK_OR_CONFLICT = http.expectedStatuses(200, 409);

/**
 * @typedef {object} ApplyRequest
 * @property {string} DomainName
 * @property {"DNS" | "FILE" | "DNS_AUTO"} DvAuthMethod
 * @property {"RSA" | "ECC"} [CsrEncryptAlgo]
 * @property {"2048" | "4096" | "prime256v1" | "secp384r1"} [CsrKeyParameter]
 */

/** Refusals (400) a customer must expect while applying; anything else non-2xx is a defect. */
export const EXPECTED_REFUSALS = [
  "FailedOperation.ExceedsFreeLimit",
  "FailedOperation.MainDomainCertificateCountLimit",
];
/**
 * 409 answers to a DCV check (DCV-10) a customer must expect: the CA has not released the instructions yet (WT-2),
 * or the certificate left the validation statuses (issued, failed) since the customer last read it.
 */
export const DCV_CHECK_REFUSALS = ["FailedOperation.DcvNotReleased", "FailedOperation.InvalidCertificateStatusCode"];
/** 503 for an online RSA key that would wait too long behind the queued ones (CSR-1): try again, or take ECC. */
export const BUSY_REFUSAL = "FailedOperation.ResourceBusy";

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
      headers: Object.assign({}, this.auth, JSON_HEADERS),
      tags: Object.assign({ name: "apply", algo: body.CsrEncryptAlgo || "RSA" }, tags),
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
      headers: Object.assign({}, this.auth, JSON_HEADERS),
      tags: { name: "check-dcv" },
      responseCallback: OK_OR_CONFLICT,
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
 * The JSON body as an object, or an empty object when there is none or it is not a JSON object, so callers can read
 * fields without optional chaining (the Babel 6 of k6 before v0.52 does not parse `?.`).
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {Record<string, any>}
 */
export function bodyOf(res) {
  if (typeof res.body !== "string" || res.body === "") return {};
  try {
    const parsed = JSON.parse(res.body);
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch (_notJson) {
    return {};
  }
}

/**
 * The vendor error code of a refusal, or "" for a success or a body without one.
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {string}
 */
export function errorCode(res) {
  const error = bodyOf(res).error;
  return typeof error === "object" && error !== null && typeof error.code === "string" ? error.code : "";
}

/**
 * The code of a refusal the API documents for an application (400 quota or per-domain limit, 503 busy), or "".
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {string}
 */
export function documentedRefusal(res) {
  const code = errorCode(res);
  if (res.status === 400 && EXPECTED_REFUSALS.includes(code)) return code;
  if (res.status === 503 && code === BUSY_REFUSAL) return code;
  return "";
}

/**
 * The code of a refusal the API documents for a DCV check (409, DCV_CHECK_REFUSALS), or "".
 * @param {import("k6/http").RefinedResponse<import("k6/http").ResponseType | undefined>} res
 * @returns {string}
 */
export function dcvCheckRefusal(res) {
  const code = errorCode(res);
  return res.status === 409 && DCV_CHECK_REFUSALS.includes(code) ? code : "";
}
