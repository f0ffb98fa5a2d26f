// chinese-days ships CommonJS: Node's ESM loader exposes only its default
// export, so named imports break under tsx/Node; the default works everywhere.
import chineseDays from "chinese-days";
import { civilOf, dayOf, isoFromParts, isoOf } from "./dates.ts";
import type { IsoDate } from "./types.ts";

const { isWorkday, getDayDetail, getLunarDate, getSolarDateFromLunar, getSolarTermDate, monthDays } =
  chineseDays;

/**
 * China's statutory calendar (holidays and make-up working days) from
 * chinese-days, whose schedule data ends with the last announced year; later
 * years fall back to Monday–Friday (see `statutoryScheduleKnown`).
 *
 * chinese-days builds its holiday table and solar terms with local-time
 * getters, so working days and 清明 are only right when the process time zone
 * is UTC or east of it (Asia/Shanghai; Workers run in UTC). Lunar
 * conversions here avoid that and hold in any zone. `calendarSelfCheck`
 * detects a wrong zone at start-up.
 */

const LUNAR_RANGE = { first: 1901, last: 2099 };

const workingDayMemo = new Map<number, boolean>();

/** Memoised: the engine asks about the same few hundred days thousands of times. */
export function isWorkingDayNumber(day: number): boolean {
  if (!Number.isFinite(day)) return false;
  let working = workingDayMemo.get(day);
  if (working === undefined) {
    working = isWorkday(isoOf(day));
    workingDayMemo.set(day, working);
  }
  return working;
}

/** The day itself when it is a working day, else the first working day after it. */
export function nextWorkingDayNumber(day: number): number {
  if (!Number.isFinite(day)) return day;
  let d = day;
  // Chinese holiday runs are at most ~9 days; the bound guards against bad input.
  for (let i = 0; i < 60 && !isWorkingDayNumber(d); i++) d++;
  return d;
}

export function isWorkingDay(iso: IsoDate): boolean {
  const day = dayOf(iso);
  return !Number.isNaN(day) && isWorkingDayNumber(day);
}

/** Invalid dates are returned unchanged (validate at the edge). */
export function nextWorkingDay(iso: IsoDate): IsoDate {
  const day = dayOf(iso);
  return Number.isNaN(day) ? iso : isoOf(nextWorkingDayNumber(day));
}

/**
 * Moves n working days forward (n < 0: backward) from `iso`, counting only
 * working days: Friday + 1 = Monday, Saturday + 1 = Monday. n = 0 is
 * `nextWorkingDay`.
 */
export function addWorkingDays(iso: IsoDate, n: number): IsoDate {
  let day = dayOf(iso);
  if (Number.isNaN(day) || !Number.isInteger(n)) return iso;
  if (n === 0) return isoOf(nextWorkingDayNumber(day));
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day)) left--;
  }
  return isoOf(day);
}

/** True when the package knows the State Council schedule for `year` (元旦 is always a holiday). */
export function statutoryScheduleKnown(year: number): boolean {
  const detail = getDayDetail(isoFromParts(year, 1, 1));
  return !detail.work && detail.name.includes("元旦");
}

/** Facts the package must get right; a non-empty answer means the process time zone is wrong. */
export function calendarSelfCheck(): string[] {
  const wrong: string[] = [];
  if (isWorkday("2026-10-01")) wrong.push("2026-10-01 国庆节 should be a holiday");
  if (!isWorkday("2026-10-10")) wrong.push("2026-10-10 should be a make-up working day");
  if (getSolarTermDate(2026, 4, "pure_brightness") !== "2026-04-05") wrong.push("清明 2026 should be 04-05");
  return wrong;
}

export type FestivalName = "元旦" | "春节" | "元宵节" | "清明节" | "劳动节" | "端午节" | "中秋节" | "国庆节";

const LUNAR_FESTIVALS: Partial<Record<FestivalName, [number, number]>> = {
  春节: [1, 1],
  元宵节: [1, 15],
  端午节: [5, 5],
  中秋节: [8, 15],
};

const SOLAR_FESTIVALS: Partial<Record<FestivalName, [number, number]>> = {
  元旦: [1, 1],
  劳动节: [5, 1],
  国庆节: [10, 1],
};

/** Solar date of a festival in a Gregorian year; undefined outside 1901–2099. */
export function festivalDate(name: FestivalName, year: number): IsoDate | undefined {
  if (!Number.isInteger(year) || year < LUNAR_RANGE.first || year > LUNAR_RANGE.last) return undefined;
  const solar = SOLAR_FESTIVALS[name];
  if (solar) return isoFromParts(year, solar[0], solar[1]);
  if (name === "清明节") return getSolarTermDate(year, 4, "pure_brightness");
  const lunar = LUNAR_FESTIVALS[name];
  // These festivals all fall in the lunar year that begins in the same Gregorian year.
  return lunar ? lunarToSolar(year, lunar[0], lunar[1]) : undefined;
}

/**
 * Solar date of lunar (year, month, day), ordinary (non-leap) month. A day
 * past the month's end falls back to its last day (30th → 29th).
 */
export function lunarToSolar(lunarYear: number, month: number, day: number): IsoDate | undefined {
  if (lunarYear < LUNAR_RANGE.first - 1 || lunarYear > LUNAR_RANGE.last) return undefined;
  // Ask the package only for day 1: it reads the lunar numbers through a
  // Gregorian Date, where "02-30" would roll over to March. Local noon keeps
  // its local-time getters on the intended day in any process time zone.
  const first = dayOf(getSolarDateFromLunar(new Date(lunarYear, month - 1, 1, 12)).date);
  const lastDay = monthDays(lunarYear, month);
  return isoOf(first + Math.min(day, lastDay) - 1);
}

/**
 * The solar date in Gregorian `year` on which the lunar anniversary of a
 * (solar) birth date falls. A leap-month birth uses the ordinary month.
 * Late-winter birthdays can fall in the lunar year that began the Gregorian
 * year before, so both candidate lunar years are tried; if both land in
 * `year` the earlier is returned, and undefined if neither does.
 */
export function lunarBirthdayInYear(birthIsoSolar: IsoDate, year: number): IsoDate | undefined {
  const birthDay = dayOf(birthIsoSolar);
  if (Number.isNaN(birthDay) || civilOf(birthDay).year < LUNAR_RANGE.first) return undefined;
  if (!Number.isInteger(year) || year < LUNAR_RANGE.first || year > LUNAR_RANGE.last) return undefined;
  const lunar = getLunarDate(birthIsoSolar);
  for (const lunarYear of [year - 1, year]) {
    const solar = lunarToSolar(lunarYear, lunar.lunarMon, lunar.lunarDay);
    if (solar?.startsWith(`${year}-`)) return solar;
  }
  return undefined;
}
