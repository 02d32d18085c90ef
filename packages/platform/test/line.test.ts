// The placing line: a few orders placed with the CA at once while the event loop is busy, more while it waits on
// the network, the rest in turn, and a bound on the wait.
import { ApiError } from "@certsim/service";
import { describe, expect, it } from "vitest";
import { Line } from "../src/orders/line";

/** Work that finishes when the test says so. */
function held() {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const job = (line: Line, n: number) =>
    line.run(
      () =>
        new Promise<number>((resolve) => {
          started.push(n);
          finish.set(n, () => resolve(n));
        }),
    );
  return { started, finish, job };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("Line", () => {
  it("runs `min` at once while the loop is busy, the others first come first served, and refuses beyond its bound", async () => {
    const line = new Line({ min: 2, max: 8, maxWaiting: 3, adjustEveryMs: 0, utilization: () => 1 });
    const { started, finish, job } = held();
    const jobs = [0, 1, 2, 3, 4].map((n) => job(line, n));
    await turn();
    expect(started).toEqual([0, 1]);
    expect(line.load).toEqual({ open: 2, running: 2, waiting: 3 });
    const refused = job(line, 5);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: "FailedOperation.ResourceBusy" });

    finish.get(1)!();
    await jobs[1];
    await turn();
    expect(started).toEqual([0, 1, 2]);
    finish.get(0)!();
    finish.get(2)!();
    await Promise.all([jobs[0], jobs[2]]);
    await turn();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish.get(3)!();
    finish.get(4)!();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(line.load).toMatchObject({ running: 0, waiting: 0 });
  });

  it("opens more counters while work waits and the loop is mostly idle (a slow CA), and closes them when it is busy", async () => {
    let busy = 0.1;
    const line = new Line({ min: 2, max: 6, maxWaiting: 100, adjustEveryMs: 0, utilization: () => busy });
    const { started, finish, job } = held();
    const jobs = Array.from({ length: 10 }, (_, n) => job(line, n));
    await turn();
    // Each newcomer reconsidered the counters: idle loop, work waiting → doubled up to the maximum.
    expect(line.load.open).toBe(6);
    expect([...started].sort()).toEqual([0, 1, 2, 3, 4, 5]);

    busy = 1;
    finish.get(0)!();
    await jobs[0];
    // Checked before a timer can run: the line's own watch timer (adjustEveryMs 0) would halve again.
    expect(line.load.open).toBe(3); // halved; 5 still running, so nobody new starts
    expect(started).toHaveLength(6);
    for (const n of [1, 2, 3]) finish.get(n)!();
    await Promise.all(jobs.slice(1, 4));
    await turn();
    expect(line.load.open).toBe(2);
    expect(line.load.running).toBe(2);
    for (const n of started.slice(4)) finish.get(n)!();
    while (started.length < 10) {
      await turn();
      for (const n of started) finish.get(n)?.();
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("frees its counter when the work fails", async () => {
    const line = new Line({ min: 1, max: 1, maxWaiting: 10, utilization: () => 1 });
    await expect(line.run(() => Promise.reject(new Error("CA down")))).rejects.toThrow("CA down");
    expect(await line.run(async () => "next")).toBe("next");
    expect(line.load).toMatchObject({ running: 0, waiting: 0 });
  });
});
