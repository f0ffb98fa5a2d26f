import cron from "node-cron";
import type { Job } from "../jobs/job.ts";
import type { JobsHandle } from "../jobs/runner.ts";
import type { Logger } from "../logger.ts";

export type Scheduler = { stop(): void };

/**
 * Node's trigger for the jobs: node-cron in the service's time zone. At start, a job whose period has
 * not completed yet and whose scheduled time today has passed runs once (the ledger makes it once).
 */
export function startScheduler(
  jobs: JobsHandle,
  opts: { tz: string; logger: Logger; now: () => number; catchUp?: boolean },
): Scheduler {
  const tasks = jobs.jobs.map((job) =>
    cron.schedule(
      job.schedule,
      () => {
        void jobs.run(job.name, { trigger: "schedule" });
      },
      { timezone: opts.tz, name: job.name },
    ),
  );
  if (opts.catchUp !== false) {
    // One after another, in registry order: reminders must read what the sync just wrote.
    const due = jobs.jobs.filter((job) => job.catchUp && scheduledTimePassed(job, opts.now(), opts.tz));
    void (async () => {
      for (const job of due) {
        opts.logger.info("job.catch_up", { job: job.name });
        await jobs.run(job.name, { trigger: "catch-up" });
      }
    })();
  }
  return {
    stop: () => {
      for (const t of tasks) t.stop();
    },
  };
}

/**
 * Whether today's run time (the cron's minute and hour, on a day the cron allows) is already behind us.
 * Covers the "m h * * dow" schedules the jobs use; other shapes are not caught up.
 */
export function scheduledTimePassed(job: Job, now: number, tz: string): boolean {
  const [minute, hour, dom, month, dow] = job.schedule.trim().split(/\s+/);
  if (!minute || !hour || !/^\d+$/.test(minute) || !/^\d+$/.test(hour) || dom !== "*" || month !== "*")
    return false;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hour12: false,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday ?? "");
  const minutesNow = (Number(parts.hour) % 24) * 60 + Number(parts.minute);
  const timePassed = minutesNow >= Number(hour) * 60 + Number(minute);
  if (!dow || dow === "*") return timePassed;
  // A once-a-week job (e.g. Monday's digest) missed earlier in the ISO week is still due later that week;
  // a job on several weekdays is a daily job and only today's run is caught up.
  const weekly = /^\d$/.test(dow);
  const iso = weekday === 0 ? 7 : weekday;
  if (weekly) for (let d = 1; d < iso; d++) if (cronListHas(dow, d % 7)) return true;
  return cronListHas(dow, weekday) && timePassed;
}

function cronListHas(field: string, value: number): boolean {
  return field.split(",").some((part) => {
    const [a, b] = part.split("-").map(Number);
    if (b === undefined) return a === value || (a === 7 && value === 0);
    return a !== undefined && value >= a && value <= b;
  });
}
