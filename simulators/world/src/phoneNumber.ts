import { badRequest } from "@certsim/service";

/**
 * A phone number in the form the phone line files it: a leading "+" kept, spaces and dashes dropped
 * ("+86 10-8888 8888" → "+861088888888"). Digits, "+", "-" and spaces only; 5 to 20 digits.
 */
export function parsePhoneNumber(input: string, field = "to"): string {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s-]/g, "");
  const count = digits.replace(/^\+/, "").length;
  if (!/^\+?[0-9]+$/.test(digits) || /^[\s-]|[\s-]$/.test(trimmed) || count < 5 || count > 20) {
    throw badRequest(
      "InvalidParameter.PhoneNumberInvalid",
      `${field}: '${input.slice(0, 40)}' is not a phone number (digits, +, - and spaces; 5-20 digits)`,
      { field },
    );
  }
  return digits;
}
