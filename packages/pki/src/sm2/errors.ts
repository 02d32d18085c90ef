/** What went wrong in the SM2 / GM part; each code maps to the rule it protects. */
export type Sm2ErrorCode =
  | "KEY_INVALID" // not a readable private or public key
  | "KEY_NOT_SM2" // a key on another curve or of another type
  | "CSR_MALFORMED" // not a DER/PEM PKCS#10 request
  | "CSR_NOT_SM2" // a request whose key is not SM2
  | "CSR_SIGNATURE_INVALID" // the request's self-signature does not verify
  | "CERT_MALFORMED" // a CA certificate that cannot be read
  | "INPUT_INVALID"; // arguments out of range (no names, bad validity…)

/** Typed error of the SM2 module: a stable `code`, the rule ID, and a message without internals. */
export class Sm2Error extends Error {
  readonly code: Sm2ErrorCode;
  readonly rule: string;

  constructor(code: Sm2ErrorCode, message: string, rule = "SM-4") {
    super(message);
    this.name = "Sm2Error";
    this.code = code;
    this.rule = rule;
  }
}
