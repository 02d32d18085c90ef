import { parseDuration, type SimClock } from "@certsim/clock";
import { ApiError, Service } from "@certsim/service";
import { z } from "zod";

const duration = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+(ms|s|m|h|d)$/)]);
const toMs = (value: number | string) => (typeof value === "number" ? value : parseDuration(value));

/**
 * The simulated clock over HTTP, so scenarios and load scripts drive time through a public interface.
 * Not tracked by the clock itself: a run request waits for the clock, the clock must not wait for it.
 */
export function clockApi(clock: SimClock, timeline: { at: string; label: string }[]) {
  const service = new Service({
    name: "certsim clock",
    description: "Simulated time: read it, advance it, run events.",
  });
  const state = () => ({ now: clock.now().toISOString(), mode: clock.mode, pending: clock.pending().length });
  const manualOnly = () => {
    if (clock.mode !== "manual")
      throw new ApiError(409, "FailedOperation.ClockScaled", "the clock runs in scaled mode");
  };

  service.route("get", "/clock", { summary: "Current simulated time and queue length" }, state);
  service.route("get", "/clock/pending", { summary: "Events waiting on the clock" }, () => ({
    events: clock.pending().map((e) => ({ at: e.at.toISOString(), label: e.label })),
  }));
  service.route(
    "get",
    "/clock/timeline",
    {
      summary: "Events fired so far",
      query: z.strictObject({ since: z.coerce.number().int().nonnegative().optional() }),
    },
    ({ query }) => ({ events: timeline.slice(query.since ?? 0), next: timeline.length }),
  );
  service.route(
    "post",
    "/clock/advance",
    { summary: "Move time forward, firing every event due", body: z.strictObject({ by: duration }) },
    async ({ body }) => {
      manualOnly();
      const result = await clock.advance(toMs(body.by));
      return { ...state(), fired: result.fired };
    },
  );
  service.route("post", "/clock/run-next", { summary: "Fire the next event" }, async () => {
    manualOnly();
    const before = timeline.length;
    await clock.runNext();
    return { ...state(), event: timeline[before] ?? null };
  });
  service.route(
    "post",
    "/clock/run-until-idle",
    {
      summary: "Fire events until none is left (or until an instant)",
      body: z.strictObject({ until: z.string().optional() }),
    },
    async ({ body }) => {
      manualOnly();
      const result = await clock.runUntilIdle(body.until ? { until: Date.parse(body.until) } : {});
      return { ...state(), fired: result.fired };
    },
  );
  return service;
}
