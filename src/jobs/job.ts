import { isoDateIn } from "../feishu/zoned-dates.ts";
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

/** What a job's plan comes to: the items to act on, and what the run reports whatever the acts do. */
export type JobPlan<Item> = { items: Item[]; summary: JobSummary };

/**
 * A job's work split per recipient (design rule 2, plan then act), so that a runtime may spread the acts over
 * several invocations (Workers: queue messages in chunks sized to the subrequest budget). Items and outcomes are
 * plain JSON: an item travels in a queue message. Every act is keyed in the ledger, so acting on an item again
 * repeats only what is missing.
 */
export type JobSteps<Item = unknown, Outcome = unknown> = {
  /** Most subrequests one act makes (Feishu calls, client retries included, plus ledger queries): sizes chunks. */
  costPerItem: number;
  /** Items acted on at once (Node, and within one chunk on Workers); 1 unless given. */
  concurrency?: number;
  plan(services: Services, ctx: JobContext): Promise<JobPlan<Item>>;
  /** Never throws for one recipient's failure: that is an outcome, which `retryable` and `summarize` read. */
  act(services: Services, ctx: JobContext, item: Item): Promise<Outcome>;
  /** Why another try of this item may still succeed; undefined when it is settled (done, or refused for good). */
  retryable(outcome: Outcome): string | undefined;
  /**
   * The run's summary from the plan's and the outcomes (all of a run, or one chunk's). `failed` makes a run
   * that acted on everything fail, so a rerun retries what is missing.
   */
  summarize(planned: JobSummary, outcomes: Outcome[]): { summary: JobSummary; failed?: string };
};

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
  /** The same work as plan and per-item acts; `run` is then `runPlanned` over them (see planned-run.ts). */
  steps?: JobSteps;
};

/** yyyy-mm-dd of `now` in a time zone: the period of a daily job. */
export const dayPeriod = (now: number, tz: string): string => isoDateIn(now, tz);

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
