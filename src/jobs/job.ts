import type { Services } from "../services.ts";

export type JobTrigger = "schedule" | "catch-up" | "admin" | "cli" | "event";

export type JobContext = {
  /** The moment the run stands for (the sandbox clock in sandbox mode, or --date). */
  now: number;
  dryRun: boolean;
  force: boolean;
  trigger: JobTrigger;
};

/** A job's result: counts and lists a person can read; with dryRun, what it would do. */
export type JobSummary = Record<string, unknown>;

/**
 * A scheduled job: plan (pure) then act, keyed so that a rerun of the same period repeats no effect.
 * `period` names the unit the ledger allows one completed run of (a day for daily jobs, a week for the digest).
 */
export type Job = {
  name: string;
  description: string;
  /** Cron expression (minute hour day month weekday) in the service's TZ. */
  schedule: string;
  period(now: number, tz: string): string;
  /** Run at start when the last scheduled time passed while the process was down. */
  catchUp: boolean;
  run(services: Services, ctx: JobContext): Promise<JobSummary>;
};

/** yyyy-mm-dd of `now` in a time zone. */
export function dayPeriod(now: number, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** ISO week of `now` in a time zone, e.g. 2026-W48. */
export function weekPeriod(now: number, tz: string): string {
  const [y, m, d] = dayPeriod(now, tz).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
