import { z } from "zod";
import { allActions } from "../actions/index.ts";
import { createApp } from "../app.ts";
import { errorText } from "../background.ts";
import { type Config, loadConfig } from "../config.ts";
import type { CardActionHandler, Clock, EventHandler } from "../deps.ts";
import { createFeishuClient } from "../feishu/client.ts";
import { allJobs } from "../jobs/index.ts";
import type { Job } from "../jobs/job.ts";
import { createJobs, type JobsHandle } from "../jobs/runner.ts";
import { createLogger, type Logger } from "../logger.ts";
import { createMetrics } from "../metrics.ts";
import { createServices, type Services } from "../services.ts";
import { openD1Ledger } from "../store/d1.ts";
import type { Ledger } from "../store/ledger.ts";
import { edgeDeps } from "./edge-deps.ts";
import { createWaitUntilBackground } from "./worker-background.ts";
import { queueSteps } from "./worker-fan-out.ts";
import type { QueueContext, QueueSettings, WorkMessage } from "./worker-queue.ts";
import { countingD1 } from "./worker-subrequests.ts";
import type { D1Database, Queue } from "./workers-types.ts";

/** Bindings from wrangler.toml; every other entry is a var or a secret (strings). */
export type WorkerEnv = { DB: D1Database; WORK: Queue<WorkMessage> } & Record<string, unknown>;

export type WorkerOptions = {
  jobs?: Job[];
  /** Handlers added to (or replacing) allActions, e.g. by a test build of the Worker. */
  actions?: (services: Services) => Record<string, CardActionHandler>;
  onEvent?: EventHandler;
};

export type WorkerRuntime = QueueContext & {
  config: Config;
  app: ReturnType<typeof createApp>;
  clock: WorkerClock;
};

const SettingsSchema = z.object({
  KAM_QUEUE_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  KAM_WRITES_PER_DRAIN: z.coerce.number().int().min(1).max(500).default(12),
  KAM_SUBREQUEST_BUDGET: z.coerce.number().int().min(20).max(100_000).default(1000),
  KAM_FOLLOW_SANDBOX_CLOCK: z.enum(["true", "false"]).default("false"),
});

/**
 * The service on Workers, built once per isolate from the bindings: D1 ledger, the shared Hono app, jobs and
 * actions from the same registries as Node. Like runtime/node.ts this file only wires.
 */
export function createWorkerRuntime(env: WorkerEnv, opts: WorkerOptions = {}): WorkerRuntime {
  if (!env.DB || !env.WORK)
    throw new Error("wrangler.toml must bind the D1 database as DB and the work queue as WORK");
  const vars = stringsOf(env);
  const config = loadConfig(vars);
  const logger = createLogger(config.logLevel, (line) => console.log(line)).child({ runtime: "worker" });
  const s = SettingsSchema.parse(vars);
  const settings: QueueSettings = {
    retryBaseSeconds: s.KAM_QUEUE_RETRY_BASE_SECONDS,
    writesPerDrain: s.KAM_WRITES_PER_DRAIN,
    subrequestBudget: s.KAM_SUBREQUEST_BUDGET,
  };
  const missing = config.generated.filter((name) => name !== "KAM_ADMIN_TOKEN");
  // Generated values would differ per isolate (signatures would fail at random): name them instead.
  if (missing.length)
    throw new Error(
      `配置错误 ${missing.join(", ")} missing: on Workers set FEISHU_APP_ID (vars) and the secrets with \`wrangler secret put\``,
    );
  if (config.generated.includes("KAM_ADMIN_TOKEN"))
    logger.warn("config.admin_disabled", { hint: "set it with `wrangler secret put KAM_ADMIN_TOKEN`" });

  const work = env.WORK;
  const d1 = countingD1(env.DB);
  const ledger = notifyingWrites(openD1Ledger(d1.db), work, logger);
  const metrics = createMetrics();
  const background = createWaitUntilBackground(logger);
  const clock = s.KAM_FOLLOW_SANDBOX_CLOCK === "true" ? sandboxClock(config.domain) : realClock;
  // The queue retries with backoff at no wall-clock cost, so the client gives up sooner than on Node.
  const client = createFeishuClient({
    domain: config.domain,
    appId: config.appId,
    appSecret: config.appSecret,
    logger,
    retry: { maxAttempts: 3, deadlineMs: 20_000 },
  });
  const services: Services = createServices({ config, logger, ledger, clock, client, metrics, background });
  const usage = () => ({ feishu: client.metrics.calls, d1: d1.queries() });
  const jobs: JobsHandle = createJobs(opts.jobs ?? allJobs, services, {
    runSteps: queueSteps({ services, work, logger, subrequestBudget: settings.subrequestBudget, usage }),
  });
  const deps = edgeDeps(services, jobs, {
    actions: { ...allActions(services), ...opts.actions?.(services) },
    onEvent: opts.onEvent ?? (async () => false),
    // A job outlives an HTTP invocation's waitUntil (30 s): the admin trigger queues it like a cron tick.
    runJob: async (name, o) => {
      if (!jobs.get(name)) return undefined;
      const at = o.at ?? clock.now();
      await work.send({ kind: "job", job: name, at, trigger: "admin", force: o.force });
      return { runId: `${name}:${at}:queued`, done: Promise.resolve() };
    },
  });
  return { config, logger, services, jobs, work, settings, usage, clock, app: createApp(deps) };
}

/** A newly queued Bitable write also queues a drain, so it lands within seconds rather than at the next cron. */
function notifyingWrites(ledger: Ledger, work: Queue<WorkMessage>, logger: Logger): Ledger {
  return {
    ...ledger,
    async enqueueWrite(write) {
      const queued = await ledger.enqueueWrite(write);
      if (queued) {
        // The write is safe in D1 either way; a lost notice only delays it to the next cron's drain.
        await work
          .send({ kind: "writes" })
          .catch((err: unknown) =>
            logger.warn("queue.notify_failed", { key: write.key, error: errorText(err) }),
          );
      }
      return queued;
    },
  };
}

export type WorkerClock = Clock & {
  /** Called at the start of each invocation; a no-op unless the clock follows the sandbox. */
  refresh(): Promise<void>;
};

const realClock: WorkerClock = { now: () => Date.now(), refresh: async () => {} };

/**
 * Against the sandbox (local development, tests) the Worker keeps the sandbox's time, as the Node service does
 * in sandbox mode: moving the console's clock moves the jobs' "today". Workers have no timers between
 * invocations, so the offset is fetched at the start of an invocation, at most every two seconds.
 */
function sandboxClock(domain: string): WorkerClock {
  let offset = 0;
  let fetchedAt = 0;
  return {
    now: () => Date.now() + offset,
    async refresh() {
      if (Date.now() - fetchedAt < 2_000) return;
      fetchedAt = Date.now();
      try {
        const res = await fetch(`${domain}/_sandbox/clock`, { signal: AbortSignal.timeout(1_000) });
        const body = (await res.json()) as { offsetMs?: unknown };
        if (typeof body.offsetMs === "number") offset = body.offsetMs;
      } catch {
        // Keep the last offset; the sandbox may be restarting.
      }
    },
  };
}

function stringsOf(env: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
}
