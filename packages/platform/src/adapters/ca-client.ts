// One brand's reseller API as the adapters call it: its base URL and key header, the retry policies, and the rule
// that tells the CA's own refusals (its error body) from a proxy's 4xx, which a retry may cure.
import type { z } from "zod";
import { exchangeJson, expectShape, type RetryPolicy, TransientError, withRetries } from "./http";
import { caRefusal, type RefusalDialect } from "./refusals";

/** How the platform reaches a CA; every brand's adapter takes these. */
export interface CaConnectionOptions {
  url: string;
  apiKey: string;
  /** Attempts per call (default 4), timeout per attempt (default 5 s), first backoff (default 200 ms). */
  attempts?: number;
  timeoutMs?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Waits between attempts; real time by default. */
  wait?: (ms: number) => Promise<void>;
}

/** What differs between the brands' APIs at the call level; a 4xx without the brand's error body is not the CA's. */
export interface CaApiDialect extends RefusalDialect {
  /** Prefix of every path (`/wotrus/api/v1`), empty when the paths carry it themselves. */
  basePath: string;
  keyHeader: string;
}

export interface CallOptions {
  body?: unknown;
  /** A read on the customer's behalf: one short try. */
  quick?: boolean;
  /** A request the CA takes only once (a repeat after a lost answer would be refused): no retries. */
  once?: boolean;
}

export class CaClient {
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #quick: RetryPolicy;

  constructor(
    private readonly dialect: CaApiDialect,
    private readonly options: CaConnectionOptions,
  ) {
    this.#base = `${options.url.replace(/\/+$/, "")}${dialect.basePath}`;
    this.#policy = {
      attempts: options.attempts ?? 4,
      timeoutMs: options.timeoutMs ?? 5_000,
      backoffMs: options.backoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
    };
    // A read on the customer's behalf must not keep them waiting for a CA that is down: one short try.
    this.#quick = { ...this.#policy, attempts: 1, timeoutMs: Math.min(this.#policy.timeoutMs, 2_000) };
  }

  /** One call with retries: a success body read against `schema`, or the CA's refusal in the platform's words. */
  call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.infer<S>> {
    const { name, keyHeader, errorBody } = this.dialect;
    const policy = options.quick ? this.#quick : options.once ? { ...this.#policy, attempts: 1 } : this.#policy;
    return withRetries(
      name,
      policy,
      async () => {
        const answer = await exchangeJson({
          method,
          url: `${this.#base}${path}`,
          headers: { [keyHeader]: this.options.apiKey },
          body: options.body,
          timeoutMs: policy.timeoutMs,
        });
        if (answer.status >= 200 && answer.status < 300) return expectShape(answer, schema, `${name} ${path}`);
        if (answer.status >= 400 && !errorBody.safeParse(answer.json).success && answer.status !== 404) {
          // A 4xx without the CA's error body came from something in between (a proxy), not from the CA.
          throw new TransientError(`${name} ${path}: HTTP ${answer.status} without an error body`);
        }
        throw caRefusal(this.dialect, answer);
      },
      this.options.wait,
    );
  }
}

/** A path below the brand's orders collection: `/orders/{id}` and what hangs off it. */
export const orderPath = (orderId: string, rest = "") => `/orders/${encodeURIComponent(orderId)}${rest}`;
