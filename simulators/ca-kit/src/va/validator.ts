import type { CaaCheck, CaaCheckRequest, DcvResult, FileTarget } from "@certsim/dcv";

export type { CaaCheck, DcvResult } from "@certsim/dcv";
export { LOCAL_CHECK } from "@certsim/dcv";

/**
 * The network checks a CA needs (DCV-4): the part of `@certsim/dcv` the pipeline uses, as a small interface so a
 * test or a brand can put another implementation behind it. Every DNS question goes to the world's authoritative
 * server and every fetch to the address a name has there, never the machine's resolver.
 */
export interface Validator {
  checkTxt(name: string, expected: string): Promise<DcvResult>;
  checkCname(name: string, expected: string): Promise<DcvResult>;
  checkFile(target: FileTarget): Promise<DcvResult>;
  evaluateCaa(name: string, request: CaaCheckRequest): Promise<CaaCheck>;
  close?(): Promise<void> | void;
}
