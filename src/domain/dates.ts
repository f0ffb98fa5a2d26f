import type { IsoDate } from "./types.ts";

/**
 * Dates stay `yyyy-mm-dd` strings in the domain; hot loops use day numbers
 * (days since 1970-01-01) so no Date objects are made per row. Calendar
 * arithmetic is proleptic Gregorian, exact, and independent of the process
 * time zone.
 */

export const SHANGHAI_OFFSET_MINUTES = 480;

const MS_PER_DAY = 86_400_000;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/** Day number of an ISO date, or NaN when the text is not a real `yyyy-mm-dd` day. */
export function dayOf(iso: unknown): number {
  if (typeof iso !== "string" || iso.length !== 10 || iso[4] !== "-" || iso[7] !== "-") return Number.NaN;
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return Number.NaN;
  return daysFromCivil(y, m, d);
}

export function isIsoDate(value: unknown): value is IsoDate {
  return !Number.isNaN(dayOf(value));
}

/** Year, month (1–12) and day of a day number. */
export function civilOf(day: number): { year: number; month: number; day: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const isoMemo = new Map<number, IsoDate>();

/** Memoised: a book's results name the same few hundred days over and over. */
export function isoOf(day: number): IsoDate {
  let iso = isoMemo.get(day);
  if (iso === undefined) {
    const c = civilOf(day);
    iso = `${String(c.year).padStart(4, "0")}-${pad2(c.month)}-${pad2(c.day)}`;
    if (isoMemo.size > 50_000) isoMemo.clear();
    isoMemo.set(day, iso);
  }
  return iso;
}

export function isoFromParts(year: number, month: number, day: number): IsoDate {
  return isoOf(daysFromCivil(year, month, day));
}

/** Months since year 0 (year*12 + month-1); compares calendar months cheaply. */
export function monthIndexOf(day: number): number {
  const c = civilOf(day);
  return c.year * 12 + c.month - 1;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  const day = dayOf(iso);
  return Number.isNaN(day) ? iso : isoOf(day + n);
}

/** Whole days from `from` to `to` (positive when `to` is later); NaN for a bad date. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayOf(to) - dayOf(from);
}

/** Same day-of-month n months later (or earlier); clamped to the month's last day (03-31 − 1 month = 02-28). */
export function addMonthsToDay(day: number, n: number): number {
  const c = civilOf(day);
  const total = c.year * 12 + (c.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(c.day, daysInMonth(year, month)));
}

export function addMonths(iso: IsoDate, n: number): IsoDate {
  const day = dayOf(iso);
  return Number.isNaN(day) ? iso : isoOf(addMonthsToDay(day, n));
}

/** Calendar day of an instant at a fixed UTC offset (China has no DST, so 480 minutes is exact). */
export function toIsoDate(ms: number, offsetMinutes = SHANGHAI_OFFSET_MINUTES): IsoDate {
  return isoOf(Math.floor((ms + offsetMinutes * 60_000) / MS_PER_DAY));
}

/** `monthIndexOf` read straight from a valid ISO string, without building a date. */
export function monthIndexOfIso(iso: IsoDate): number {
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  return y * 12 + digit(iso, 5) * 10 + digit(iso, 6) - 1;
}
