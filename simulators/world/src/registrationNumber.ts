import { badRequest } from "@certsim/service";

/**
 * The characters of a unified social credit code (统一社会信用代码, GB 32100-2015): digits and upper-case letters
 * except I, O, S, V and Z, which the standard leaves out because they are easily read as 1, 0, 5, U and 2.
 */
export const REGISTRATION_NUMBER_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * A registration number as the registry files it: 18 characters of a unified social credit code, trimmed and
 * upper-cased ("91110000mA01abcd1x" files as "91110000MA01ABCD1X"). Only the shape is checked — not the check digit
 * nor the division code inside — so scenarios can make up numbers freely.
 */
export function parseRegistrationNumber(input: string, field = "registrationNumber"): string {
  const number = input.trim().toUpperCase();
  if (!SHAPE.test(number)) {
    throw badRequest(
      "InvalidParameter.RegistrationNumberInvalid",
      `${field}: '${input.slice(0, 40)}' is not a registration number (18 digits or upper-case letters other than I, O, S, V, Z)`,
      { field },
    );
  }
  return number;
}
