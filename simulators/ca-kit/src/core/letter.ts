// The confirmation letter: a signed, sealed, scanned letter the applicant uploads before the CA goes on (SM-1,
// OV-1). A brand says which products need it, which stage waits for it, what it accepts and whether it may be
// replaced; ca-kit judges the file by its content and keeps the flow waiting until one is in.
import { CaError } from "./errors";
import type { StageName } from "./flow";
import type { ProductRule } from "./products";
import type { LetterType } from "./types";

/** 1.4 MB, as the consoles say it (1.4 × 1024 × 1024 bytes, rounded down). */
export const LETTER_MAX_BYTES = Math.floor(1.4 * 1024 * 1024);

export interface LetterPolicy {
  /**
   * Whether an order of this product needs a letter (e.g. DNSPod: GM OV and EV). `order.reviewedProfile`: the
   * reseller says the organisation comes from a profile it reviewed (OV-2 waives the letter then — not at GlobalSign).
   */
  required(product: ProductRule, order: { reviewedProfile: boolean }): boolean;
  /** The stage that does not begin until a letter is in (DNSPod, SM-1: `dcv`). */
  before: StageName;
  /** Accepted file types, judged by the content (magic bytes), never by the name. */
  types: readonly LetterType[];
  maxBytes: number;
  minBytes?: number;
  /**
   * Whether a letter may be sent again: `never` (DNSPod: a second upload is refused, SM-2), or `until-issued`
   * (OV-1: another letter may replace it while the order is open).
   */
  replace: "never" | "until-issued";
  /** The rule refusals of the letter itself name ("SM-2", "OV-1"). */
  rule: string;
  /** The rule that puts the letter before its stage, named when that stage is asked for too early ("SM-1"). */
  flowRule?: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The type of a file from its first bytes: JPEG (FF D8 FF), PNG, GIF (GIF87a/GIF89a), PDF (%PDF-); else undefined. */
export function sniffLetterType(bytes: Uint8Array): LetterType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "gif";
  if (startsWith(bytes, ascii("%PDF-"))) return "pdf";
  return undefined;
}

/** Checks a letter's content against the policy and returns its type; refusals are `InvalidLetter` (400). */
export function checkLetter(policy: LetterPolicy, bytes: Uint8Array, field = "letter"): LetterType {
  const refuse = (message: string) => new CaError(400, "InvalidLetter", message, { field, rule: policy.rule });
  if (bytes.length === 0) throw refuse("the confirmation letter is empty");
  if (bytes.length > policy.maxBytes) {
    throw refuse(`the confirmation letter is ${bytes.length} bytes: at most ${policy.maxBytes} (1.4 MB) are accepted`);
  }
  if (policy.minBytes !== undefined && bytes.length < policy.minBytes) {
    throw refuse(`the confirmation letter is ${bytes.length} bytes: at least ${policy.minBytes} are required`);
  }
  const type = sniffLetterType(bytes);
  const accepted = policy.types.map((t) => t.toUpperCase()).join(", ");
  if (!type) throw refuse(`the confirmation letter is not a ${accepted} file (judged by its content)`);
  if (!policy.types.includes(type)) {
    throw refuse(`the confirmation letter is a ${type.toUpperCase()} file: only ${accepted} are accepted`);
  }
  return type;
}
