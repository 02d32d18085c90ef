import { classifyName, primaryDomain } from "@certsim/names";
import { type Agent, request } from "undici";
import { AddressError } from "./http-agent";
import { type DcvResult, type DcvStatus, type FileTarget, LOCAL_CHECK, type LocalCheck } from "./types";

/** Redirect statuses a file check follows (DCV-5 names 301/302; 307/308 are the same move for a GET). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 307, 308]);
/** The most of a validation file the CA reads; a larger body is a mismatch. */
export const MAX_FILE_BYTES = 64 * 1024;
/** How much of a file's content a result shows in `seen`. */
export const SEEN_LIMIT = 256;

export interface FileCheckDeps {
  agent: Agent;
  maxRedirects: number;
  timeoutMs: number;
  userAgent: string;
}

/**
 * The content a file check compares, for the body and the expected value alike: a leading UTF-8 byte-order mark
 * removed, CRLF line ends read as LF, and trailing spaces, tabs, CRs and LFs at the very end removed. Everything
 * else (leading whitespace, inner blank lines, case) must match exactly.
 */
export function fileContent(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n/g, "\n")
    .replace(/[ \t\r\n]+$/, "");
}

/**
 * DCV-5: GET `http://<name><path>` from the address the name has at the simulated DNS server; 2xx required; at
 * most `maxRedirects` redirects (301/302/307/308), each to http(s) within the name's primary domain; the
 * content (see `fileContent`) must equal the expected value. Wildcards are refused.
 */
export async function checkFile(deps: FileCheckDeps, target: FileTarget): Promise<DcvResult> {
  const shownName = target.name.trim().toLowerCase().replace(/\.$/, "");
  const result = (status: DcvStatus, localCheck: LocalCheck, reason: string, seen: string[] = [], name = shownName) =>
    ({ name, method: "file", status, seen, localCheck, reason }) satisfies DcvResult;
  const notFound = (status: DcvStatus, reason: string) => result(status, LOCAL_CHECK.fileNotFound, reason);

  if (target.wildcard === true || shownName.startsWith("*")) {
    return notFound(
      "error",
      `file validation cannot validate a wildcard name (${shownName}); use DNS validation (DCV-5)`,
    );
  }
  let name: string;
  let home: string;
  try {
    const classified = classifyName(target.name);
    if (classified.kind !== "domain")
      return notFound("error", `file validation needs a domain name, not ${classified.name}`);
    name = classified.name;
    home = primaryDomain(name);
  } catch (error) {
    return notFound("error", `cannot fetch a file for ${JSON.stringify(target.name)}: ${(error as Error).message}`);
  }
  const named = (status: DcvStatus, localCheck: LocalCheck, reason: string, seen: string[] = []) =>
    result(status, localCheck, reason, seen, name);

  const path = target.path.startsWith("/") ? target.path : `/${target.path}`;
  let url: URL;
  try {
    url = new URL(`http://${name}${path}`);
  } catch {
    return named("error", LOCAL_CHECK.fileNotFound, `${JSON.stringify(path)} is not a URL path`);
  }
  const trail = [url.href];
  const route = () => trail.join(" → ");

  for (let followed = 0; ; followed++) {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        dispatcher: deps.agent,
        method: "GET",
        headers: { "user-agent": deps.userAgent, accept: "*/*" },
        // A fresh connection (and so a fresh A lookup) for every fetch, as a CA's validation does.
        reset: true,
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
    } catch (error) {
      const { status, why } = describeFailure(error, deps.timeoutMs);
      return named(status, LOCAL_CHECK.fileNotFound, `fetching ${route()} failed: ${why}`);
    }
    const code = response.statusCode;

    if (REDIRECT_STATUSES.has(code)) {
      await discard(response.body);
      const location = response.headers.location;
      const next = typeof location === "string" ? redirectTarget(location, url) : undefined;
      if (next === undefined) {
        return named("missing", LOCAL_CHECK.fileNotFound, `${route()} answered ${code} without an http(s) Location`);
      }
      trail.push(next.href);
      if (followed >= deps.maxRedirects) {
        return named(
          "missing",
          LOCAL_CHECK.fileNotFound,
          `too many redirects: ${route()} (at most ${deps.maxRedirects} allowed, DCV-5)`,
        );
      }
      if (!within(next.hostname, home)) {
        return named(
          "missing",
          LOCAL_CHECK.fileNotFound,
          `redirect leaves the primary domain ${home}: ${route()} (DCV-5)`,
        );
      }
      url = next;
      continue;
    }

    if (code < 200 || code > 299) {
      await discard(response.body);
      // A 5xx says the site failed, not that the file is absent: worth another look later.
      return named(code >= 500 ? "error" : "missing", LOCAL_CHECK.fileNotFound, `${route()} answered HTTP ${code}`);
    }

    let body: { text: string; overflow: boolean };
    try {
      body = await readCapped(response.body, response.headers["content-length"]);
    } catch (error) {
      const { why } = describeFailure(error, deps.timeoutMs);
      return named("error", LOCAL_CHECK.fileNotFound, `reading ${route()} failed: ${why}`);
    }
    const content = fileContent(body.text);
    const seen = [content.length > SEEN_LIMIT ? `${content.slice(0, SEEN_LIMIT)}…` : content];
    if (body.overflow) {
      return named("mismatch", LOCAL_CHECK.fileMismatch, `${route()} is larger than ${MAX_FILE_BYTES} bytes`, seen);
    }
    if (content === fileContent(target.expected)) {
      return named("found", LOCAL_CHECK.passed, `${route()} holds the expected value`, seen);
    }
    return named(
      "mismatch",
      LOCAL_CHECK.fileMismatch,
      content === "" ? `${route()} is empty` : `${route()} holds another value`,
      seen,
    );
  }
}

function redirectTarget(location: string, base: URL): URL | undefined {
  try {
    const next = new URL(location, base);
    return next.protocol === "http:" || next.protocol === "https:" ? next : undefined;
  } catch {
    return undefined;
  }
}

function within(hostname: string, home: string): boolean {
  try {
    return primaryDomain(hostname) === home;
  } catch {
    return false; // an IP address or a public suffix is in nobody's primary domain
  }
}

async function discard(body: { dump(): Promise<void> }) {
  try {
    await body.dump();
  } catch {
    // The answer is decided by its status; a broken body does not change it.
  }
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  contentLength: string | string[] | undefined,
): Promise<{ text: string; overflow: boolean }> {
  if (typeof contentLength === "string" && Number(contentLength) > MAX_FILE_BYTES) {
    body.destroy();
    return { text: "", overflow: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  for await (const chunk of body) {
    const room = MAX_FILE_BYTES - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      overflow = true;
      break; // ends the iteration, which destroys the stream
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), overflow };
}

/** An HTTP failure as a status and a short reason (never a stack). */
function describeFailure(error: unknown, timeoutMs: number): { status: DcvStatus; why: string } {
  if (error instanceof AddressError) {
    const absent = ["nxdomain", "nodata", "refused", "cname-loop"].includes(error.lookup?.status ?? "");
    return { status: absent ? "missing" : "error", why: error.message };
  }
  const e = error as { name?: string; code?: string; message?: string };
  if (
    e.name === "TimeoutError" ||
    e.code === "UND_ERR_HEADERS_TIMEOUT" ||
    e.code === "UND_ERR_BODY_TIMEOUT" ||
    e.code === "UND_ERR_CONNECT_TIMEOUT"
  ) {
    return { status: "error", why: `no answer within ${timeoutMs} ms` };
  }
  if (e.code === "ECONNREFUSED") return { status: "error", why: "connection refused" };
  if (e.code === "ECONNRESET" || e.code === "UND_ERR_SOCKET") return { status: "error", why: "connection reset" };
  return { status: "error", why: e.code ?? e.message ?? String(error) };
}
