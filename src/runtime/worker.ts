import { errorText } from "../background.ts";
import { withInvocation } from "./worker-background.ts";
import { jobsDueAt } from "./worker-cron.ts";
import { consumeWork } from "./worker-queue.ts";
import {
  createWorkerRuntime,
  type WorkerEnv,
  type WorkerOptions,
  type WorkerRuntime,
} from "./worker-runtime.ts";
import type { ExecutionContext, MessageBatch, ScheduledController } from "./workers-types.ts";

export type { WorkerEnv } from "./worker-runtime.ts";

/**
 * The Cloudflare Workers entry: `fetch` serves the same Hono app as Node, `scheduled` turns each Cron Trigger
 * into one queue message per due job, and `queue` runs those jobs (a job with steps: its plan, then its items in
 * chunks) and drains pending Bitable writes.
 */
export function createWorker(opts: WorkerOptions = {}) {
  // One runtime per isolate: the env object is the same for every invocation an isolate serves.
  const runtimes = new WeakMap<object, WorkerRuntime>();
  const runtimeFor = (env: WorkerEnv) => {
    let rt = runtimes.get(env);
    if (!rt) {
      rt = createWorkerRuntime(env, opts);
      runtimes.set(env, rt);
    }
    return rt;
  };

  return {
    async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
      let rt: WorkerRuntime;
      try {
        rt = runtimeFor(env);
      } catch (err) {
        console.error(
          JSON.stringify({ level: "error", event: "worker.start_failed", error: errorText(err) }),
        );
        return Response.json({ error: errorText(err) }, { status: 500 });
      }
      return withInvocation(ctx, async () => {
        await rt.clock.refresh();
        return rt.app.fetch(request);
      });
    },

    async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
      const rt = runtimeFor(env);
      await rt.clock.refresh();
      // On the minute, in the service's clock (the sandbox's, when the Worker follows it).
      const at = Math.round((controller.scheduledTime + rt.clock.now() - Date.now()) / 60_000) * 60_000;
      const due = jobsDueAt(rt.jobs.jobs, at, rt.config.tz);
      rt.logger.info("cron.fired", {
        cron: controller.cron,
        at: new Date(at).toISOString(),
        jobs: due.map((j) => j.name),
      });
      const messages = due.map((job) => ({ body: { kind: "job" as const, job: job.name, at } }));
      // Each tick also looks at pending writes, in case a retry notice was lost.
      await withInvocation(ctx, () =>
        rt.work.sendBatch([...messages, { body: { kind: "writes" as const } }]),
      );
    },

    async queue(batch: MessageBatch<unknown>, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
      const rt = runtimeFor(env);
      await withInvocation(ctx, async () => {
        await rt.clock.refresh();
        await consumeWork(rt, batch);
      });
    },
  };
}

export default createWorker();
