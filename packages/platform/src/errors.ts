// The platform's refusals, in the vendor's error vocabulary. Partner failures are translated here so a customer
// never sees a partner's internals or a stack trace.
import { ApiError } from "@certsim/service";
import { CaRefusal } from "./adapters/ca";
import { PartnerRefusedError, PartnerUnavailableError } from "./adapters/http";
import { STATUS_NAMES, type StatusCode } from "./orders/status";

export const certificateNotFound = (id: string) =>
  new ApiError(404, "FailedOperation.CertificateNotFound", `certificate ${JSON.stringify(id.slice(0, 40))} not found`, {
    field: "CertificateId",
  });

export const networkError = (what: string) =>
  new ApiError(503, "FailedOperation.NetworkError", `${what} is busy or unreachable; nothing was changed, try again`);

export const wrongStatus = (status: StatusCode, action: string, rule?: string) =>
  new ApiError(
    409,
    "FailedOperation.InvalidCertificateStatusCode",
    `cannot ${action} a certificate in status ${status} (${STATUS_NAMES[status]})`,
    rule ? { rule } : {},
  );

/**
 * A partner's failure as the customer sees it (the error names the partner). Anything unexpected is
 * rethrown (a 500 without details).
 */
export function fromPartnerError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof PartnerUnavailableError) return networkError(error.partner);
  if (error instanceof CaRefusal) {
    return new ApiError(error.status, error.code, error.message, error.rule ? { rule: error.rule } : {});
  }
  if (error instanceof PartnerRefusedError) return networkError(error.partner);
  throw error;
}
