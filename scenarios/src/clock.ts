import { JsonHttp } from "@certsim/client";
import type { Timeline } from "./timeline";

interface ClockState {
  now: string;
  pending: number;
}

/** The simulated clock, driven over its HTTP API; every event it fires is copied into the scenario's timeline. */
export class ClockControl {
  private readonly http: JsonHttp;
  private seen = 0;
  private current = "";

  constructor(
    url: string,
    private readonly timeline: Timeline,
  ) {
    this.http = new JsonHttp(url, {}, 2);
  }

  async init(): Promise<void> {
    this.current = (await this.http.call<ClockState>("GET", "/clock")).now;
  }

  /** The simulated instant, as of the last clock operation. */
  now(): string {
    return this.current;
  }

  async advance(by: string | number): Promise<void> {
    await this.update(await this.http.call<ClockState>("POST", "/clock/advance", { by }));
  }

  async runNext(): Promise<boolean> {
    const state = await this.http.call<ClockState & { event: unknown }>("POST", "/clock/run-next", {});
    await this.update(state);
    return state.event !== null;
  }

  async runUntilIdle(until?: string): Promise<void> {
    await this.update(await this.http.call<ClockState>("POST", "/clock/run-until-idle", until ? { until } : {}));
  }

  /**
   * Fires events one at a time until `done()` holds; fails when the simulated time passes `within` from now or
   * the queue runs dry first.
   */
  async runUntil(done: () => Promise<boolean>, within: number): Promise<void> {
    const deadline = new Date(this.current).getTime() + within;
    while (!(await done())) {
      if (new Date(this.current).getTime() > deadline) throw new Error(`condition not reached within ${within} ms`);
      if (!(await this.runNext())) throw new Error("the clock ran out of events before the condition held");
    }
  }

  private async update(state: ClockState): Promise<void> {
    const { events, next } = await this.http.call<{ events: { at: string; label: string }[]; next: number }>(
      "GET",
      `/clock/timeline?since=${this.seen}`,
    );
    this.seen = next;
    for (const event of events) this.timeline.add({ at: event.at, actor: "clock", text: event.label });
    this.current = state.now;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
