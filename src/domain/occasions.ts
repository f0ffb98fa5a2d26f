// chinese-days ships CommonJS: only its default export works under Node's ESM loader (see calendar.ts).
import chineseDays from "chinese-days";
import { type FestivalName, festivalDate, lunarToSolar } from "./calendar.ts";
import { civilOf, dayOf, daysInMonth, isoFromParts } from "./dates.ts";
import type { IsoDate } from "./types.ts";

const { getLunarDate, monthDays } = chineseDays;

/**
 * The occasions a key-account manager greets customers on: festivals (dates from chinese-days through
 * calendar.ts, never written down per year), contacts' birthdays and cooperation anniversaries.
 * Codes are ASCII because they go into effect keys; labels are what people read.
 */
export type FestivalCode =
  | "newyear"
  | "spring"
  | "lantern"
  | "labour"
  | "dragonboat"
  | "midautumn"
  | "national";
export type OccasionCode = FestivalCode | "birthday" | "anniversary";

export const FESTIVALS: Readonly<Record<FestivalCode, FestivalName>> = {
  newyear: "元旦",
  spring: "春节",
  lantern: "元宵节",
  labour: "劳动节",
  dragonboat: "端午节",
  midautumn: "中秋节",
  national: "国庆节",
};

export const OCCASION_CODES: readonly OccasionCode[] = [
  ...(Object.keys(FESTIVALS) as FestivalCode[]),
  "birthday",
  "anniversary",
];

export const OCCASION_LABELS: Readonly<Record<OccasionCode, string>> = {
  ...FESTIVALS,
  birthday: "生日",
  anniversary: "合作周年",
};

/** A code from its code or its Chinese label (people write 设置 rows with either). */
export function occasionCodeOf(text: string): OccasionCode | undefined {
  const t = text.trim();
  if ((OCCASION_CODES as readonly string[]).includes(t)) return t as OccasionCode;
  return OCCASION_CODES.find((c) => OCCASION_LABELS[c] === t || OCCASION_LABELS[c] === `${t}节`);
}

export type BirthdayCalendar = "公历" | "农历";

/** What the occasion rules need to know about one day, computed once per day (not per contact). */
export type DayFacts = {
  iso: IsoDate;
  year: number;
  month: number;
  day: number;
  festivals: FestivalCode[];
  /** The lunar date of the day; a leap month never matches a birthday (people keep the ordinary month). */
  lunar: { year: number; month: number; day: number; leap: boolean; monthLength: number };
};

const festivalMemo = new Map<number, Map<IsoDate, FestivalCode[]>>();

function festivalsOfYear(year: number): Map<IsoDate, FestivalCode[]> {
  let byDay = festivalMemo.get(year);
  if (!byDay) {
    byDay = new Map();
    for (const [code, name] of Object.entries(FESTIVALS) as [FestivalCode, FestivalName][]) {
      const date = festivalDate(name, year);
      if (date) byDay.set(date, [...(byDay.get(date) ?? []), code]);
    }
    festivalMemo.set(year, byDay);
  }
  return byDay;
}

/** Festivals falling on a day (none outside 1901–2099, where chinese-days has no lunar data). */
export function festivalsOn(iso: IsoDate): FestivalCode[] {
  const day = dayOf(iso);
  if (Number.isNaN(day)) return [];
  return festivalsOfYear(civilOf(day).year).get(iso) ?? [];
}

export function dayFacts(iso: IsoDate): DayFacts | undefined {
  const day = dayOf(iso);
  if (Number.isNaN(day)) return undefined;
  const c = civilOf(day);
  if (c.year < 1901 || c.year > 2099) return undefined;
  const l = getLunarDate(iso);
  return {
    iso,
    year: c.year,
    month: c.month,
    day: c.day,
    festivals: festivalsOn(iso),
    lunar: {
      year: l.lunarYear,
      month: l.lunarMon,
      day: l.lunarDay,
      leap: l.isLeap,
      monthLength: l.isLeap ? 0 : monthDays(l.lunarYear, l.lunarMon),
    },
  };
}

/** The day in Gregorian `year` of a yearly solar date; Feb 29 is kept on Feb 28 in common years. */
export function solarOccurrence(month: number, day: number, year: number): IsoDate {
  return isoFromParts(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * The solar day of a 农历 birthday in lunar year `lunarYear`. By the base's convention the 生日 cell of a
 * 农历 contact holds the lunar month and day (typed as a date); a 30th falls back to the 29th in a short month.
 */
export function lunarBirthdayOccurrence(month: number, day: number, lunarYear: number): IsoDate | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 30)) return undefined;
  return lunarToSolar(lunarYear, month, day);
}

export type Birthday = { month: number; day: number; calendar: BirthdayCalendar };

/** Reads a 生日 cell under the convention above. */
export function birthdayOf(
  iso: IsoDate | undefined,
  calendar: BirthdayCalendar | undefined,
): Birthday | undefined {
  const day = dayOf(iso);
  if (Number.isNaN(day)) return undefined;
  const c = civilOf(day);
  return { month: c.month, day: c.day, calendar: calendar ?? "公历" };
}

/**
 * The year a birthday falling on `facts` counts for (the care log's 年份), or undefined when it does not fall
 * there. A 农历 birthday counts for its lunar year: late-winter lunar dates can fall twice in one Gregorian year.
 */
export function birthdayYearOn(b: Birthday, facts: DayFacts): number | undefined {
  if (b.calendar === "农历") {
    const l = facts.lunar;
    if (l.leap || b.month !== l.month) return undefined;
    const matches = b.day === l.day || (b.day > l.monthLength && l.day === l.monthLength);
    return matches ? l.year : undefined;
  }
  return solarOccurrence(b.month, b.day, facts.year) === facts.iso ? facts.year : undefined;
}

/** Whole years of cooperation when `facts` is the anniversary of `since` (Feb 29 → Feb 28), else 0. */
export function anniversaryYearsOn(since: IsoDate | undefined, facts: DayFacts): number {
  const day = dayOf(since);
  if (Number.isNaN(day)) return 0;
  const s = civilOf(day);
  const years = facts.year - s.year;
  return years >= 1 && solarOccurrence(s.month, s.day, facts.year) === facts.iso ? years : 0;
}
