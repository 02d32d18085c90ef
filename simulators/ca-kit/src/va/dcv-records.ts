import type { Rng } from "@certsim/clock";
import { classifyName, coveredNames, primaryDomain } from "@certsim/names";
import type { DcvFormat } from "../core/brand";
import { invalid } from "../core/errors";
import type { DcvRecord, ProofKind } from "../core/types";

/**
 * The name a DNS proof is made at: the base of a wildcard (DCV-6), the apex for `www.<apex>` (one record at the
 * apex proves both names of the DOM-2 pair, BR 3.2.2.4.7), otherwise the name itself.
 */
export function validationDomainOf(name: string): string {
  const { kind, base } = classifyName(name);
  if (kind === "wildcard") return base;
  if (kind === "domain") {
    const apex = primaryDomain(name);
    if (name === `www.${apex}`) return apex;
  }
  return name;
}

/**
 * The names a file proof fetches (DCV-5): both names of a DOM-2 pair (apex and www), otherwise the name itself.
 * A wildcard cannot be validated by file.
 */
export function fileNamesOf(name: string): string[] {
  if (classifyName(name).kind === "wildcard") {
    throw invalid("InvalidDcvMethod", "dcv_method", `${name} is a wildcard: file validation is not allowed`, "DCV-5");
  }
  return coveredNames(name);
}

/** Refuses a method no name of the order can use (file for a wildcard, DCV-5). */
export function assertMethodFitsNames(kind: ProofKind, domains: readonly string[]): void {
  if (kind === "file") for (const domain of domains) fileNamesOf(domain);
}

/** A generator for one record's value: the same order, record and generation always give the same value. */
export function recordRng(brandRng: Rng, orderId: string, index: number, generation: number): Rng {
  return brandRng.fork(`order/${orderId}/dcv/${index}/${generation}`);
}

/** Builds (or, with a new generation, renews) the record one bound name needs. */
export function buildDcvRecord(params: {
  format: DcvFormat;
  brandRng: Rng;
  orderId: string;
  index: number;
  generation: number;
  domain: string;
  kind: ProofKind;
  csrDer: Uint8Array;
  now: number;
  valueLifetime: number;
}): DcvRecord {
  const { domain, kind, now } = params;
  const instruction = params.format.instruction({
    domain,
    validationDomain: validationDomainOf(domain),
    method: kind,
    csrDer: params.csrDer,
    rng: recordRng(params.brandRng, params.orderId, params.index, params.generation),
    now: new Date(now),
  });
  const fetched = kind === "file" ? fileNamesOf(domain) : [];
  return {
    index: params.index,
    domain,
    method: kind,
    recordType: instruction.recordType,
    host: instruction.host,
    value: instruction.value,
    ...(instruction.path !== undefined ? { path: instruction.path } : {}),
    urls: fetched.map((name) => `http://${name}${instruction.path ?? ""}`),
    proves: coveredNames(domain),
    status: "pending",
    reused: false,
    generation: params.generation,
    valueCreatedAt: now,
    valueExpiresAt: now + params.valueLifetime,
  };
}
