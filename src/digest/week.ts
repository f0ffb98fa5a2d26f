import { civilOf, dayOf, isoOf, weekdayOf } from "../domain/dates.ts";
import type { IsoDate } from "../domain/types.ts";

/** An ISO week (Monday to Sunday, calendar days in the service's zone), e.g. 2026-W48. */
export type ReportWeek = { label: string; start: IsoDate; end: IsoDate };

/** ISO-8601 week label of a day: the week belongs to the year of its Thursday. */
export function isoWeekLabel(iso: IsoDate): string {
  const day = dayOf(iso);
  const thursday = day + 3 - ((weekdayOf(day) + 6) % 7);
  const year = civilOf(thursday).year;
  const week = Math.floor((thursday - dayOf(`${String(year).padStart(4, "0")}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function weekStarting(monday: number): ReportWeek {
  return { label: isoWeekLabel(isoOf(monday)), start: isoOf(monday), end: isoOf(monday + 6) };
}

/**
 * The week a digest run on `today` reports on: the last whole ISO week before today's week. The digest
 * goes out on Monday morning, when the new week has barely begun, so it speaks of the week just ended.
 */
export function reportWeekBefore(today: IsoDate): ReportWeek {
  const day = dayOf(today);
  const monday = day - ((weekdayOf(day) + 6) % 7);
  return weekStarting(monday - 7);
}

export function previousWeek(week: ReportWeek): ReportWeek {
  return weekStarting(dayOf(week.start) - 7);
}

export function inWeek(date: IsoDate | undefined, week: ReportWeek): boolean {
  return date !== undefined && date >= week.start && date <= week.end;
}
