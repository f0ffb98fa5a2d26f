import chineseDays from "chinese-days";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  calendarSelfCheck,
  festivalDate,
  isWorkingDay,
  lunarBirthdayInYear,
  nextWorkingDay,
  statutoryScheduleKnown,
} from "../../src/domain/calendar.ts";

const { getLunarDate } = chineseDays;

describe("working days", () => {
  it("moves National Day 2026 to the first day back, 10-08", () => {
    expect(nextWorkingDay("2026-10-01")).toBe("2026-10-08");
  });

  it("counts the make-up Saturday 2026-10-10 as a working day", () => {
    expect(isWorkingDay("2026-10-10")).toBe(true);
  });

  it("moves Sunday 2026-10-11 to Monday", () => {
    expect(nextWorkingDay("2026-10-11")).toBe("2026-10-12");
  });

  it("keeps a working day as it is", () => {
    expect(nextWorkingDay("2026-11-25")).toBe("2026-11-25");
  });

  it("adds working days across the holiday and the make-up Saturday", () => {
    expect(addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
    expect(addWorkingDays("2026-10-08", 2)).toBe("2026-10-10");
    expect(addWorkingDays("2026-10-12", -1)).toBe("2026-10-10");
  });

  it("knows whether the State Council schedule for a year is loaded", () => {
    expect(statutoryScheduleKnown(2026)).toBe(true);
    expect(statutoryScheduleKnown(2035)).toBe(false);
  });

  it("passes its self-check in this process's time zone", () => {
    expect(calendarSelfCheck()).toEqual([]);
  });
});

describe("festivals", () => {
  it("finds 春节 2026 on 02-17", () => {
    expect(festivalDate("春节", 2026)).toBe("2026-02-17");
  });

  it("finds 中秋节 2026 on 09-25", () => {
    expect(festivalDate("中秋节", 2026)).toBe("2026-09-25");
  });

  it("finds 端午节 2027 on 06-09", () => {
    expect(festivalDate("端午节", 2027)).toBe("2027-06-09");
  });

  it("finds 清明节 from the solar term", () => {
    expect(festivalDate("清明节", 2026)).toBe("2026-04-05");
  });

  it("converts each lunar festival back to its lunar date", () => {
    const lunar = { 春节: [1, 1], 元宵节: [1, 15], 端午节: [5, 5], 中秋节: [8, 15] } as const;
    for (let year = 2024; year <= 2035; year++) {
      for (const [name, [month, day]] of Object.entries(lunar)) {
        const back = getLunarDate(festivalDate(name as keyof typeof lunar, year)!);
        expect([back.lunarMon, back.lunarDay, back.isLeap]).toEqual([month, day, false]);
      }
    }
  });

  it("gives fixed solar festivals on their dates", () => {
    expect([festivalDate("元旦", 2027), festivalDate("劳动节", 2027), festivalDate("国庆节", 2027)]).toEqual([
      "2027-01-01",
      "2027-05-01",
      "2027-10-01",
    ]);
  });
});

describe("lunar birthdays", () => {
  it("falls on the same lunar day in each of three years", () => {
    const birth = "1988-09-25";
    const lunar = getLunarDate(birth);
    for (const year of [2025, 2026, 2027]) {
      const day = lunarBirthdayInYear(birth, year)!;
      expect(day.startsWith(`${year}-`)).toBe(true);
      const back = getLunarDate(day);
      expect([back.lunarMon, back.lunarDay, back.isLeap]).toEqual([lunar.lunarMon, lunar.lunarDay, false]);
    }
  });

  it("falls back from the 30th to the 29th in a short month", () => {
    // 1990-03-26 is lunar 2/30; lunar month 2 has 29 days in 2026 and 30 in 2027.
    expect(getLunarDate("1990-03-26").lunarDay).toBe(30);
    const short = getLunarDate(lunarBirthdayInYear("1990-03-26", 2026)!);
    const long = getLunarDate(lunarBirthdayInYear("1990-03-26", 2027)!);
    expect([short.lunarMon, short.lunarDay]).toEqual([2, 29]);
    expect([long.lunarMon, long.lunarDay]).toEqual([2, 30]);
  });

  it("uses the ordinary month for a leap-month birth", () => {
    // 2025-07-25 is the 1st of the leap sixth month.
    expect(getLunarDate("2025-07-25").isLeap).toBe(true);
    const back = getLunarDate(lunarBirthdayInYear("2025-07-25", 2026)!);
    expect([back.lunarMon, back.lunarDay, back.isLeap]).toEqual([6, 1, false]);
  });

  it("finds a late-winter birthday in the lunar year that began the year before", () => {
    // Lunar 12/24 falls in January or February of the next Gregorian year.
    const day = lunarBirthdayInYear("1990-01-20", 2026)!;
    const back = getLunarDate(day);
    expect(day.startsWith("2026-")).toBe(true);
    expect([back.lunarYear, back.lunarMon, back.lunarDay]).toEqual([2025, 12, 24]);
  });

  it("returns nothing for a date it cannot read", () => {
    expect(lunarBirthdayInYear("1990-13-01", 2026)).toBeUndefined();
  });
});
