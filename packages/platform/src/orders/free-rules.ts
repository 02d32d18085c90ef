// FREE-1, FREE-2, DOM-3, DOM-5: what name a free certificate may bind, decided on the normalised name.
import { classifyName, coveredNames, NameError, primaryDomain } from "@certsim/names";
import { ApiError } from "@certsim/service";

/** FREE-2 defaults: names under these suffixes get no free certificate. */
export const DEFAULT_FREE_SUFFIX_DENY_LIST: readonly string[] = [
  ".edu",
  ".gov",
  ".org",
  ".ru",
  ".jp",
  ".pay",
  ".bank",
  ".live",
  ".nuclear",
];

export interface FreeName {
  /** The bound name, normalised (DOM-3). */
  domain: string;
  /** Its registrable domain (DOM-5). */
  primaryDomain: string;
  /** What the certificate carries (DOM-2). */
  names: string[];
}

const FIELD = "DomainName";

function invalid(message: string, rule: string): ApiError {
  return new ApiError(400, "InvalidParameter.DomainInvalid", message, { field: FIELD, rule });
}

/** Normalises a suffix list entry (`.ORG.` → `org`) so the check compares like with like. */
export function normaliseSuffix(suffix: string): string {
  return suffix.trim().toLowerCase().replace(/^\.+/, "").replace(/\.+$/, "");
}

/** Whether `name` is the suffix itself or lies under it, label by label (`example.org` under `.org`). */
export function underSuffix(name: string, suffix: string): boolean {
  const s = normaliseSuffix(suffix);
  return s !== "" && (name === s || name.endsWith(`.${s}`));
}

/** Applies DOM-3 first, then FREE-1 (one plain name with a registrable domain), then FREE-2. */
export function checkFreeName(input: string, denyList: readonly string[]): FreeName {
  let kind: string;
  let domain: string;
  let apex: string;
  try {
    ({ kind, name: domain } = classifyName(input, { field: FIELD }));
    if (kind === "wildcard") throw invalid("a free certificate cannot bind a wildcard name", "FREE-1");
    if (kind === "ip") throw invalid("a free certificate cannot bind an IP address", "FREE-1");
    apex = primaryDomain(domain, { field: FIELD });
  } catch (error) {
    if (error instanceof NameError) {
      const rule = error.rule === "DOM-5" || error.rule === "DOM-4" ? "FREE-1" : error.rule;
      throw invalid(error.message, rule);
    }
    throw error;
  }
  const denied = denyList.find((suffix) => underSuffix(domain, suffix));
  if (denied !== undefined) {
    throw new ApiError(
      400,
      "FailedOperation.DomainSuffixNotSupported",
      `free certificates are not offered for names under .${normaliseSuffix(denied)}`,
      { field: FIELD, rule: "FREE-2" },
    );
  }
  return { domain, primaryDomain: apex, names: coveredNames(domain) };
}
