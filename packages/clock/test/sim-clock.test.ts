import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ClockError, days, hours, minutes, Rng, type ScheduledEvent, SimClock, seconds } from "../src/index";

const START = "2026-03-02T09:00:00+08:00";
const startMs = Date.parse(START);
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function manual() {
  const clock = new SimClock({ start: START, mode: "manual" });
  const timeline: string[] = [];
  clock.onEvent((e) => timeline.push(`${(e.at.getTime() - startMs) / 1000}s ${e.label}`));
  return { clock, timeline };
}

async function rejection(promise: Promise<unknown>): Promise<ClockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClockError);
  return error as ClockError;
}

function thrown(f: () => unknown): ClockError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ClockError);
    return error as ClockError;
  }
  throw new Error("expected a ClockError");
}

describe("SimClock: start (TIME-2)", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("TIME-2: a clock needs an explicit start, and a string start needs an explicit offset", () => {
    const missing = thrown(() => new SimClock({} as never));
    expect(missing.code).toBe("Clock.MissingStart");
    expect(missing.rule).toBe("TIME-2");
    expect(thrown(() => new SimClock({ start: "2026-03-02T09:00:00" })).code).toBe("Clock.AmbiguousInstant");
    expect(thrown(() => new SimClock({ start: "2026-03-02" })).code).toBe("Clock.AmbiguousInstant");
    expect(thrown(() => new SimClock({ start: new Date(Number.NaN) })).code).toBe("Clock.InvalidInstant");
    expect(JSON.stringify(missing)).not.toContain("at ");
    const clock = new SimClock({ start: START });
    expect(clock.now().toISOString()).toBe("2026-03-02T01:00:00.000Z");
    expect(clock.nowMs()).toBe(startMs);
    expect(clock.mode).toBe("manual");
  });

  /** A small world: three applicants whose reviews take random durations and sometimes call back. */
  async function replay(seed: string): Promise<string[]> {
    const clock = new SimClock({ start: START });
    const rng = new Rng(seed);
    const timeline: string[] = [];
    clock.onEvent((e) => timeline.push(`${e.at.toISOString()} ${e.label}`));
    for (const order of ["o1", "o2", "o3"]) {
      const review = rng.fork(order);
      clock.scheduleIn(review.durationBetween(minutes(10), hours(72)), `${order}:pre-review`, async () => {
        await nextMacrotask();
        if (review.chance(0.5)) clock.scheduleIn(review.durationBetween(0, hours(4)), `${order}:call`, () => {});
        clock.scheduleIn(hours(1), `${order}:dcv ${review.token(32)}`, () => {});
      });
    }
    await clock.runUntilIdle();
    return timeline;
  }

  it("TIME-2: two clocks with the same seed and the same schedule produce the same timeline", async () => {
    const first = await replay("seed-1");
    expect(first.length).toBeGreaterThanOrEqual(6);
    expect(await replay("seed-1")).toEqual(first);
    expect(await replay("seed-2")).not.toEqual(first);
  });

  it("TIME-2: the timeline does not depend on the machine's date or real time", async () => {
    const reference = await replay("seed-1");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("1999-12-31T23:59:59Z"));
    expect(await replay("seed-1")).toEqual(reference);
    vi.setSystemTime(new Date("2041-06-01T00:00:00Z"));
    expect(await replay("seed-1")).toEqual(reference);
    vi.useRealTimers();
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("manual mode must not read the machine's date");
    });
    vi.spyOn(performance, "now").mockImplementation(() => {
      throw new Error("manual mode must not read real time");
    });
    expect(await replay("seed-1")).toEqual(reference);
  });
});

describe("SimClock: manual mode", () => {
  it("fires by time, then by insertion order, with now at each event's time", async () => {
    const { clock, timeline } = manual();
    const seen: number[] = [];
    const record = () => seen.push(clock.nowMs() - startMs);
    clock.scheduleIn(seconds(20), "c", record);
    clock.scheduleIn(seconds(10), "a", record);
    clock.schedule(startMs + seconds(20), "d", record);
    clock.schedule(new Date(startMs + seconds(10)), "b", record);
    clock.scheduleIn(0, "now", record);
    expect(clock.pending().map((e) => e.label)).toEqual(["now", "a", "b", "c", "d"]);
    const result = await clock.runUntilIdle();
    expect(result).toEqual({ fired: 5, stoppedBy: "idle" });
    expect(timeline).toEqual(["0s now", "10s a", "10s b", "20s c", "20s d"]);
    expect(seen).toEqual([0, 10_000, 10_000, 20_000, 20_000]);
    expect(clock.pending()).toEqual([]);
  });

  it("awaits an async handler before firing the next event", async () => {
    const { clock } = manual();
    const log: string[] = [];
    clock.scheduleIn(1000, "slow", async () => {
      log.push("slow start");
      await nextMacrotask();
      await nextMacrotask();
      log.push("slow end");
    });
    clock.scheduleIn(1000, "next", () => {
      log.push("next");
    });
    await clock.runUntilIdle();
    expect(log).toEqual(["slow start", "slow end", "next"]);
  });

  it("waits for tracked promises started by a handler before the next event", async () => {
    const { clock } = manual();
    const log: string[] = [];
    clock.scheduleIn(1000, "fire-and-forget", () => {
      void clock.track(
        (async () => {
          await nextMacrotask();
          await nextMacrotask();
          log.push("tracked work done");
        })(),
      );
    });
    clock.scheduleIn(1000, "next", () => {
      log.push("next");
    });
    await clock.runUntilIdle();
    expect(log).toEqual(["tracked work done", "next"]);
    expect(clock.inFlight()).toBe(0);
  });

  describe("with a real HTTP server that schedules a callback when a request arrives", () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    async function serve(clock: SimClock, fired: string[]): Promise<string> {
      server = createServer((_request, response) => {
        clock.scheduleIn(minutes(5), "ca:callback", () => {
          fired.push("callback");
        });
        response.end("accepted");
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/orders`;
    }

    it("runUntilIdle waits for a tracked request in flight and fires what it scheduled", async () => {
      const { clock } = manual();
      const fired: string[] = [];
      const url = await serve(clock, fired);
      const response = clock.track(fetch(url, { method: "POST" }));
      const result = await clock.runUntilIdle();
      expect(result.fired).toBe(1);
      expect(fired).toEqual(["callback"]);
      expect(clock.nowMs()).toBe(startMs + minutes(5));
      expect(await (await response).text()).toBe("accepted");
    });

    it("without track, the same run finds nothing to do (so tracking is what makes it wait)", async () => {
      const { clock } = manual();
      const fired: string[] = [];
      const url = await serve(clock, fired);
      const response = fetch(url, { method: "POST" });
      const result = await clock.runUntilIdle();
      expect(result).toEqual({ fired: 0, stoppedBy: "idle" });
      await (await response).text();
      expect(clock.pending().map((e) => e.label)).toEqual(["ca:callback"]);
    });
  });

  it("honours events scheduled by handlers, including ones at the current time or in the past", async () => {
    const { clock, timeline } = manual();
    clock.scheduleIn(seconds(10), "parent", () => {
      clock.scheduleIn(seconds(5), "child+5", () => {});
      clock.scheduleIn(0, "child+0", () => {});
      clock.schedule(startMs, "child-in-the-past", () => {});
    });
    clock.scheduleIn(seconds(10), "sibling", () => {});
    clock.scheduleIn(seconds(12), "later", () => {});
    await clock.runUntilIdle();
    expect(timeline).toEqual([
      "10s parent",
      "10s sibling",
      "10s child+0",
      "10s child-in-the-past",
      "12s later",
      "15s child+5",
    ]);
  });

  it("cancels pending events, from outside or from a handler", async () => {
    const { clock, timeline } = manual();
    const a = clock.scheduleIn(1000, "a", () => {});
    const b = clock.scheduleIn(2000, "b", () => {});
    const c = clock.scheduleIn(3000, "c", () => {});
    clock.scheduleIn(1500, "cancel-c", () => {
      expect(clock.cancel(c)).toBe(true);
    });
    expect(clock.cancel(b)).toBe(true);
    expect(clock.cancel(b)).toBe(false);
    expect(clock.cancel(9999)).toBe(false);
    await clock.runUntilIdle();
    expect(timeline).toEqual(["1s a", "1.5s cancel-c"]);
    expect(clock.cancel(a)).toBe(false);
  });

  it("advance() with nothing due just moves time", async () => {
    const { clock, timeline } = manual();
    clock.scheduleIn(days(2), "far", () => {});
    expect(await clock.advance(hours(3))).toEqual({ fired: 0, stoppedBy: "target" });
    expect(clock.nowMs()).toBe(startMs + hours(3));
    expect(timeline).toEqual([]);
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(0);
    expect(clock.nowMs()).toBe(startMs + hours(3));
  });

  it("advance() fires what falls due on the way, each at its own time, and ends at the target", async () => {
    const { clock } = manual();
    const at: number[] = [];
    clock.scheduleIn(hours(1), "1h", () => {
      at.push(clock.nowMs() - startMs);
      clock.scheduleIn(hours(1), "2h (from a handler)", () => {
        at.push(clock.nowMs() - startMs);
      });
    });
    clock.scheduleIn(hours(3), "3h, exactly at the target", () => {
      at.push(clock.nowMs() - startMs);
    });
    clock.scheduleIn(hours(3) + 1, "just after the target", () => {});
    const result = await clock.advance(hours(3));
    expect(result).toEqual({ fired: 3, stoppedBy: "target" });
    expect(at).toEqual([hours(1), hours(2), hours(3)]);
    expect(clock.nowMs()).toBe(startMs + hours(3));
    expect(clock.pending().map((e) => e.label)).toEqual(["just after the target"]);
  });

  it("runNext() fires one event at a time and reports it", async () => {
    const { clock } = manual();
    clock.scheduleIn(minutes(10), "first", () => {});
    clock.scheduleIn(minutes(20), "second", () => {});
    const first = (await clock.runNext()) as ScheduledEvent;
    expect(first.label).toBe("first");
    expect(first.at.getTime()).toBe(startMs + minutes(10));
    expect(clock.nowMs()).toBe(startMs + minutes(10));
    expect((await clock.runNext())?.label).toBe("second");
    expect(await clock.runNext()).toBeUndefined();
    expect(clock.nowMs()).toBe(startMs + minutes(20));
  });

  it("runUntilIdle({ until }) stops before later events and leaves now at the last event fired", async () => {
    const { clock, timeline } = manual();
    clock.scheduleIn(hours(1), "1h", () => {});
    clock.scheduleIn(hours(5), "5h", () => {});
    const result = await clock.runUntilIdle({ until: new Date(startMs + hours(2)) });
    expect(result).toEqual({ fired: 1, stoppedBy: "until" });
    expect(timeline).toEqual(["3600s 1h"]);
    expect(clock.nowMs()).toBe(startMs + hours(1));
  });

  it("runUntil(condition) stops as soon as it holds, and says so when it never does", async () => {
    const { clock } = manual();
    let status = "pending";
    clock.scheduleIn(hours(1), "review", () => {
      status = "reviewing";
    });
    clock.scheduleIn(hours(2), "issue", async () => {
      await nextMacrotask();
      status = "issued";
    });
    clock.scheduleIn(hours(3), "notify", () => {});
    const result = await clock.runUntil(async () => status === "issued");
    expect(result).toEqual({ fired: 2, stoppedBy: "predicate" });
    expect(clock.nowMs()).toBe(startMs + hours(2));
    expect((await clock.runUntil(() => true)).fired).toBe(0);
    const never = await rejection(clock.runUntil(() => status === "revoked"));
    expect(never.code).toBe("Clock.ConditionNotReached");
    expect(clock.pending()).toEqual([]);
  });

  it("runUntil(instant) advances to that instant", async () => {
    const { clock, timeline } = manual();
    clock.scheduleIn(hours(1), "1h", () => {});
    expect(await clock.runUntil(new Date(startMs + days(1)))).toEqual({ fired: 1, stoppedBy: "target" });
    expect(clock.nowMs()).toBe(startMs + days(1));
    expect(timeline).toEqual(["3600s 1h"]);
  });

  it("records a handler's error, tells onError, and keeps going", async () => {
    const failures: string[] = [];
    const clock = new SimClock({ start: START, onError: (f) => failures.push(`option:${f.label}`) });
    const off = clock.onError((f) => failures.push(`hook:${f.label}`));
    const log: string[] = [];
    clock.scheduleIn(1000, "throws", () => {
      throw new Error("boom");
    });
    clock.scheduleIn(2000, "rejects", async () => {
      await nextMacrotask();
      throw new TypeError("async boom");
    });
    clock.scheduleIn(3000, "fine", () => {
      log.push("fine");
    });
    clock.onEvent((e) => {
      if (e.label === "fine") throw new Error("listener boom");
    });
    const result = await clock.runUntilIdle();
    expect(result.fired).toBe(3);
    expect(log).toEqual(["fine"]);
    const errors = clock.errors();
    expect(errors.map((e) => [e.label, (e.error as Error).message, e.at.getTime() - startMs])).toEqual([
      ["throws", "boom", 1000],
      ["rejects", "async boom", 2000],
      ["fine", "listener boom", 3000],
    ]);
    expect(failures).toEqual([
      "option:throws",
      "hook:throws",
      "option:rejects",
      "hook:rejects",
      "option:fine",
      "hook:fine",
    ]);
    off();
    clock.scheduleIn(1, "again", () => {
      throw new Error("later");
    });
    await clock.runUntilIdle();
    expect(failures).toHaveLength(7);
    expect(clock.errors()).toHaveLength(4);
  });

  it("does not record a tracked promise's rejection: it belongs to whoever awaits it", async () => {
    const { clock } = manual();
    const failing = clock.track(Promise.reject(new Error("HTTP 503")));
    await expect(failing).rejects.toThrow("HTTP 503");
    await clock.runUntilIdle();
    expect(clock.errors()).toEqual([]);
  });

  it("stops a runaway loop at maxEvents with the next events named", async () => {
    const { clock } = manual();
    const poll = () => {
      clock.scheduleIn(minutes(5), "poll", poll);
    };
    poll();
    const error = await rejection(clock.runUntilIdle({ maxEvents: 50 }));
    expect(error.code).toBe("Clock.EventLimit");
    expect(error.message).toContain("poll at 2026-03-02T05:15:00.000Z");
    expect(clock.nowMs()).toBe(startMs + minutes(5 * 50));
    expect((await clock.runUntilIdle({ until: new Date(startMs + hours(24)) })).stoppedBy).toBe("until");
  });

  it("refuses a second run while one is active, e.g. from inside a handler", async () => {
    const { clock } = manual();
    clock.scheduleIn(1000, "nested", async () => {
      await clock.advance(1000);
    });
    await clock.runUntilIdle();
    expect((clock.errors()[0]!.error as ClockError).code).toBe("Clock.Busy");
  });

  it("refuses bad input with typed errors", async () => {
    const { clock } = manual();
    expect(thrown(() => clock.scheduleIn(-1, "x", () => {})).code).toBe("Clock.InvalidDelay");
    expect(thrown(() => clock.scheduleIn(Number.NaN, "x", () => {})).code).toBe("Clock.InvalidDelay");
    expect(thrown(() => clock.schedule(new Date("nope"), "x", () => {})).code).toBe("Clock.InvalidInstant");
    expect(thrown(() => clock.schedule(0, "x", undefined as never)).code).toBe("Clock.InvalidOption");
    expect((await rejection(clock.advance(-5))).code).toBe("Clock.InvalidDelay");
    await clock.advance(hours(1));
    expect((await rejection(clock.advanceTo(startMs))).code).toBe("Clock.TimeGoesForward");
    expect((await rejection(clock.runUntilIdle({ maxEvents: 0 }))).code).toBe("Clock.InvalidOption");
    expect(thrown(() => new SimClock({ start: START, scale: 0 })).code).toBe("Clock.InvalidOption");
    expect(thrown(() => new SimClock({ start: START, mode: "fast" as never })).code).toBe("Clock.InvalidOption");
  });
});
