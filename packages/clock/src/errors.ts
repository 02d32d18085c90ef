/** Why the clock, the calendar, the random generator or a duration refused an input: a stable machine code. */
export type ClockErrorCode =
  | "Clock.MissingStart"
  | "Clock.AmbiguousInstant"
  | "Clock.InvalidInstant"
  | "Clock.InvalidOption"
  | "Clock.InvalidDelay"
  | "Clock.TimeGoesForward"
  | "Clock.Busy"
  | "Clock.WrongMode"
  | "Clock.EventLimit"
  | "Clock.ConditionNotReached"
  | "Rng.InvalidArgument"
  | "Calendar.InvalidDate"
  | "Calendar.InvalidArgument"
  | "Duration.Invalid";

/**
 * A refused input or an impossible request to the clock package. Carries a `code` and, where a rule of
 * RULES.md is behind the refusal, its ID. The JSON form never includes a stack trace.
 */
export class ClockError extends Error {
  readonly code: ClockErrorCode;
  readonly rule?: string;

  constructor(code: ClockErrorCode, message: string, rule?: string) {
    super(message);
    this.name = "ClockError";
    this.code = code;
    if (rule !== undefined) this.rule = rule;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.rule ? { rule: this.rule } : {}) } };
  }
}
