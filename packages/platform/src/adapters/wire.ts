// Shapes every brand's JSON shares, whatever it names the fields.
import { z } from "zod";

export const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), "not a date-time");

export const pemCertificate = z.string().includes("-----BEGIN CERTIFICATE-----");

/** The CA's order ID in a status callback's body, under the brand's field name; undefined when the body is not one. */
export function callbackField(body: unknown, field: string): string | undefined {
  const parsed = z.object({ [field]: z.string().min(1).max(200) }).safeParse(body);
  return parsed.success ? parsed.data[field] : undefined;
}
