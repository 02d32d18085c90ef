// The placing line: a few orders placed with the CA at once, the rest in turn, a bound on the wait.
import { ApiError } from "@certsim/service";
import { describe, expect, it } from "vitest";
import { Line } from "../src/orders/line";

describe("Line", () => {
  it("runs at most `limit` at once, the others first come first served, and refuses beyond its bound", async () => {
    const line = new Line(2, 3);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const job = (n: number) =>
      line.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            finish[n] = () => resolve(n);
          }),
      );
    const jobs = [0, 1, 2, 3, 4].map(job);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(line.load).toEqual({ running: 2, waiting: 3 });
    await expect(job(5)).rejects.toMatchObject({ status: 503, code: "FailedOperation.ResourceBusy" });
    await expect(job(5)).rejects.toBeInstanceOf(ApiError);

    finish[1]!();
    await jobs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    finish[0]!();
    finish[2]!();
    await Promise.all([jobs[0], jobs[2]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish[3]!();
    finish[4]!();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(line.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees its counter when the work fails", async () => {
    const line = new Line(1, 10);
    await expect(line.run(() => Promise.reject(new Error("CA down")))).rejects.toThrow("CA down");
    expect(await line.run(async () => "next")).toBe("next");
    expect(line.load).toEqual({ running: 0, waiting: 0 });
  });
});
