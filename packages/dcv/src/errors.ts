/** Machine words for what went wrong; stable for tests and logs. */
export type DcvErrorCode = "InvalidOption" | "CaaLookupFailed";

/**
 * A failure the caller must handle instead of a check result: a bad option to `createDcv`, or a CAA climb the
 * DNS could not answer (DCV-7: a failed lookup must never read as "no CAA, issue"). Its JSON form carries no stack.
 */
export class DcvError extends Error {
  readonly code: DcvErrorCode;
  readonly rule: string;

  constructor(code: DcvErrorCode, rule: string, message: string) {
    super(message);
    this.name = "DcvError";
    this.code = code;
    this.rule = rule;
  }

  toJSON() {
    return { name: this.name, code: this.code, rule: this.rule, message: this.message };
  }
}
