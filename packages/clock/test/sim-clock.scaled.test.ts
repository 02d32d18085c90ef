import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClockError, days, hours, minutes, SimClock } from "../src/index";

const START = "2026-03-02T09:00:00+08:00";
const startMs = Date.parse(START);

// Scaled mode runs on real timers; vitest's fake timers stand in for them, so nothing here sleeps.
describe("SimClock: scaled mode", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets simulated time flow at scale × real time from the start instant", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 3600 });
    expect(clock.nowMs()).toBe(startMs);
    await vi.advanceTimersByTimeAsync(1000);
    expect(clock.nowMs()).toBe(startMs + hours(1));
    await vi.advanceTimersByTimeAsync(23_000); // 24 simulated hours in all
    expect(clock.now().toISOString()).toBe("2026-03-03T01:00:00.000Z");
    clock.stop();
  });

  it("fires each event on a real timer when its simulated time comes, in order", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 3600 });
    const fired: Array<[string, number]> = [];
    const record = (label: string) => () => {
      fired.push([label, clock.nowMs() - startMs]);
    };
    clock.scheduleIn(hours(2), "2h", record("2h"));
    clock.scheduleIn(minutes(30), "30m", record("30m"));
    clock.scheduleIn(hours(2), "2h again", record("2h again"));
    await vi.advanceTimersByTimeAsync(499);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([["30m", minutes(30)]]);
    await vi.advanceTimersByTimeAsync(1499);
    expect(fired).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([
      ["30m", minutes(30)],
      ["2h", hours(2)],
      ["2h again", hours(2)],
    ]);
    expect(clock.pending()).toEqual([]);
    clock.stop();
  });

  it("awaits an async handler and its tracked work before the next due event", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 60 });
    const log: string[] = [];
    clock.scheduleIn(minutes(1), "dcv check", async () => {
      log.push("check start");
      void clock.track(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            log.push("tracked done");
            resolve();
          }, 5000),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      log.push("check end");
    });
    clock.scheduleIn(minutes(1), "issue", () => {
      log.push("issue");
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(["check start"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(log).toEqual(["check start", "check end"]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(log).toEqual(["check start", "check end", "tracked done", "issue"]);
    clock.stop();
  });

  it("picks up events scheduled while it runs and records handler errors", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 3600 });
    const labels: string[] = [];
    clock.onEvent((e) => labels.push(e.label));
    clock.scheduleIn(hours(1), "first", () => {
      clock.scheduleIn(hours(1), "scheduled by first", () => {
        throw new Error("boom");
      });
    });
    const cancelled = clock.scheduleIn(hours(1), "cancelled", () => {});
    clock.cancel(cancelled);
    await vi.advanceTimersByTimeAsync(2000);
    expect(labels).toEqual(["first", "scheduled by first"]);
    expect(clock.errors().map((e) => e.label)).toEqual(["scheduled by first"]);
    clock.stop();
  });

  it("waits longer than setTimeout's limit by re-arming", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 1 });
    let fired = false;
    clock.scheduleIn(days(30), "a month of real time", () => {
      fired = true;
    });
    await vi.advanceTimersByTimeAsync(days(30) - 1);
    expect(fired).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toBe(true);
    clock.stop();
  });

  it("stop() clears its timers, freezes time and fires nothing more", async () => {
    const clock = new SimClock({ start: START, mode: "scaled", scale: 3600 });
    let fired = false;
    clock.scheduleIn(hours(1), "never", () => {
      fired = true;
    });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    clock.stop();
    expect(vi.getTimerCount()).toBe(0);
    const frozen = clock.nowMs();
    expect(frozen).toBe(startMs + minutes(30));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fired).toBe(false);
    expect(clock.nowMs()).toBe(frozen);
    clock.scheduleIn(0, "after stop", () => {
      fired = true;
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps manual-only runs for manual mode", async () => {
    const clock = new SimClock({ start: START, mode: "scaled" });
    const error = await clock.advance(1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClockError);
    expect((error as ClockError).code).toBe("Clock.WrongMode");
    expect(clock.scale).toBe(3600);
    clock.stop();
  });
});
