// Domain validation as the brands report it (DCV-3, DCV-5, DCV-10), turned into the platform's instructions and
// check results. The brands differ in field names only: a DNS record is one instruction, a file one per site.
import type { DcvCheckResult, DcvInstruction } from "../store/types";

/** The vendor's LocalCheck codes, with the reason the vendor shows next to them (DCV-10). */
export const LOCAL_CHECK_REASONS: Record<number, string> = {
  1: "passed",
  [-1]: "TXT record not found",
  [-2]: "TXT record not match",
  [-4]: "file not found",
  [-5]: "file not match",
  [-6]: "CNAME record not found",
  [-7]: "CNAME record not match",
};

export function dnsInstruction(record: {
  domain: string;
  recordType: "TXT" | "CNAME";
  host: string;
  value: string;
  passed: boolean;
}): DcvInstruction {
  const { domain, recordType, host, value, passed } = record;
  return { domain, method: "dns", recordType, host, value, passed };
}

/** A file, one instruction per site the CA fetches it from (apex and www, DCV-5); without URLs, the domain itself. */
export function fileInstructions(file: {
  domain: string;
  path: string | undefined;
  urls: string[] | undefined;
  content: string;
  passed: boolean;
}): DcvInstruction[] {
  const urls = file.urls?.length ? file.urls : [`http://${file.domain}${file.path ?? ""}`];
  return urls.map((url) => ({
    domain: file.domain,
    method: "file" as const,
    recordType: "FILE" as const,
    host: new URL(url).hostname,
    value: file.content,
    ...(file.path ? { path: file.path } : {}),
    url,
    passed: file.passed,
  }));
}

/** A "check now" verdict in the brands' PASS/MISMATCH/NOT_FOUND words, in the platform's. */
const VERDICTS = { PASS: "found", MISMATCH: "mismatch", NOT_FOUND: "missing" } as const;

/** One name's check result; the vendor's reason for its LocalCheck code comes before the brand's message. */
export function checkResult(result: {
  domain: string;
  method: "dns" | "file";
  verdict: keyof typeof VERDICTS;
  seen: string[];
  localCheck: number;
  message: string | null | undefined;
}): DcvCheckResult {
  const { domain, method, seen, localCheck } = result;
  const reason = LOCAL_CHECK_REASONS[localCheck] ?? result.message ?? `check code ${localCheck}`;
  return { domain, method, status: VERDICTS[result.verdict], seen, localCheck, reason };
}
