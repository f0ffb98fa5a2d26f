/** Date filter values resolved to [start, end) in Asia/Shanghai (UTC+8, no daylight saving). */
const DAY = 86_400_000;
const SHANGHAI_OFFSET = 8 * 3_600_000;

export type DateRange = { start: number; end: number; rangeOnly: boolean };

export function shanghaiDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

function weekStart(ms: number): number {
  const day = Math.floor((ms + SHANGHAI_OFFSET) / DAY);
  const mondayBased = (day + 3) % 7; // 1970-01-01 was a Thursday
  return (day - mondayBased) * DAY - SHANGHAI_OFFSET;
}

function monthStart(ms: number, delta: number): number {
  const d = new Date(ms + SHANGHAI_OFFSET);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1) - SHANGHAI_OFFSET;
}

/** Returns the range, or a sentence saying what is wrong with the value. */
export function dateRange(values: string[], now: number): DateRange | string {
  const [kind, arg] = values;
  const today = shanghaiDayStart(now);
  const day = (start: number): DateRange => ({ start, end: start + DAY, rangeOnly: false });
  const span = (start: number, end: number): DateRange => ({ start, end, rangeOnly: true });
  if (kind === "ExactDate") {
    const ms = Number(arg);
    if (values.length !== 2 || arg === undefined || arg.trim() === "" || !Number.isFinite(ms)) {
      return `ExactDate needs a millisecond timestamp as its second item`;
    }
    return day(shanghaiDayStart(ms));
  }
  if (values.length !== 1) return `${kind} takes no further items`;
  switch (kind) {
    case "Today":
      return day(today);
    case "Tomorrow":
      return day(today + DAY);
    case "Yesterday":
      return day(today - DAY);
    case "CurrentWeek":
      return span(weekStart(now), weekStart(now) + 7 * DAY);
    case "LastWeek":
      return span(weekStart(now) - 7 * DAY, weekStart(now));
    case "CurrentMonth":
      return span(monthStart(now, 0), monthStart(now, 1));
    case "LastMonth":
      return span(monthStart(now, -1), monthStart(now, 0));
    case "TheLastWeek":
      return span(today - 7 * DAY, today + DAY);
    case "TheNextWeek":
      return span(today, today + 8 * DAY);
    case "TheLastMonth":
      return span(today - 30 * DAY, today + DAY);
    case "TheNextMonth":
      return span(today, today + 31 * DAY);
    default:
      return `unknown date value ${String(kind)}`;
  }
}
