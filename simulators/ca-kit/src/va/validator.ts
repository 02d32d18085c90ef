import type { CaaOutcome } from "@certsim/names";
import type { CheckStatus } from "../core/types";

/** One look at one name, shaped like `@certsim/dcv`'s result (LocalCheck codes as the vendor API's). */
export interface ValidatorResult {
  name: string;
  method: "TXT" | "CNAME" | "FILE";
  status: CheckStatus;
  seen: string[];
  /** 1 passed; -1 TXT not found; -2 TXT mismatch; -4 file not found; -5 file mismatch; -6 CNAME not found; -7 CNAME mismatch. */
  localCheck: number;
  reason: string;
}

export interface CaaVerdict {
  allowed: boolean;
  /** `lookup-failed`: the DNS did not answer usefully; the CA retries later rather than deciding. */
  outcome: CaaOutcome | "lookup-failed";
  /** Names where the relevant CAA set was found (DCV-7). */
  reason: string;
  at?: string;
}

/**
 * The network checks a CA runs (DCV-4): DNS questions to the world's authoritative server, HTTP fetches from the
 * address a name resolves to there. Never the machine's resolver.
 */
export interface Validator {
  checkTxt(name: string, expected: string): Promise<ValidatorResult>;
  checkCname(name: string, expected: string): Promise<ValidatorResult>;
  checkFile(target: { name: string; path: string; expected: string }): Promise<ValidatorResult>;
  evaluateCaa(name: string, request: { identity: string | readonly string[]; wildcard: boolean }): Promise<CaaVerdict>;
  close?(): Promise<void> | void;
}

/** LocalCheck codes (vendor API). */
export const LOCAL_CHECK = {
  passed: 1,
  txtMissing: -1,
  txtMismatch: -2,
  fileMissing: -4,
  fileMismatch: -5,
  cnameMissing: -6,
  cnameMismatch: -7,
} as const;
