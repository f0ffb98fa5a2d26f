import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSandbox } from "../../src/cli/ensure-sandbox.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createFeishuClient, type FeishuClient } from "../../src/feishu/client.ts";
import { allJobs } from "../../src/jobs/index.ts";
import { dayPeriod, type Job } from "../../src/jobs/job.ts";
import { silentLogger } from "../../src/logger.ts";
import { prepareSandboxDemo } from "../../src/ops/sandbox-demo.ts";
import { type RunningService, startNodeService } from "../../src/runtime/node.ts";
import { subscribeBase } from "../../src/sandbox/bitable/store.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

export type ConsoleWorld = {
  sandbox: RunningSandbox;
  service: RunningService;
  config: Config;
  client: FeishuClient;
  /** Stand-in jobs the service ran after its admin endpoint was called, with the day each ran for (empty with real jobs). */
  jobsRun: { name: string; day: string }[];
  stop(): Promise<void>;
};

/** Stand-ins for the daily jobs: they only record that they ran, and for which day. */
function recordingJobs(names: string[], runs: { name: string; day: string }[]): Job[] {
  return names.map((name) => ({
    name,
    description: `e2e stand-in for ${name}`,
    schedule: "0 9 * * *",
    period: dayPeriod,
    catchUp: false,
    run: async (_services, ctx) => {
      runs.push({ name, day: dayPeriod(ctx.now, "Asia/Shanghai") });
      return {};
    },
  }));
}

/**
 * What `npm start` runs, in this process: the sandbox, the service pointed at it, a small demo book,
 * the base subscribed (so cell edits fire change events) and the service linked for the console's jobs.
 */
export async function startConsoleWorld(opts: {
  adminToken: string;
  /** `real`: the product's own jobs (allJobs); default: stand-ins that only record they ran. */
  jobs?: "stand-in" | "real";
  /** The demo book's size and its "today" (yyyy-mm-dd). */
  accounts?: number;
  today?: string;
}): Promise<ConsoleWorld> {
  const dir = mkdtempSync(join(tmpdir(), "kam-e2e-"));
  const sandbox = await startSandbox({ port: 0, rateLimits: false });
  const config = loadConfig({
    SANDBOX_PORT: String(sandbox.port),
    PORT: "0",
    KAM_DB_PATH: join(dir, "kam.db"),
    KAM_ADMIN_TOKEN: opts.adminToken,
    KAM_LOG_LEVEL: "error",
  });
  await ensureSandbox(config);
  const client = createFeishuClient({
    domain: config.domain,
    appId: config.appId,
    appSecret: config.appSecret,
    logger: silentLogger,
  });
  const jobsRun: { name: string; day: string }[] = [];
  // In process, following the sandbox clock is just reading it (npm start polls it: followSandboxClock).
  const service = await startNodeService(config, silentLogger, client, {
    port: 0,
    host: "127.0.0.1",
    clock: { now: () => sandbox.state.clock.now() },
    jobs:
      opts.jobs === "real"
        ? allJobs
        : recordingJobs(["sync", "reminders", "greetings", "surveys", "digest"], jobsRun),
    schedule: false,
  });
  await prepareSandboxDemo(config, sandbox.url, client.bitable(config.appToken), {
    serviceUrl: service.url,
    today: opts.today ?? "2026-03-02",
    accounts: opts.accounts ?? 12,
  });
  subscribeBase(sandbox.state, config.appId, config.appToken);
  const res = await fetch(`${sandbox.url}/_sandbox/service`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: service.url, adminToken: opts.adminToken }),
  });
  if (!res.ok) throw new Error(`linking the service failed: ${res.status} ${await res.text()}`);
  return {
    sandbox,
    service,
    config,
    client,
    jobsRun,
    async stop() {
      await service.stop();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
