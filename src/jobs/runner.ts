import type { JobRunner } from "../deps.ts";
import type { Services } from "../services.ts";
import type { Job, JobContext, JobSteps, JobSummary, JobTrigger } from "./job.ts";

export type RunOutcome =
  | { status: "done"; runId: number; summary: JobSummary }
  | { status: "skipped"; reason: string }
  | { status: "failed"; runId: number; error: string };

/**
 * How a runtime runs a job that has steps, inside the run's bookkeeping (Workers: plan, then queue the items).
 * Without one, `job.run` does (Node: plan and act in one go). Dry runs always go through `job.run`.
 */
export type StepsRunner = (
  job: Job,
  steps: JobSteps,
  ctx: JobContext,
  run: { runId: number; period: string },
) => Promise<JobSummary>;

/**
 * Runs jobs through the ledger: one completed run per (job, period) unless forced; a crashed run
 * restarts under the same id and, since every effect is keyed, repeats nothing it already did.
 */
export function createJobs(jobs: Job[], services: Services, opts: { runSteps?: StepsRunner } = {}) {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const running = new Set<string>();
  const runs = services.metrics.counter("kam_job_runs_total", "Job runs, by job and outcome.");

  async function run(
    name: string,
    o: { trigger: JobTrigger; force?: boolean; dryRun?: boolean; now?: number },
  ): Promise<RunOutcome> {
    const job = byName.get(name);
    if (!job) return { status: "skipped", reason: `no job named ${name}` };
    const ctx: JobContext = {
      now: o.now ?? services.clock.now(),
      dryRun: o.dryRun ?? false,
      force: o.force ?? false,
      trigger: o.trigger,
    };
    const log = services.logger.child({ job: name, trigger: o.trigger });
    if (ctx.dryRun) {
      const summary = await job.run(services, ctx);
      return { status: "done", runId: 0, summary };
    }
    const period = job.period(ctx.now, services.config.tz);
    const key = `${name}:${period}`;
    if (running.has(key)) return { status: "skipped", reason: `${key} is already running` };
    let runId = await services.ledger.startJobRun(name, period, ctx.now);
    if (runId === null) {
      if (!ctx.force) {
        runs.inc({ job: name, outcome: "skipped" });
        return { status: "skipped", reason: `${key} already ran` };
      }
      runId = await services.ledger.startJobRun(name, `${period}#${ctx.now}`, ctx.now);
      if (runId === null) return { status: "skipped", reason: `${key} already ran` };
    }
    running.add(key);
    const started = Date.now();
    try {
      const summary =
        job.steps && opts.runSteps
          ? await opts.runSteps(job, job.steps, ctx, { runId, period })
          : await job.run(services, ctx);
      await services.ledger.finishJobRun(runId, summary, "done");
      runs.inc({ job: name, outcome: "done" });
      log.info("job.done", { period, run_id: runId, ms: Date.now() - started, ...scalars(summary) });
      return { status: "done", runId, summary };
    } catch (err) {
      const error = (err as Error).message ?? String(err);
      await services.ledger.finishJobRun(runId, { error }, "failed");
      runs.inc({ job: name, outcome: "failed" });
      log.error("job.failed", { period, run_id: runId, error });
      return { status: "failed", runId, error };
    } finally {
      running.delete(key);
    }
  }

  /** The edge's admin trigger: starts the run and answers at once. */
  const runJob: JobRunner = async (name, o) => {
    if (!byName.has(name)) return undefined;
    const done = run(name, { trigger: o.trigger, force: o.force, now: o.at });
    return { runId: `${name}:${Date.now()}`, done };
  };

  return { jobs, run, runJob, get: (name: string) => byName.get(name) };
}

/** Scalars only, for one log line. */
export function scalars(summary: JobSummary): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary).filter(([, v]) => typeof v !== "object" || v === null));
}

export type JobsHandle = ReturnType<typeof createJobs>;
