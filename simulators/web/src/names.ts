import { domainToASCII } from "node:url";
import { badRequest } from "@certsim/service";

/** Longest request target the web host reads; longer ones get 414. */
export const MAX_TARGET_LENGTH = 8192;
/** Longest site path a file or redirect may live at. */
export const MAX_PATH_LENGTH = 2048;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * The virtual host a request is for, from its Host header: port stripped, lower case, one trailing dot ignored.
 * Returns "" when there is no usable name; the result is only ever compared with stored host names.
 */
export function hostFromHeader(header: string | undefined): string {
  if (!header) return "";
  let host = header.trim().toLowerCase();
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    host = end === -1 ? "" : host.slice(0, end + 1);
  } else {
    const colon = host.lastIndexOf(":");
    if (colon !== -1 && /^\d*$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  }
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/**
 * A host name given to the management API, in the form it is stored: A-labels (IDNA), lower case, no trailing dot.
 * Wildcards, IP literals of IPv6 and anything that is not a DNS name are refused.
 */
export function parseHostName(input: string, field = "host"): string {
  const trimmed = input.trim().replace(/\.$/, "");
  const ascii = trimmed && !/[\s/\\:@*]/.test(trimmed) ? domainToASCII(trimmed) : "";
  const labels = ascii.split(".");
  // WHATWG reads number-like names as IPv4 ("0" becomes 0.0.0.0): only an address spelled canonically stays itself.
  const reshapedAddress = /^[\d.]+$/.test(ascii) && ascii !== trimmed.toLowerCase();
  if (!ascii || reshapedAddress || ascii.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw badRequest("InvalidParameter.HostInvalid", `${field}: '${clip(input)}' is not a host name`, { field });
  }
  return ascii;
}

/** Why a path is unsafe to serve, or undefined when it is fine. Applied to stored paths and decoded request paths. */
export function unsafePathReason(path: string): string | undefined {
  if (!path.startsWith("/")) return "must start with /";
  if (path.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.includes("\\")) return "contains a backslash";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters (NUL first) is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  if (/[?#]/.test(path)) return "contains ? or #";
  if (/%(2e|2f|5c|00)/i.test(path)) return "contains an encoded dot, slash, backslash or NUL";
  if (path.split("/").some((segment) => segment === ".." || segment === ".")) return "contains a dot segment";
  return undefined;
}

/** A path given to the management API, checked as a request path would be. */
export function parseSitePath(path: string, field = "path"): string {
  const reason = unsafePathReason(path);
  if (reason) throw badRequest("InvalidParameter.PathInvalid", `${field}: ${reason}`, { field });
  return path;
}

export type Target = { ok: true; path: string; host?: string } | { ok: false; status: 400 | 414; reason: string };

/**
 * Reads a request target (origin form `/p?q`, or absolute form `http://h/p` as proxies send it) into the decoded
 * path the site is looked up by. Anything that could climb out of a site (dot segments, however encoded,
 * backslashes, NUL) is refused before the store is consulted.
 */
export function parseTarget(raw: string): Target {
  if (raw.length > MAX_TARGET_LENGTH) return { ok: false, status: 414, reason: "request target too long" };
  let host: string | undefined;
  let rest = raw;
  const absolute = /^https?:\/\/([^/?#]*)(.*)$/i.exec(raw);
  if (absolute) {
    host = hostFromHeader(absolute[1]);
    rest = absolute[2] || "/";
  }
  if (!rest.startsWith("/")) return { ok: false, status: 400, reason: "request target must start with /" };
  const encoded = rest.replace(/[?#].*$/s, "");
  if (encoded.includes("\\")) return { ok: false, status: 400, reason: "backslash in path" };
  let path: string;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    return { ok: false, status: 400, reason: "malformed percent-encoding" };
  }
  const reason = unsafePathReason(path);
  if (reason) return { ok: false, status: 400, reason: `path ${reason}` };
  return host === undefined ? { ok: true, path } : { ok: true, path, host };
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
