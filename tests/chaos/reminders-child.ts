/**
 * The reminders job in a process of its own, for the kill test: the parent SIGKILLs it at random points
 * of the send loop and starts it again. Settings come from the environment; it prints "ready" just
 * before the run starts and the run's outcome as one JSON line when it ends.
 */
import { createBackgroundQueue } from "../../src/background.ts";
import { loadConfig } from "../../src/config.ts";
import { createFeishuClient } from "../../src/feishu/client.ts";
import { remindersJob } from "../../src/jobs/reminders.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { createServices } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const env = process.env;
const at = Number(env.KAM_CHAOS_AT);
const config = loadConfig({
  FEISHU_DOMAIN: env.KAM_CHAOS_SANDBOX,
  FEISHU_APP_ID: env.KAM_CHAOS_APP_ID,
  FEISHU_APP_SECRET: env.KAM_CHAOS_APP_SECRET,
  BITABLE_APP_TOKEN: env.KAM_CHAOS_APP_TOKEN,
  FEISHU_VERIFICATION_TOKEN: "chaos",
  KAM_DB_PATH: env.KAM_CHAOS_DB,
  TZ: "Asia/Shanghai",
});
const client = createFeishuClient({
  domain: config.domain,
  appId: config.appId,
  appSecret: config.appSecret,
  logger: silentLogger,
});
const started = Date.now();
const services = createServices({
  config,
  logger: silentLogger,
  ledger: openSqliteLedger(config.dbPath),
  clock: { now: () => at + (Date.now() - started) },
  client,
  metrics: createMetrics(),
  background: createBackgroundQueue(silentLogger),
});
const jobs = createJobs([remindersJob], services);
process.stdout.write("ready\n");
const outcome = await jobs.run("reminders", { trigger: "cli", now: at });
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exit(outcome.status === "failed" ? 1 : 0);
