import { ClockError } from "./errors";
import { EventQueue, type QueuedEvent } from "./event-queue";
import { type Instant, parseInstant, toMs } from "./instant";

export type EventId = number;
/** A handler may return anything; a returned promise (or thenable) is awaited before the next event. */
export type EventHandler = () => unknown;

/** An event as the outside sees it: pending, fired (timeline) or failed. */
export interface ScheduledEvent {
  readonly id: EventId;
  readonly at: Date;
  readonly label: string;
}

/** A handler (or timeline listener) that threw or rejected. Recorded; the clock goes on. */
export interface HandlerFailure extends ScheduledEvent {
  readonly error: unknown;
}

export type EventListener = (event: ScheduledEvent) => void;
export type FailureListener = (failure: HandlerFailure) => void;

/** What a manual run did and why it stopped. */
export interface RunResult {
  readonly fired: number;
  /** `idle`: nothing left to fire; `until`: the next event lies after `until`; `target`: time reached the
   * target of advance/advanceTo/runUntil(instant); `predicate`: the condition of runUntil became true. */
  readonly stoppedBy: "idle" | "until" | "target" | "predicate";
}

export interface RunOptions {
  /** Safety valve against runaway event loops: firing more than this many events throws `Clock.EventLimit`. */
  readonly maxEvents?: number;
}

export interface RunUntilIdleOptions extends RunOptions {
  /** Fire only events at or before this instant. */
  readonly until?: Instant;
}

/** Read-only simulated time: what most of the world needs. */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

/** Simulated time plus the one event queue every delay in the world goes through. */
export interface Scheduler extends Clock {
  schedule(at: Instant, label: string, handler: EventHandler): EventId;
  scheduleIn(delayMs: number, label: string, handler: EventHandler): EventId;
  cancel(id: EventId): boolean;
  pending(): ScheduledEvent[];
  track<T>(work: Promise<T>): Promise<T>;
  onEvent(listener: EventListener): () => void;
}

/** The real time source of scaled mode. Injectable; the default reads the globals at each call. */
export interface RealTime {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemRealTime: RealTime = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SimClockOptions {
  /** The simulated instant the clock starts at (TIME-2: required, never the machine's date). A string needs
   * an explicit offset, e.g. `2026-03-02T09:00:00+08:00`. */
  readonly start: Date | string;
  /** `manual` (default): time moves only when asked. `scaled`: time flows at `scale`× real time. */
  readonly mode?: "manual" | "scaled";
  /** Simulated milliseconds per real millisecond (= simulated seconds per real second). Default 3600. */
  readonly scale?: number;
  /** Default `maxEvents` of every manual run. Default 10 000. */
  readonly maxEvents?: number;
  readonly onError?: FailureListener;
  /** Scaled mode: whether a pending event's timer keeps the Node process alive. Default true. */
  readonly keepAlive?: boolean;
  readonly realTime?: RealTime;
}

const DEFAULT_SCALE = 3600;
const DEFAULT_MAX_EVENTS = 10_000;
const MAX_TIMER_MS = 2_147_483_647; // setTimeout's ceiling; a longer wait is re-armed when it expires

/**
 * The one simulated clock and its scheduler.
 *
 * Events fire in order of time, then of scheduling (`id`). An event scheduled for a time already past fires at
 * the current time (time never goes backwards). Times are whole milliseconds (fractions dropped, as `Date`
 * does).
 *
 * Manual mode: time moves only inside `advance`, `advanceTo`, `runNext`, `runUntilIdle` and `runUntil`. Before
 * an event fires, `now` moves to its time; its handler is awaited and then every promise registered with
 * `track` (including ones tracked meanwhile) is awaited, before the next event is looked at — so events that
 * handlers schedule are honoured, and the order of effects is the order of events. Runs are exclusive: a second
 * run while one is active (for example from inside a handler) throws `Clock.Busy`.
 *
 * Scaled mode: simulated time is `start + (real elapsed) × scale`; due events fire from a real timer, one at a
 * time, each awaited and settled like in manual mode. `stop()` clears the timer and freezes time.
 */
export class SimClock implements Scheduler {
  readonly mode: "manual" | "scaled";
  readonly scale: number;

  readonly #queue = new EventQueue();
  readonly #tracked = new Set<Promise<void>>();
  readonly #eventListeners = new Set<EventListener>();
  readonly #failureListeners = new Set<FailureListener>();
  readonly #failures: HandlerFailure[] = [];
  readonly #maxEvents: number;
  readonly #startMs: number;
  #nextId = 1;
  #manualNowMs: number;
  #running = false;

  readonly #realTime: RealTime;
  readonly #realStart: number;
  readonly #keepAlive: boolean;
  #timer: unknown;
  #draining = false;
  #stoppedAtMs: number | undefined;

  constructor(options: SimClockOptions) {
    const start = options?.start;
    if (start === undefined || start === null) {
      throw new ClockError("Clock.MissingStart", "a clock needs an explicit start instant", "TIME-2");
    }
    if (typeof start === "string") this.#startMs = parseInstant(start).getTime();
    else if (start instanceof Date) this.#startMs = Math.trunc(toMs(start, "start"));
    else throw new ClockError("Clock.MissingStart", "start must be a Date or an ISO-8601 string", "TIME-2");
    this.#manualNowMs = this.#startMs;

    const mode = options.mode ?? "manual";
    if (mode !== "manual" && mode !== "scaled") {
      throw new ClockError("Clock.InvalidOption", `mode must be "manual" or "scaled"`);
    }
    this.mode = mode;
    this.scale = options.scale ?? DEFAULT_SCALE;
    if (!(Number.isFinite(this.scale) && this.scale > 0)) {
      throw new ClockError("Clock.InvalidOption", "scale must be a positive number");
    }
    this.#maxEvents = positiveInteger(options.maxEvents ?? DEFAULT_MAX_EVENTS, "maxEvents");
    if (options.onError) this.#failureListeners.add(options.onError);
    this.#keepAlive = options.keepAlive ?? true;
    this.#realTime = options.realTime ?? systemRealTime;
    // Manual mode never reads real time at all.
    this.#realStart = mode === "scaled" ? this.#realTime.now() : 0;
  }

  /** The instant the clock started at. */
  get start(): Date {
    return new Date(this.#startMs);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    if (this.#stoppedAtMs !== undefined) return this.#stoppedAtMs;
    if (this.mode === "manual") return this.#manualNowMs;
    return Math.floor(this.#startMs + (this.#realTime.now() - this.#realStart) * this.scale);
  }

  schedule(at: Instant, label: string, handler: EventHandler): EventId {
    const requested = Math.trunc(toMs(at, "event time"));
    if (typeof label !== "string") throw new ClockError("Clock.InvalidOption", "an event needs a label");
    if (typeof handler !== "function") throw new ClockError("Clock.InvalidOption", `event "${label}" has no handler`);
    const event: QueuedEvent = { id: this.#nextId++, atMs: Math.max(requested, this.nowMs()), label, handler };
    this.#queue.push(event);
    this.#arm();
    return event.id;
  }

  scheduleIn(delayMs: number, label: string, handler: EventHandler): EventId {
    if (!(Number.isFinite(delayMs) && delayMs >= 0)) {
      throw new ClockError("Clock.InvalidDelay", `delay of "${label}" must be a finite number ≥ 0 (got ${delayMs})`);
    }
    return this.schedule(this.nowMs() + delayMs, label, handler);
  }

  /** Removes a pending event; false if it already fired, was cancelled or never existed. */
  cancel(id: EventId): boolean {
    const removed = this.#queue.cancel(id);
    if (removed) this.#arm();
    return removed;
  }

  /** Pending events in the order they will fire. */
  pending(): ScheduledEvent[] {
    return this.#queue.list().map(describe);
  }

  /**
   * Registers in-flight work (an HTTP request, a DNS query) that runs must wait for before the next event.
   * Returns the same promise. Its outcome belongs to the caller: a rejection is not recorded as a failure.
   * Track work synchronously, when it starts, or the clock may not see it in time.
   */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#tracked.add(settled);
    void settled.then(() => this.#tracked.delete(settled));
    return work;
  }

  /** How many tracked promises have not settled yet. */
  inFlight(): number {
    return this.#tracked.size;
  }

  /** Timeline hook: called with each event just before its handler runs. Returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Called with each recorded failure. Returns an unsubscribe function. */
  onError(listener: FailureListener): () => void {
    this.#failureListeners.add(listener);
    return () => this.#failureListeners.delete(listener);
  }

  /** Every failure recorded so far, oldest first. */
  errors(): HandlerFailure[] {
    return [...this.#failures];
  }

  // ── manual mode ──────────────────────────────────────────────────────────────────────────────────────────

  /** Fires the next event (moving `now` to its time), settles, and returns it; undefined when none is pending. */
  runNext(): Promise<ScheduledEvent | undefined> {
    return this.#exclusive(async () => {
      await this.#settle();
      const event = this.#queue.pop();
      if (!event) return undefined;
      this.#manualNowMs = Math.max(this.#manualNowMs, event.atMs);
      await this.#fire(event);
      return describe(event);
    });
  }

  /** Moves time forward by `ms`, firing every event due on the way at its own time; ends with now = start + ms. */
  advance(ms: number, options?: RunOptions): Promise<RunResult> {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      return Promise.reject(new ClockError("Clock.InvalidDelay", `advance(${ms}) needs a finite number ≥ 0`));
    }
    return this.advanceTo(this.nowMs() + ms, options);
  }

  /** Like `advance`, to an instant. Moving backwards throws `Clock.TimeGoesForward`. */
  advanceTo(target: Instant, options?: RunOptions): Promise<RunResult> {
    return this.#exclusive(async () => {
      const targetMs = Math.trunc(toMs(target, "target"));
      if (targetMs < this.#manualNowMs) {
        throw new ClockError(
          "Clock.TimeGoesForward",
          `cannot move time back from ${this.now().toISOString()} to ${new Date(targetMs).toISOString()}`,
        );
      }
      const result = await this.#run({ limit: this.#limit(options), until: targetMs });
      this.#manualNowMs = targetMs;
      return { fired: result.fired, stoppedBy: "target" };
    });
  }

  /**
   * Fires events until none is pending (or the next lies after `until`). `now` is left at the last fired
   * event's time: this run never moves time past an event.
   */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<RunResult> {
    return this.#exclusive(() => {
      const until = options?.until === undefined ? undefined : Math.trunc(toMs(options.until, "until"));
      return this.#run({ limit: this.#limit(options), until });
    });
  }

  /**
   * With an instant: `advanceTo(instant)`. With a condition: fires events until the condition holds — checked
   * after settling, before each event, so it may hold at once — and throws `Clock.ConditionNotReached` if the
   * queue runs dry first.
   */
  runUntil(condition: (() => boolean | Promise<boolean>) | Instant, options?: RunOptions): Promise<RunResult> {
    if (typeof condition !== "function") return this.advanceTo(condition, options);
    return this.#exclusive(async () => {
      const result = await this.#run({ limit: this.#limit(options), predicate: condition });
      if (result.stoppedBy === "idle") {
        throw new ClockError(
          "Clock.ConditionNotReached",
          `no event left to fire at ${this.now().toISOString()} and the condition is still false`,
        );
      }
      return result;
    });
  }

  // ── scaled mode ──────────────────────────────────────────────────────────────────────────────────────────

  /** Scaled mode: clears the timer and freezes simulated time; nothing fires afterwards. Manual mode: no-op. */
  stop(): void {
    if (this.mode !== "scaled" || this.#stoppedAtMs !== undefined) return;
    this.#stoppedAtMs = this.nowMs();
    this.#clearTimer();
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────────────────

  async #run(options: {
    limit: number;
    until?: number | undefined;
    predicate?: () => boolean | Promise<boolean>;
  }): Promise<RunResult> {
    let fired = 0;
    for (;;) {
      await this.#settle();
      if (options.predicate && (await options.predicate())) return { fired, stoppedBy: "predicate" };
      const next = this.#queue.peek();
      if (!next) return { fired, stoppedBy: "idle" };
      if (options.until !== undefined && next.atMs > options.until) return { fired, stoppedBy: "until" };
      if (fired >= options.limit) throw this.#eventLimit(options.limit);
      this.#queue.pop();
      this.#manualNowMs = Math.max(this.#manualNowMs, next.atMs);
      await this.#fire(next);
      fired++;
    }
  }

  async #fire(event: QueuedEvent): Promise<void> {
    const fired = describe(event);
    for (const listener of this.#eventListeners) {
      try {
        listener(fired);
      } catch (error) {
        this.#recordFailure({ ...fired, error });
      }
    }
    try {
      await event.handler();
    } catch (error) {
      this.#recordFailure({ ...fired, error });
    }
    await this.#settle();
  }

  async #settle(): Promise<void> {
    // Work tracked while we wait is waited for too.
    while (this.#tracked.size > 0) await Promise.all(this.#tracked);
  }

  #recordFailure(failure: HandlerFailure): void {
    this.#failures.push(failure);
    for (const listener of this.#failureListeners) {
      try {
        listener(failure);
      } catch {
        // An error hook must not stop the clock; the failure is already recorded.
      }
    }
  }

  async #exclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.mode !== "manual") {
      throw new ClockError("Clock.WrongMode", "runs are for manual mode; a scaled clock runs on real timers");
    }
    if (this.#running) {
      throw new ClockError("Clock.Busy", "another run of this clock is in progress (a handler cannot run the clock)");
    }
    this.#running = true;
    try {
      return await body();
    } finally {
      this.#running = false;
    }
  }

  #limit(options: RunOptions | undefined): number {
    return options?.maxEvents === undefined ? this.#maxEvents : positiveInteger(options.maxEvents, "maxEvents");
  }

  #eventLimit(limit: number): ClockError {
    const next = this.#queue
      .list()
      .slice(0, 3)
      .map((e) => `${e.label} at ${new Date(e.atMs).toISOString()}`);
    return new ClockError("Clock.EventLimit", `fired ${limit} events and more are due (next: ${next.join(", ")})`);
  }

  #arm(): void {
    if (this.mode !== "scaled" || this.#stoppedAtMs !== undefined || this.#draining) return;
    this.#clearTimer();
    const next = this.#queue.peek();
    if (!next) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil((next.atMs - this.nowMs()) / this.scale)));
    const handle = this.#realTime.setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, delay);
    if (!this.#keepAlive) (handle as { unref?: () => void } | undefined)?.unref?.();
    this.#timer = handle;
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    this.#realTime.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#stoppedAtMs === undefined) {
        const next = this.#queue.peek();
        if (!next || next.atMs > this.nowMs()) break;
        this.#queue.pop();
        await this.#fire(next);
      }
    } finally {
      this.#draining = false;
      this.#arm();
    }
  }
}

function describe(event: QueuedEvent): ScheduledEvent {
  return { id: event.id, at: new Date(event.atMs), label: event.label };
}

function positiveInteger(value: number, name: string): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new ClockError("Clock.InvalidOption", `${name} must be a positive whole number`);
  }
  return value;
}
