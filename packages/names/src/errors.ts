/** Why a name was refused: a short machine word, stable for tests and logs. */
export type NameErrorReason =
  | "empty-name"
  | "empty-label"
  | "label-too-long"
  | "name-too-long"
  | "illegal-character"
  | "hyphen-position"
  | "reserved-label"
  | "invalid-idn"
  | "numeric-tld"
  | "invalid-ip"
  | "wildcard-position"
  | "no-registrable-domain"
  | "ip-address"
  | "empty-list";

/** Vendor-style code for every refused name: the platform answers it as a 400 naming the field. */
export const DOMAIN_INVALID = "InvalidParameter.DomainInvalid";

/**
 * A name the rules refuse. Carries the vendor error code, the rule that refused it, a machine `reason` and,
 * when the caller said which input it came from, the `field`. The message quotes the input (shortened) and
 * never includes a stack trace in its JSON form.
 */
export class NameError extends Error {
  readonly code: string;
  readonly rule: string;
  readonly reason: NameErrorReason;
  readonly field?: string;

  constructor(reason: NameErrorReason, rule: string, message: string, options: { field?: string; code?: string } = {}) {
    super(message);
    this.name = "NameError";
    this.reason = reason;
    this.rule = rule;
    this.code = options.code ?? DOMAIN_INVALID;
    if (options.field !== undefined) this.field = options.field;
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        rule: this.rule,
        reason: this.reason,
        ...(this.field !== undefined ? { field: this.field } : {}),
      },
    };
  }
}

/** Quotes user input for an error message without letting a huge or control-laden string through. */
export function quote(input: string): string {
  const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
  return JSON.stringify(shown);
}
