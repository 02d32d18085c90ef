// Where a running ecosystem listens: the JSON `pnpm start -- --endpoints-file F` writes (packages/ecosystem).
import { readFileSync } from "node:fs";

/** The part of the endpoints file a load run needs. */
export interface LoadTarget {
  platformUrl: string;
  adminToken: string;
  /** The DNS hosting API, to create hosted zones (DNS_AUTO); without it, accounts get no hosted zones. */
  dnsApiUrl?: string;
  clockUrl?: string;
}

export class EndpointsFileError extends Error {
  override name = "EndpointsFileError";
}

/** Reads an endpoints file; names the missing field when it is not one. */
export function readEndpointsFile(path: string): LoadTarget {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new EndpointsFileError(`cannot read the endpoints file ${path}: ${(error as Error).message}`);
  }
  return targetFromEndpoints(json, path);
}

export function targetFromEndpoints(json: unknown, source = "endpoints"): LoadTarget {
  const e = json as {
    platform?: { url?: unknown; adminToken?: unknown };
    dns?: { api?: unknown };
    clock?: { url?: unknown };
  };
  const platformUrl = e?.platform?.url;
  const adminToken = e?.platform?.adminToken;
  if (typeof platformUrl !== "string") throw new EndpointsFileError(`${source}: platform.url is missing`);
  if (typeof adminToken !== "string") throw new EndpointsFileError(`${source}: platform.adminToken is missing`);
  return {
    platformUrl: platformUrl.replace(/\/+$/, ""),
    adminToken,
    ...(typeof e.dns?.api === "string" ? { dnsApiUrl: e.dns.api } : {}),
    ...(typeof e.clock?.url === "string" ? { clockUrl: e.clock.url } : {}),
  };
}

/** True when `url`/healthz answers 200 within `timeoutMs`. */
export async function isAnswering(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, "")}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
