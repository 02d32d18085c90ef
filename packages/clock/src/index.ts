export {
  BusinessCalendar,
  type BusinessCalendarDays,
  formatGmt8,
  GMT8_OFFSET_MS,
  gmt8,
  localDateGmt8,
} from "./calendar";
export {
  DAY,
  days,
  formatDuration,
  HOUR,
  hours,
  MINUTE,
  minutes,
  parseDuration,
  SECOND,
  seconds,
} from "./duration";
export { ClockError, type ClockErrorCode } from "./errors";
export { CN_CALENDAR_DAYS, defaultCalendar } from "./holidays-cn";
export { type Instant, parseInstant, toMs } from "./instant";
export { Rng, type Seed } from "./rng";
export {
  type Clock,
  type EventHandler,
  type EventId,
  type EventListener,
  type FailureListener,
  type HandlerFailure,
  type RealTime,
  type RunOptions,
  type RunResult,
  type RunUntilIdleOptions,
  type ScheduledEvent,
  type Scheduler,
  SimClock,
  type SimClockOptions,
  systemRealTime,
} from "./sim-clock";
