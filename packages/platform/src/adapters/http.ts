// Calling a partner over HTTP with the global `fetch` (so msw can make a partner misbehave in tests): a timeout
// per attempt, and retries with exponential backoff on what a retry can cure — timeouts, connection errors, 5xx,
// 429 and answers that are not what the partner's API promises ("garbage").
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

/** One HTTP exchange. Network failures, timeouts, 5xx and 429 become TransientError; other answers return. */
export async function exchangeJson(request: JsonRequest): Promise<JsonAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: "application/json",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: "error",
    });
    text = await response.text();
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: string } };
    const what =
      e?.name === "TimeoutError" || e?.name === "AbortError"
        ? `timed out after ${request.timeoutMs} ms`
        : `network error (${e?.cause?.code ?? e?.message ?? "unknown"})`;
    throw new TransientError(`${request.method} ${new URL(request.url).pathname}: ${what}`);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new TransientError(`${request.method} ${new URL(request.url).pathname}: HTTP ${response.status}`);
  }
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
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
