import { ApiError } from "@certsim/service";

/**
 * The generic codes the engine refuses with. A brand's reseller face may rename them into its own dialect
 * (`ResellerDialect.errorCodes`); brand rules may throw their own codes directly.
 */
export type CaErrorCode =
  | "Unauthorized"
  | "InvalidParameter"
  | "InvalidProduct"
  | "InvalidDomain"
  | "InvalidCsr"
  | "InvalidDcvMethod"
  | "OrderNotFound"
  | "CertificateNotFound"
  | "ResellerNotFound"
  | "InvalidOrderState"
  | "DuplicateOrder"
  | "DcvNotReleased"
  | "MissingParameter";

/** A refusal by the CA: an HTTP status, a code, the field it is about and the rule behind it. Never a stack. */
export class CaError extends ApiError {
  constructor(
    status: number,
    code: CaErrorCode | (string & {}),
    message: string,
    details?: { field?: string; rule?: string },
  ) {
    super(status, code, message, details);
    this.name = "CaError";
  }
}

export const invalid = (code: CaErrorCode | (string & {}), field: string, message: string, rule?: string) =>
  new CaError(400, code, message, { field, ...(rule ? { rule } : {}) });

export const orderNotFound = (id: string) => new CaError(404, "OrderNotFound", `order ${JSON.stringify(id)} not found`);

export const wrongState = (id: string, status: string, action: string) =>
  new CaError(409, "InvalidOrderState", `order ${id} is ${status}: cannot ${action}`);
