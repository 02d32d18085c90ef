import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { SimClock } from "../src/index";

const START = "2026-03-02T09:00:00+08:00";

interface Plan {
  delay: number;
  async: boolean;
  children: Array<{ delay: number; async: boolean }>;
}

// Small delays on purpose, so that many events share a time and the tie-break is exercised.
const plans = fc.array(
  fc.record({
    delay: fc.nat({ max: 20 }),
    async: fc.boolean(),
    children: fc.array(fc.record({ delay: fc.nat({ max: 20 }), async: fc.boolean() }), { maxLength: 3 }),
  }),
  { maxLength: 30 },
);

/** Schedules the plan (children are scheduled by their parent's handler) and records what fired. */
function world(plan: Plan[]) {
  const clock = new SimClock({ start: START });
  const scheduled: number[] = [];
  const fired: Array<{ id: number; at: number; nowInHandler: number }> = [];
  const handler = (id: () => number, async: boolean, children: Plan["children"]) => async () => {
    if (async) await Promise.resolve();
    fired.push({ id: id(), at: -1, nowInHandler: clock.nowMs() });
    for (const child of children) {
      const childId: number = clock.scheduleIn(
        child.delay,
        "child",
        handler(() => childId, child.async, []),
      );
      scheduled.push(childId);
    }
  };
  clock.onEvent((e) => fired.push({ id: e.id, at: e.at.getTime(), nowInHandler: -1 }));
  for (const item of plan) {
    const id: number = clock.scheduleIn(
      item.delay,
      "parent",
      handler(() => id, item.async, item.children),
    );
    scheduled.push(id);
  }
  // Pair each timeline entry with what its handler saw.
  const timeline = () => {
    const out: Array<{ id: number; at: number; nowInHandler: number }> = [];
    for (let i = 0; i < fired.length; i += 2) out.push({ ...fired[i]!, nowInHandler: fired[i + 1]!.nowInHandler });
    return out;
  };
  return { clock, scheduled, timeline };
}

describe("scheduler properties", () => {
  test.prop([plans])("fires every event exactly once, in order of time then of scheduling", async (plan) => {
    const { clock, scheduled, timeline } = world(plan);
    await clock.runUntilIdle();
    const events = timeline();
    expect(events.map((e) => e.id).sort((a, b) => a - b)).toEqual([...scheduled].sort((a, b) => a - b));
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      expect(a.at < b.at || (a.at === b.at && a.id < b.id)).toBe(true);
    }
    for (const e of events) expect(e.nowInHandler).toBe(e.at);
    expect(clock.pending()).toEqual([]);
  });

  test.prop([plans, fc.array(fc.nat({ max: 15 }), { minLength: 1, maxLength: 10 })])(
    "advancing in arbitrary steps fires the same timeline as running until idle",
    async (plan, steps) => {
      const reference = world(plan);
      await reference.clock.runUntilIdle();
      const stepped = world(plan);
      for (const step of steps) await stepped.clock.advance(step);
      await stepped.clock.runUntilIdle();
      expect(stepped.timeline()).toEqual(reference.timeline());
    },
  );
});
