import { BusinessCalendar, type BusinessCalendarDays } from "./calendar";
import { DAY } from "./duration";

/** Every date from `first` to `last`, inclusive (`YYYY-MM-DD`). */
function span(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * Mainland China, 2026, as announced by the General Office of the State Council on 2025-11-04
 * ("国务院办公厅关于2026年部分节假日安排的通知", published by Xinhua the same day).
 */
const CN_2026: BusinessCalendarDays = {
  holidays: [
    ...span("2026-01-01", "2026-01-03"), // New Year's Day
    ...span("2026-02-15", "2026-02-23"), // Spring Festival
    ...span("2026-04-04", "2026-04-06"), // Qingming
    ...span("2026-05-01", "2026-05-05"), // Labour Day
    ...span("2026-06-19", "2026-06-21"), // Dragon Boat Festival
    ...span("2026-09-25", "2026-09-27"), // Mid-Autumn Festival
    ...span("2026-10-01", "2026-10-07"), // National Day
  ],
  makeUpWorkdays: [
    "2026-01-04", // Sunday, for New Year's Day
    "2026-02-14", // Saturday, for the Spring Festival
    "2026-02-28", // Saturday, for the Spring Festival
    "2026-05-09", // Saturday, for Labour Day
    "2026-09-20", // Sunday, for National Day
    "2026-10-10", // Saturday, for National Day
  ],
};

/**
 * Mainland China, 2027: the simulation's own projection. The State Council announces each year's schedule in
 * the preceding November, and 2027's was not known when this was written. The festival dates are the real
 * ones (Spring Festival 2027-02-06, Qingming 04-05, Dragon Boat 06-09, Mid-Autumn 09-15); the spans and
 * make-up days follow the pattern of the 2025 and 2026 schedules (statutory days that fall on a weekend are
 * given back on the following weekdays; long breaks are bridged with make-up weekend days). Replace this
 * with the official list once it exists — a scenario pinned to 2027 dates will then change.
 */
const CN_2027_PROJECTED: BusinessCalendarDays = {
  holidays: [
    ...span("2027-01-01", "2027-01-03"), // New Year's Day (Fri–Sun)
    ...span("2027-02-05", "2027-02-14"), // Spring Festival (New Year's Eve Fri 02-05 to Sun 02-14)
    ...span("2027-04-03", "2027-04-05"), // Qingming (Sat–Mon)
    ...span("2027-05-01", "2027-05-05"), // Labour Day (Sat–Wed)
    "2027-06-09", // Dragon Boat Festival (Wed)
    "2027-09-15", // Mid-Autumn Festival (Wed)
    ...span("2027-10-01", "2027-10-07"), // National Day (Fri–Thu)
  ],
  makeUpWorkdays: [
    "2027-01-30", // Saturday, for the Spring Festival
    "2027-02-20", // Saturday, for the Spring Festival
    "2027-05-08", // Saturday, for Labour Day
    "2027-09-26", // Sunday, for National Day
    "2027-10-09", // Saturday, for National Day
  ],
};

/** The simulation's mainland-China calendar days for 2026 (official) and 2027 (projected). Other years have
 * weekends only. */
export const CN_CALENDAR_DAYS: BusinessCalendarDays = {
  holidays: [...CN_2026.holidays, ...CN_2027_PROJECTED.holidays],
  makeUpWorkdays: [...CN_2026.makeUpWorkdays, ...CN_2027_PROJECTED.makeUpWorkdays],
};

/** The calendar every CA uses unless a scenario gives its own (TIME-1). */
export const defaultCalendar = new BusinessCalendar(CN_CALENDAR_DAYS);
