import type { CheckSummary, DcvRecord } from "../core/types";
import type { DcvResult, Validator } from "./validator";

/**
 * Looks at one DCV record over the network: a TXT or CNAME at its host, or its file at every URL it names (for an
 * apex both the apex and www, DCV-5). Passes only when every look finds the value. Looks run one after another so
 * the request history reads in a stable order.
 */
export async function checkRecord(validator: Validator, record: DcvRecord, now: number): Promise<CheckSummary> {
  const results: DcvResult[] = [];
  switch (record.recordType) {
    case "TXT":
      results.push(await validator.checkTxt(record.host, record.value));
      break;
    case "CNAME":
      results.push(await validator.checkCname(record.host, record.value));
      break;
    case "FILE":
      for (const url of record.urls) {
        const name = new URL(url).hostname;
        results.push(await validator.checkFile({ name, path: record.path ?? "/", expected: record.value }));
      }
      break;
  }
  const failing = results.find((result) => result.status !== "found");
  const shown = failing ?? results[0]!;
  return {
    status: shown.status,
    seen: shown.seen,
    localCheck: shown.localCheck,
    reason: failing ? failing.reason : results.map((result) => result.reason).join("; "),
    at: now,
    checks: results.map(({ name, status, seen, localCheck, reason }) => ({ name, status, seen, localCheck, reason })),
  };
}
