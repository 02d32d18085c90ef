// A constant arrival rate, as k6's `constant-arrival-rate` executor runs it: a new request starts every 1/rate
// seconds whether or not the earlier ones have answered, with at most `users` in flight (one connection each); an
// arrival that finds every user busy is dropped and counted, never queued. autocannon has no such mode (its
// `overallRate` lets each connection send its share back to back at the start of every second), and a rate target
// ("300/s with p95 ≤ 100 ms at 50 users") is about latency at that rate, not at saturation.
import http from "node:http";
import type { Request } from "autocannon";

export interface ArrivalsResult {
  /** Answers received, with their latencies in ms (sorted). */
  latencies: number[];
  statuses: Record<string, number>;
  /** Arrivals that found all users busy. */
  dropped: number;
  /** Requests that failed on the network. */
  errors: number;
  /** Real seconds from the first arrival to the last answer. */
  seconds: number;
}

/**
 * Sends the requests `template` makes (its `setupRequest`/`onResponse`, as for autocannon) to `url` at `rate` per
 * second for `seconds`, with at most `users` in flight.
 */
export async function constantArrivals(options: {
  url: string;
  rate: number;
  users: number;
  seconds: number;
  template: Request;
}): Promise<ArrivalsResult> {
  const { url, rate, users, seconds, template } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: users });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let dropped = 0;
  let errors = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();

  const send = () => {
    const context: Record<string, unknown> = {};
    const request = template.setupRequest?.({ ...template }, context) || template;
    const body = request.body === undefined ? undefined : String(request.body);
    const began = performance.now();
    inFlight++;
    const done = new Promise<void>((resolve) => {
      const finish = () => {
        inFlight--;
        resolve();
      };
      const req = http.request(
        new URL(request.path ?? "/", url),
        {
          method: request.method ?? "GET",
          agent,
          headers: {
            ...request.headers,
            ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            latencies.push(performance.now() - began);
            const status = res.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            template.onResponse?.(status, Buffer.concat(chunks).toString("utf8"), context, {});
            finish();
          });
          res.on("error", () => {
            errors++;
            finish();
          });
        },
      );
      req.on("error", () => {
        errors++;
        finish();
      });
      req.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        if (inFlight < users) send();
        else dropped++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, dropped, errors, seconds: (performance.now() - started) / 1000 };
}
