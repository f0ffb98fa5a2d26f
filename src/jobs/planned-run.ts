import type { Services } from "../services.ts";
import { forEachConcurrently } from "./concurrently.ts";
import type { JobContext, JobSteps, JobSummary } from "./job.ts";

/**
 * A job with steps run in one go: plan, act on every item, summarize. Node runs such jobs this way (and any
 * runtime a dry run); the Worker runs the same plan, then `actOn` per queued chunk (runtime/worker-fan-out.ts).
 */
export async function runPlanned<Item, Outcome>(
  steps: JobSteps<Item, Outcome>,
  services: Services,
  ctx: JobContext,
): Promise<JobSummary> {
  const planned = await steps.plan(services, ctx);
  const outcomes = await actOn(steps, services, ctx, planned.items);
  const { summary, failed } = steps.summarize(planned.summary, outcomes);
  if (failed) throw new Error(failed);
  return summary;
}

/** Acts on items with the job's concurrency; the outcomes come back in the items' order. */
export async function actOn<Item, Outcome>(
  steps: JobSteps<Item, Outcome>,
  services: Services,
  ctx: JobContext,
  items: readonly Item[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(items.length);
  await forEachConcurrently(
    items.map((_, i) => i),
    steps.concurrency ?? 1,
    async (i) => {
      outcomes[i] = await steps.act(services, ctx, items[i] as Item);
    },
  );
  return outcomes;
}
