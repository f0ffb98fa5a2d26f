import type { JobContext, JobTrigger } from "../jobs/job.ts";
import { actOn } from "../jobs/planned-run.ts";
import { type JobsHandle, type StepsRunner, scalars } from "../jobs/runner.ts";
import type { Logger } from "../logger.ts";
import type { Services } from "../services.ts";
import { chunkItems, itemsPerChunk, sendBatches } from "./queue-chunks.ts";
import type { Queue } from "./workers-types.ts";

/** A chunk of one job run's items, acted on in a consumer invocation of its own budget. */
export type ItemsMessage = {
  kind: "items";
  job: string;
  /** The run's moment, so every chunk acts for the same period. */
  at: number;
  runId?: number;
  trigger?: JobTrigger;
  items: unknown[];
};

/** Feishu calls and D1 queries so far in this isolate: a chunk's use is the difference. */
export type SubrequestCount = () => { feishu: number; d1: number };

/**
 * On Workers a job with steps plans in its job message's invocation, inside the run's ledger bookkeeping, and
 * queues its items in chunks sized to the subrequest budget. The run is recorded `done` once every chunk is
 * queued, with `queued` and `chunks` in its summary; each chunk's outcome is its own log line (queue.items_done,
 * or queue.items_retry and in the end queue.dead_letter).
 */
export function queueSteps(q: {
  services: Services;
  work: Queue<ItemsMessage>;
  logger: Logger;
  subrequestBudget: number;
  usage?: SubrequestCount;
}): StepsRunner {
  return async (job, steps, ctx, run) => {
    const before = q.usage?.();
    const planned = await steps.plan(q.services, ctx);
    const after = q.usage?.();
    const size = itemsPerChunk(steps.costPerItem, q.subrequestBudget);
    const messages = chunkItems(planned.items, size, (items) => ({
      body: {
        kind: "items" as const,
        job: job.name,
        at: ctx.now,
        runId: run.runId,
        trigger: ctx.trigger,
        items,
      },
    }));
    for (const batch of sendBatches(messages)) await q.work.sendBatch(batch);
    q.logger.info("queue.items_queued", {
      job: job.name,
      run_id: run.runId,
      period: run.period,
      items: planned.items.length,
      chunks: messages.length,
      per_chunk: size,
      ...spent(before, after),
    });
    return { ...planned.summary, queued: planned.items.length, chunks: messages.length };
  };
}

/** What became of one chunk: fields for its log line, and why to try it again, if any item may still succeed. */
export type ChunkResult = { fields: Record<string, unknown>; retry?: string };

/**
 * Acts on every item of a chunk with the job's own `act` (the same one Node runs). Items that went through are
 * keyed in the ledger, so a retried chunk repeats only what is missing. Undefined: no such job with steps.
 */
export async function actOnChunk(
  q: { services: Services; jobs: JobsHandle; usage?: SubrequestCount },
  body: ItemsMessage,
): Promise<ChunkResult | undefined> {
  const steps = q.jobs.get(body.job)?.steps;
  if (!steps) return undefined;
  const ctx: JobContext = { now: body.at, dryRun: false, force: false, trigger: body.trigger ?? "schedule" };
  const before = q.usage?.();
  const outcomes = await actOn(steps, q.services, ctx, body.items);
  const after = q.usage?.();
  const retry = outcomes.flatMap((o) => steps.retryable(o) ?? []);
  const fields: Record<string, unknown> = {
    job: body.job,
    run_id: body.runId,
    items: body.items.length,
    ...scalars(steps.summarize({}, outcomes).summary),
    ...(before && after
      ? { feishu_calls: after.feishu - before.feishu, d1_queries: after.d1 - before.d1 }
      : {}),
  };
  if (retry.length) return { fields: { ...fields, retryable: retry.length }, retry: retry[0] };
  return { fields };
}

function spent(before?: ReturnType<SubrequestCount>, after?: ReturnType<SubrequestCount>) {
  if (!before || !after) return {};
  return { feishu_calls: after.feishu - before.feishu, d1_queries: after.d1 - before.d1 };
}
