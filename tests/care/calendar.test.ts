import chineseDays from "chinese-days";
import { describe, expect, it } from "vitest";
import { festivalDate } from "../../src/domain/calendar.ts";
import { addDays } from "../../src/domain/dates.ts";
import {
  anniversaryYearsOn,
  type Birthday,
  birthdayYearOn,
  dayFacts,
  festivalsOn,
  lunarBirthdayOccurrence,
  solarOccurrence,
} from "../../src/domain/occasions.ts";

const { getSolarDateFromLunar, getLunarDate, monthDays } = chineseDays;

/** Every day of Gregorian `year` on which a birthday falls, with the year it counts for. */
function daysOf(b: Birthday, year: number): [string, number][] {
  const out: [string, number][] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    const counted = birthdayYearOn(b, dayFacts(d)!);
    if (counted !== undefined) out.push([d, counted]);
  }
  return out;
}

describe("festival dates come from chinese-days, never from a table per year", () => {
  it("puts 春节 2026 on 2026-02-17, as the package's lunar calendar does", () => {
    expect(getLunarDate("2026-02-17")).toMatchObject({ lunarYear: 2026, lunarMon: 1, lunarDay: 1 });
    expect(festivalDate("春节", 2026)).toBe("2026-02-17");
    expect(festivalsOn("2026-02-17")).toEqual(["spring"]);
  });

  it("puts 中秋 2026 on 2026-09-25 (lunar 8-15)", () => {
    expect(getSolarDateFromLunar("2026-08-15").date).toBe("2026-09-25");
    expect(festivalsOn("2026-09-25")).toEqual(["midautumn"]);
  });

  it("puts 端午 2027 on 2027-06-09 (lunar 5-5)", () => {
    expect(getSolarDateFromLunar("2027-05-05").date).toBe("2027-06-09");
    expect(festivalsOn("2027-06-09")).toEqual(["dragonboat"]);
  });

  it("knows 元旦, 国庆 and 元宵, and nothing on an ordinary day", () => {
    expect(festivalsOn("2026-01-01")).toEqual(["newyear"]);
    expect(festivalsOn("2026-10-01")).toEqual(["national"]);
    expect(festivalsOn("2026-03-03")).toEqual(["lantern"]);
    expect(festivalsOn("2026-03-10")).toEqual([]);
  });
});

describe("a 农历 birthday (the 生日 cell holds the lunar month and day)", () => {
  const lunar815: Birthday = { month: 8, day: 15, calendar: "农历" };

  it("moves across three years with the lunar calendar", () => {
    expect([2025, 2026, 2027].map((y) => lunarBirthdayOccurrence(8, 15, y))).toEqual([
      "2025-10-06",
      "2026-09-25",
      "2027-09-15",
    ]);
    expect(daysOf(lunar815, 2025)).toEqual([["2025-10-06", 2025]]);
    expect(daysOf(lunar815, 2026)).toEqual([["2026-09-25", 2026]]);
    expect(daysOf(lunar815, 2027)).toEqual([["2027-09-15", 2027]]);
  });

  it("falls on the 29th when the lunar month has no 30th, and on the 30th when it has", () => {
    expect(monthDays(2023, 12)).toBe(30);
    expect(monthDays(2024, 12)).toBe(29);
    expect(lunarBirthdayOccurrence(12, 30, 2023)).toBe("2024-02-09");
    expect(lunarBirthdayOccurrence(12, 30, 2024)).toBe("2025-01-28");
    expect(getLunarDate("2025-01-28")).toMatchObject({ lunarMon: 12, lunarDay: 29 });
    expect(daysOf({ month: 12, day: 30, calendar: "农历" }, 2025)).toEqual([["2025-01-28", 2024]]);
  });

  it("can fall twice in one Gregorian year, counted for two lunar years", () => {
    expect(daysOf({ month: 11, day: 20, calendar: "农历" }, 2026)).toEqual([
      ["2026-01-08", 2025],
      ["2026-12-28", 2026],
    ]);
  });

  it("is not matched inside a leap month (people keep the ordinary month)", () => {
    expect(getLunarDate("2025-07-25")).toMatchObject({ lunarMon: 6, lunarDay: 1, isLeap: true });
    expect(daysOf({ month: 6, day: 1, calendar: "农历" }, 2025)).toEqual([["2025-06-25", 2025]]);
  });
});

describe("solar dates that do not exist every year", () => {
  it("keeps a 29 February birthday on 28 February in common years", () => {
    expect(solarOccurrence(2, 29, 2027)).toBe("2027-02-28");
    expect(solarOccurrence(2, 29, 2028)).toBe("2028-02-29");
    expect(daysOf({ month: 2, day: 29, calendar: "公历" }, 2027)).toEqual([["2027-02-28", 2027]]);
    expect(daysOf({ month: 2, day: 29, calendar: "公历" }, 2028)).toEqual([["2028-02-29", 2028]]);
  });

  it("counts cooperation anniversaries in whole years, from a 29 February start too", () => {
    expect(anniversaryYearsOn("2020-02-29", dayFacts("2027-02-28")!)).toBe(7);
    expect(anniversaryYearsOn("2019-05-20", dayFacts("2026-05-20")!)).toBe(7);
    expect(anniversaryYearsOn("2026-05-20", dayFacts("2026-05-20")!)).toBe(0);
    expect(anniversaryYearsOn("2019-05-20", dayFacts("2026-05-21")!)).toBe(0);
  });
});
