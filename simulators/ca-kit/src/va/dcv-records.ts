import type { Rng } from "@certsim/clock";
import { classifyName, coveredNames, primaryDomain } from "@certsim/names";
import type { CaContext } from "../context";
import type { DcvFormat } from "../core/brand";
import { invalid } from "../core/errors";
import { resellerReuse } from "../core/reuse";
import type { DcvRecord, ProofKind } from "../core/types";
import { type ReuseBook, validatedIn } from "./reuse-book";

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

/** One thing the customer must publish: a DNS record, or a file on one site. */
export interface ProofTarget {
  /** The name the record is shown for. */
  domain: string;
  kind: ProofKind;
  /** The certificate names it validates. */
  proves: string[];
  /** Sites fetched (file). */
  fetch: string[];
}

/**
 * What a bound name needs: one DNS record at its validation domain, proving the name and its DOM-2 companion; or one
 * file per site of the pair (apex and www each get their own record, DCV-5), each proving its own name.
 */
export function proofTargets(bound: string, kind: ProofKind): ProofTarget[] {
  if (kind === "dns") return [{ domain: bound, kind, proves: coveredNames(bound), fetch: [] }];
  return fileNamesOf(bound).map((name) => ({ domain: name, kind, proves: [name], fetch: [name] }));
}

/** The target a stored record was made for (to renew its value). */
export function targetOf(record: DcvRecord): ProofTarget {
  return {
    domain: record.domain,
    kind: record.method,
    proves: record.proves,
    fetch: record.urls.map((url) => new URL(url).hostname),
  };
}

/** A generator for one record's value: the same order, record and generation always give the same value. */
export function recordRng(brandRng: Rng, orderId: string, index: number, generation: number): Rng {
  return brandRng.fork(`order/${orderId}/dcv/${index}/${generation}`);
}

/** Builds (or, with a new generation, renews) the record for one proof target. */
export function buildDcvRecord(params: {
  format: DcvFormat;
  brandRng: Rng;
  orderId: string;
  index: number;
  generation: number;
  target: ProofTarget;
  csrDer: Uint8Array;
  now: number;
  valueLifetime: number;
}): DcvRecord {
  const { target, now } = params;
  const instruction = params.format.instruction({
    domain: target.domain,
    validationDomain: validationDomainOf(target.domain),
    method: target.kind,
    csrDer: params.csrDer,
    rng: recordRng(params.brandRng, params.orderId, params.index, params.generation),
    now: new Date(now),
  });
  return {
    index: params.index,
    domain: target.domain,
    method: target.kind,
    recordType: instruction.recordType,
    host: instruction.host,
    value: instruction.value,
    ...(instruction.path !== undefined ? { path: instruction.path } : {}),
    urls: target.fetch.map((name) => `http://${name}${instruction.path ?? ""}`),
    proves: target.proves,
    status: "pending",
    reused: false,
    generation: params.generation,
    valueCreatedAt: now,
    valueExpiresAt: now + params.valueLifetime,
  };
}

/**
 * Every record an order needs (one per proof target of each bound name), built when its DCV instructions are
 * released. A record whose names were validated in the order's book within its period starts as passed: by this
 * reseller within the DCV-11 period (the default book), or under the same company name for 13 months (DCV-8).
 */
export function buildOrderDcv(
  ctx: Pick<CaContext, "brand" | "rng" | "store" | "timings" | "reuseDays">,
  order: {
    id: string;
    resellerId: string;
    domains: readonly string[];
    kind: ProofKind;
    csrDer: Uint8Array;
    book?: ReuseBook;
  },
  now: number,
): DcvRecord[] {
  const book = order.book ?? { resellerId: order.resellerId, policy: resellerReuse(ctx.reuseDays) };
  const targets = order.domains.flatMap((domain) => proofTargets(domain, order.kind));
  return targets.map((target, index) => {
    const record = buildDcvRecord({
      format: ctx.brand.dcvFormat,
      brandRng: ctx.rng,
      orderId: order.id,
      index,
      generation: 0,
      target,
      csrDer: order.csrDer,
      now,
      valueLifetime: ctx.timings.valueLifetime,
    });
    const earlier = record.proves.map((name) => validatedIn(ctx.store, book, name));
    if (earlier.every((at) => at !== undefined && book.policy.retained(at, now))) {
      record.status = "passed";
      record.reused = true;
      record.passedAt = Math.min(...(earlier as number[]));
    }
    return record;
  });
}
