// Calling a partner over HTTP (node:http, which msw can intercept to make a partner misbehave in tests): a timeout
// per attempt, and retries with exponential backoff on what a retry can cure — timeouts, connection errors, 5xx,
// 429 and answers that are not what the partner's API promises ("garbage").
import http from "node:http";
import https from "node:https";
import type { z } from "zod";

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  attempts: number;
  /** Timeout of one attempt, real milliseconds. */
  timeoutMs: number;
  /** Wait before the second attempt; doubles each time, capped at maxBackoffMs, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** One attempt failed in a way a retry may cure. */
export class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientError";
  }
}

/** Every attempt failed transiently: the partner is busy or unreachable. */
export class PartnerUnavailableError extends Error {
  constructor(
    readonly partner: string,
    readonly attempts: number,
    readonly lastCause: string,
  ) {
    super(`${partner} did not answer usefully after ${attempts} attempt(s): ${lastCause}`);
    this.name = "PartnerUnavailableError";
  }
}

/** The partner answered with a refusal (a 4xx with its error body): retrying will not help. */
export class PartnerRefusedError extends Error {
  constructor(
    readonly partner: string,
    readonly status: number,
    readonly partnerCode: string,
    message: string,
  ) {
    super(message);
    this.name = "PartnerRefusedError";
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  // "equal jitter": at least half the delay, so retries from many clients spread out but never bunch at zero.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Runs `attempt` until it succeeds, throws a non-transient error, or the attempts run out. */
export async function withRetries<T>(
  partner: string,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  let lastCause = "no attempt made";
  for (let n = 1; n <= policy.attempts; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      lastCause = error.message;
      if (n < policy.attempts) await wait(backoffDelay(policy, n));
    }
  }
  throw new PartnerUnavailableError(partner, policy.attempts, lastCause);
}

export interface JsonRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export interface JsonAnswer {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
  text: string;
}

/**
 * Keep-alive connections to each partner. `node:http` rather than the global `fetch`: a third of the client CPU per
 * exchange (fetch's streams and Request/Response objects cost ~0.5 ms a call, which under load is a large share of an
 * application), and msw intercepts it just the same.
 */
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/**
 * One HTTP exchange. Network failures, timeouts (of the whole exchange), 5xx, 429 and redirects (a partner's API
 * never redirects) become TransientError; other answers return.
 */
export function exchangeJson(request: JsonRequest): Promise<JsonAnswer> {
  const url = new URL(request.url);
  const where = `${request.method} ${url.pathname}`;
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string | number> = { accept: "application/json", ...request.headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(body);
  }
  const [client, agent] = url.protocol === "https:" ? [https, httpsAgent] : [http, httpAgent];
  return new Promise<JsonAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (what: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new TransientError(`${where}: ${what}`));
    };
    const req = client.request(url, { method: request.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error: NodeJS.ErrnoException) => fail(`network error (${error.code ?? error.message})`));
      response.on("end", () => {
        if (settled) return;
        const status = response.statusCode ?? 0;
        if (status >= 500 || status === 429) return fail(`HTTP ${status}`);
        if (status >= 300 && status < 400) return fail(`redirected (HTTP ${status}), which the API never does`);
        settled = true;
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text === "" ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status, json, text });
      });
    });
    const timer = setTimeout(() => fail(`timed out after ${request.timeoutMs} ms`), request.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => fail(`network error (${error.code ?? error.message})`));
    req.end(body);
  });
}

/** Reads a success body against the partner's documented shape; anything else is garbage, worth a retry. */
export function expectShape<S extends z.ZodType>(answer: JsonAnswer, schema: S, what: string): z.infer<S> {
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unreadable";
    throw new TransientError(`${what}: HTTP ${answer.status} answer is not the documented shape (${where})`);
  }
  return parsed.data;
}
