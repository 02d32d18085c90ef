// A CA's refusal in the platform's vocabulary. Each brand names its error codes; what a code means to the customer
// (status, platform code, rule) comes from the brand's table, and what no code explains from the HTTP status.
import type { z } from "zod";
import { CaRefusal } from "./ca";
import type { JsonAnswer } from "./http";

/** A brand's error code as the platform reports it. */
export interface KnownRefusal {
  status: number;
  code: string;
  rule?: string;
}

export interface RefusalDialect {
  /** The brand as named to customers ("WoTrus"). */
  name: string;
  /** The brand's error body, `{ error: { code, message? } }` plus its own optional fields. */
  errorBody: z.ZodType<{ error: { code: string; message?: string | undefined } }>;
  known: Record<string, KnownRefusal>;
  /** Codes saying the information sent was wrong or missing: the brand's message is passed on. */
  parameterCodes?: readonly string[];
}

export function caRefusal(dialect: RefusalDialect, answer: JsonAnswer): CaRefusal {
  const parsed = dialect.errorBody.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP${answer.status}`;
  const message = (parsed.success ? parsed.data.error.message : undefined) ?? `${dialect.name} refused (${code})`;
  const known = Object.hasOwn(dialect.known, code) ? dialect.known[code] : undefined;
  if (known) return new CaRefusal(known.status, known.code, message, known.rule, code);
  if (dialect.parameterCodes?.includes(code)) {
    return new CaRefusal(
      400,
      "InvalidParameter",
      `${dialect.name} refused the information: ${message}`,
      undefined,
      code,
    );
  }
  if (answer.status === 401 || answer.status === 403) {
    // The platform's own credentials are wrong: the customer can only wait for the operator to fix them.
    return new CaRefusal(
      503,
      "FailedOperation.NetworkError",
      "the CA refused the platform's credentials",
      undefined,
      code,
    );
  }
  if (answer.status === 404) return new CaRefusal(404, "FailedOperation.CaOrderNotFound", message, undefined, code);
  return new CaRefusal(409, "FailedOperation.CaRefused", message, undefined, code);
}
