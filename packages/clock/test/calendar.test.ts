import { describe, expect, it } from "vitest";
import {
  BusinessCalendar,
  ClockError,
  CN_CALENDAR_DAYS,
  defaultCalendar as cal,
  days,
  formatGmt8,
  gmt8,
  hours,
  parseInstant,
  Rng,
} from "../src/index";

const iso = (d: Date) => formatGmt8(d);

describe("BusinessCalendar (TIME-1)", () => {
  it("TIME-1: Saturdays and Sundays are not business days", () => {
    expect(cal.isBusinessDay(gmt8("2026-03-06T12:00"))).toBe(true); // Friday
    expect(cal.isBusinessDay(gmt8("2026-03-07T12:00"))).toBe(false); // Saturday
    expect(cal.isBusinessDay(gmt8("2026-03-08T12:00"))).toBe(false); // Sunday
    expect(cal.isBusinessDay(gmt8("2026-03-09T00:00"))).toBe(true); // Monday
    expect(new BusinessCalendar().isBusinessDate("2026-01-01")).toBe(true); // no holidays listed: a plain Thursday
  });

  it("TIME-1: listed public holidays are skipped", () => {
    expect(cal.isBusinessDate("2026-01-01")).toBe(false); // New Year's Day, a Thursday
    expect(cal.isBusinessDate("2026-02-17")).toBe(false); // Spring Festival, a Tuesday
    expect(cal.isBusinessDate("2026-10-07")).toBe(false); // National Day week, a Wednesday
    expect(cal.isBusinessDate("2026-10-08")).toBe(true);
    expect(cal.addBusinessDays(gmt8("2026-12-31T10:00"), 1)).toEqual(gmt8("2027-01-04T10:00"));
  });

  it("TIME-1: make-up working days on a weekend are counted", () => {
    expect(cal.isBusinessDate("2026-01-04")).toBe(true); // Sunday worked for New Year
    expect(cal.isBusinessDate("2026-02-14")).toBe(true); // Saturday worked for the Spring Festival
    expect(cal.isBusinessDate("2026-02-28")).toBe(true);
    expect(cal.isBusinessDate("2026-10-10")).toBe(true);
    expect(cal.isBusinessDay(gmt8("2026-02-14T15:00"))).toBe(true);
    // Friday 2026-02-13 + 1 business day is the make-up Saturday, + 2 jumps the whole festival.
    expect(iso(cal.addBusinessDays(gmt8("2026-02-13T16:30"), 1))).toBe("2026-02-14T16:30:00+08:00");
    expect(iso(cal.addBusinessDays(gmt8("2026-02-13T16:30"), 2))).toBe("2026-02-24T16:30:00+08:00");
  });

  it("TIME-1: 3 business days from a Friday land on the Wednesday, at the same local time", () => {
    const friday = gmt8("2026-03-06T10:00");
    expect(iso(cal.addBusinessDays(friday, 3))).toBe("2026-03-11T10:00:00+08:00");
    expect(cal.businessDaysBetween(friday, gmt8("2026-03-11T10:00"))).toBe(3);
    expect(cal.addBusinessDays(friday, 0)).toEqual(friday);
    expect(iso(cal.addBusinessDays(friday, -1))).toBe("2026-03-05T10:00:00+08:00");
    expect(iso(cal.addBusinessDays(gmt8("2026-03-09T10:00"), -1))).toBe("2026-03-06T10:00:00+08:00");
  });

  it("TIME-1: starting on a non-business day, the start's date does not count", () => {
    const saturday = gmt8("2026-03-07T10:00");
    expect(iso(cal.addBusinessDays(saturday, 1))).toBe("2026-03-09T10:00:00+08:00");
    expect(iso(cal.addBusinessDays(saturday, 3))).toBe("2026-03-11T10:00:00+08:00");
    expect(cal.businessDaysBetween(saturday, gmt8("2026-03-08T23:59"))).toBe(0);
  });

  it("TIME-1: across a holiday week", () => {
    // Tue 09-29 → Wed 09-30 (1), National Day 10-01..07, Thu 10-08 (2), Fri 10-09 (3), make-up Sat 10-10 (4).
    const tuesday = gmt8("2026-09-29T14:00");
    expect(iso(cal.addBusinessDays(tuesday, 3))).toBe("2026-10-09T14:00:00+08:00");
    expect(iso(cal.addBusinessDays(tuesday, 4))).toBe("2026-10-10T14:00:00+08:00");
    expect(iso(cal.addBusinessDays(tuesday, 5))).toBe("2026-10-12T14:00:00+08:00");
    expect(cal.businessDaysBetween(tuesday, gmt8("2026-10-12T09:00"))).toBe(5);
    expect(cal.businessDaysBetween(gmt8("2026-10-12T09:00"), tuesday)).toBe(-5);
  });

  it("TIME-1: days are GMT+8 days — 2026-01-02T17:00Z is already Saturday in GMT+8", () => {
    const instant = new Date("2026-01-02T17:00:00Z");
    expect(cal.localDate(instant)).toBe("2026-01-03");
    expect(cal.formatGmt8(instant)).toBe("2026-01-03T01:00:00+08:00");
    expect(cal.isBusinessDay(instant)).toBe(false);
    // A plain week, so only the weekend decides: Friday 23:59:59 GMT+8 works, one second later does not.
    expect(cal.isBusinessDay(new Date("2026-01-09T15:59:59Z"))).toBe(true);
    expect(cal.isBusinessDay(new Date("2026-01-09T16:00:00Z"))).toBe(false);
    expect(cal.isBusinessDay(new Date("2026-01-11T16:00:00Z"))).toBe(true); // Monday 00:00 GMT+8, still Sunday UTC
    // Friday 23:00 UTC is Saturday 07:00 GMT+8: one business day later is Monday 07:00 GMT+8 (in UTC it would
    // have been Monday 23:00Z, i.e. Tuesday in GMT+8).
    expect(iso(cal.addBusinessDays(new Date("2026-01-09T23:00:00Z"), 1))).toBe("2026-01-12T07:00:00+08:00");
  });

  it("TIME-1: API times are ISO-8601 in GMT+8 with the offset, and parse back to the same instant", () => {
    const instant = new Date("2026-03-01T20:15:30.250Z");
    expect(formatGmt8(instant)).toBe("2026-03-02T04:15:30+08:00");
    expect(formatGmt8(instant, { milliseconds: true })).toBe("2026-03-02T04:15:30.250+08:00");
    expect(parseInstant(formatGmt8(instant, { milliseconds: true }))).toEqual(instant);
    expect(formatGmt8(Date.UTC(2026, 11, 31, 16))).toBe("2027-01-01T00:00:00+08:00");
  });

  it("OV-4: a 3–5 business-day review lands between the 3rd and the 5th business day, drawn from the seed", () => {
    const submitted = gmt8("2026-03-06T10:00"); // Friday
    const rng = new Rng("ov-review");
    const results = Array.from({ length: 200 }, () => cal.sampleBusinessDays(submitted, 3, 5, rng));
    for (const done of results) {
      expect(done.getTime()).toBeGreaterThanOrEqual(gmt8("2026-03-11T10:00").getTime());
      expect(done.getTime()).toBeLessThanOrEqual(gmt8("2026-03-13T10:00").getTime());
      expect(cal.isBusinessDay(done)).toBe(true);
    }
    expect(new Set(results.map((d) => cal.localDate(d)))).toEqual(new Set(["2026-03-11", "2026-03-12", "2026-03-13"]));
    const replay = new Rng("ov-review");
    expect(Array.from({ length: 200 }, () => cal.sampleBusinessDays(submitted, 3, 5, replay))).toEqual(results);
    // Over the Spring Festival the same review stretches across the holiday.
    const beforeFestival = gmt8("2026-02-12T10:00"); // Thursday; Sat 02-14 is worked, 02-15..23 are off
    const late = cal.sampleBusinessDays(beforeFestival, 3, 3, rng);
    expect(iso(late)).toBe("2026-02-24T10:00:00+08:00");
  });

  it("adds business time only during business days", () => {
    const fridayEvening = gmt8("2026-03-06T20:00");
    expect(iso(cal.addBusinessTime(fridayEvening, hours(3)))).toBe("2026-03-06T23:00:00+08:00");
    expect(iso(cal.addBusinessTime(fridayEvening, hours(4)))).toBe("2026-03-09T00:00:00+08:00"); // end of Friday
    expect(iso(cal.addBusinessTime(fridayEvening, hours(5)))).toBe("2026-03-09T01:00:00+08:00");
    expect(iso(cal.addBusinessTime(gmt8("2026-03-07T10:00"), 0))).toBe("2026-03-09T00:00:00+08:00");
    expect(iso(cal.addBusinessTime(gmt8("2026-03-07T10:00"), days(1) + hours(2)))).toBe("2026-03-10T02:00:00+08:00");
    expect(cal.addBusinessTime(gmt8("2026-03-06T10:00"), days(3))).toEqual(
      cal.addBusinessDays(gmt8("2026-03-06T10:00"), 3),
    );
  });

  it("ships the 2026 schedule as announced and a labelled 2027 projection", () => {
    const official2026 = CN_CALENDAR_DAYS.holidays.filter((d) => d.startsWith("2026"));
    expect(official2026).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(CN_CALENDAR_DAYS.makeUpWorkdays.filter((d) => d.startsWith("2026"))).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(cal.isBusinessDate("2027-02-10")).toBe(false); // Spring Festival 2027 (projected)
    expect(cal.isBusinessDate("2027-10-09")).toBe(true); // make-up Saturday (projected)
  });

  it("extends a calendar with a scenario's own days", () => {
    const closed = cal.with({ holidays: ["2026-03-10"] });
    expect(closed.isBusinessDate("2026-03-10")).toBe(false);
    expect(cal.isBusinessDate("2026-03-10")).toBe(true);
    expect(iso(closed.addBusinessDays(gmt8("2026-03-06T10:00"), 3))).toBe("2026-03-12T10:00:00+08:00");
  });

  it("refuses malformed dates and impossible calendars with typed errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(ClockError);
        return (error as ClockError).code;
      }
      return "no error";
    };
    expect(code(() => new BusinessCalendar({ holidays: ["2026-02-30"], makeUpWorkdays: [] }))).toBe(
      "Calendar.InvalidDate",
    );
    expect(code(() => new BusinessCalendar({ holidays: ["2026/01/01"], makeUpWorkdays: [] }))).toBe(
      "Calendar.InvalidDate",
    );
    expect(code(() => new BusinessCalendar({ holidays: [], makeUpWorkdays: ["2026-03-04"] }))).toBe(
      "Calendar.InvalidDate",
    ); // a Wednesday is not a make-up day
    expect(code(() => new BusinessCalendar({ holidays: ["2026-03-07"], makeUpWorkdays: ["2026-03-07"] }))).toBe(
      "Calendar.InvalidDate",
    );
    expect(code(() => cal.addBusinessDays(0, 1.5))).toBe("Calendar.InvalidArgument");
    expect(code(() => cal.sampleBusinessDays(0, 5, 3, new Rng(1)))).toBe("Calendar.InvalidArgument");
    expect(code(() => cal.addBusinessTime(0, -1))).toBe("Calendar.InvalidArgument");
    expect(code(() => cal.isBusinessDay(Number.NaN))).toBe("Clock.InvalidInstant");
    expect(code(() => gmt8("2026-02-30T10:00"))).toBe("Clock.InvalidInstant");
    expect(code(() => gmt8("2026-03-06T25:00"))).toBe("Clock.InvalidInstant");
  });
});
