import type { Job } from "../jobs/job.ts";

/**
 * Cron Triggers fire in UTC and only at the times wrangler.toml declares, while each job keeps its own
 * schedule in the service's time zone. A trigger therefore wakes the Worker, and the jobs whose own cron
 * matches that moment (in `tz`) run: a new job needs no code here, only a trigger that covers its time.
 */
export function jobsDueAt(jobs: readonly Job[], at: number, tz: string): Job[] {
  const moment = localMoment(at, tz);
  return jobs.filter((job) => cronMatches(job.schedule, moment));
}

export type LocalMoment = { minute: number; hour: number; day: number; month: number; weekday: number };

const formats = new Map<string, Intl.DateTimeFormat>();

export function localMoment(at: number, tz: string): LocalMoment {
  let format = formats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
    formats.set(tz, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour) % 24,
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS.indexOf((parts.weekday ?? "").toUpperCase()),
  };
}

const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Five-field cron (minute hour day-of-month month day-of-week) with lists, ranges, steps and names. */
export function cronMatches(expression: string, m: LocalMoment): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron "${expression}" needs five fields`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (!fieldHas(minute, m.minute, 0, 59) || !fieldHas(hour, m.hour, 0, 23)) return false;
  if (!fieldHas(month, m.month, 1, 12, MONTHS, 1)) return false;
  const dayOk = fieldHas(dom, m.day, 1, 31);
  const weekdayOk =
    fieldHas(dow, m.weekday, 0, 7, WEEKDAYS, 0) || (m.weekday === 0 && fieldHas(dow, 7, 0, 7));
  // As in Vixie cron: when both day fields are restricted, either one matching is enough.
  if (dom !== "*" && dow !== "*") return dayOk || weekdayOk;
  return dayOk && weekdayOk;
}

function fieldHas(
  field: string,
  value: number,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): boolean {
  const parse = (s: string) => {
    const named = names.indexOf(s.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cron field "${field}" is out of range`);
    return n;
  };
  return field.split(",").some((part) => {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron step in "${field}" is invalid`);
    const [from, to] =
      range === "*"
        ? [min, max]
        : range.includes("-")
          ? (range.split("-").map(parse) as [number, number])
          : [parse(range), stepText === undefined ? parse(range) : max];
    return value >= from && value <= to && (value - from) % step === 0;
  });
}
