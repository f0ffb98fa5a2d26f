import { serve } from "@hono/node-server";
import { allActions } from "../actions/index.ts";
import { createApp } from "../app.ts";
import { createBackgroundQueue } from "../background.ts";
import type { Config } from "../config.ts";
import type { Clock, Deps, EventHandler } from "../deps.ts";
import type { FeishuClient } from "../feishu/client.ts";
import { allJobs } from "../jobs/index.ts";
import type { Job } from "../jobs/job.ts";
import { startPendingWritesDrain } from "../jobs/pending-writes.ts";
import { createJobs, type JobsHandle } from "../jobs/runner.ts";
import { createSyncEventHandler, subscribeBaseEvents } from "../jobs/sync/event-handler.ts";
import type { Logger } from "../logger.ts";
import { createMetrics } from "../metrics.ts";
import { createServices, type Services } from "../services.ts";
import { openSqliteLedger } from "../store/sqlite.ts";
import { edgeDeps } from "./edge-deps.ts";
import { startScheduler } from "./scheduler.ts";

export type RunningService = {
  url: string;
  port: number;
  deps: Deps;
  services: Services;
  jobs: JobsHandle;
  stop(): Promise<void>;
};

export type NodeServiceOptions = {
  port?: number;
  host?: string;
  clock?: Clock;
  jobs?: Job[];
  /** Run the cron schedules (off in tests that trigger jobs themselves). */
  schedule?: boolean;
  onEvent?: EventHandler;
};

/**
 * The service on Node: SQLite ledger, the shared Hono app on node:http, node-cron for the jobs.
 * This file only wires; jobs and actions are the same ones the Workers runtime uses.
 */
export async function startNodeService(
  config: Config,
  logger: Logger,
  client: FeishuClient,
  opts: NodeServiceOptions = {},
): Promise<RunningService> {
  const ledger = openSqliteLedger(config.dbPath);
  const metrics = createMetrics();
  const background = createBackgroundQueue(logger);
  const clock = opts.clock ?? { now: () => Date.now() };
  const services = createServices({ config, logger, ledger, clock, client, metrics, background });
  const jobs = createJobs(opts.jobs ?? allJobs, services);
  // Answers, care rows and roll-ups wait in the ledger until they land in Bitable; this drains them (also at start).
  const writes = startPendingWritesDrain(services, { intervalMs: 5_000 });
  const deps = edgeDeps(services, jobs, {
    actions: allActions(services),
    onEvent: opts.onEvent ?? createSyncEventHandler(services),
    runJob: jobs.runJob,
  });
  const app = createApp(deps);
  const host = opts.host ?? "0.0.0.0";
  const port = opts.port ?? config.port;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`端口 ${port} 已被占用 / port in use — set PORT to a free port`)
          : err,
      ),
    );
  });
  // Record-change events drive the incremental recompute; a base not yet provisioned just logs a warning.
  void subscribeBaseEvents(services).catch((err) =>
    logger.warn("sync.subscribe_failed", { error: (err as Error).message }),
  );
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const scheduler =
    opts.schedule === false
      ? undefined
      : startScheduler(jobs, { tz: config.tz, logger, now: () => clock.now() });
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    deps,
    services,
    jobs,
    async stop() {
      scheduler?.stop();
      await background.drain(5_000);
      await new Promise<void>((done) => server.close(() => done()));
      await writes.stop();
      ledger.close();
    },
  };
}
