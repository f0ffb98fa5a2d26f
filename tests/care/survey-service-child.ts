/**
 * The service in a process of its own, for the crash test: SQLite ledger in a file, the surveys job, card
 * callbacks and the write drain (started as the runtime starts it). The parent SIGKILLs it mid-way and starts
 * it again on the same ledger and port. Prints "ready <url>" once it listens.
 */
import { loadConfig } from "../../src/config.ts";
import { createFeishuClient } from "../../src/feishu/client.ts";
import { startPendingWritesDrain } from "../../src/jobs/pending-writes.ts";
import { surveysJob } from "../../src/jobs/surveys.ts";
import { silentLogger } from "../../src/logger.ts";
import { followSandboxClock } from "../../src/runtime/following-clock.ts";
import { startNodeService } from "../../src/runtime/node.ts";

const env = process.env;
const config = loadConfig({
  FEISHU_DOMAIN: env.KAM_CARE_SANDBOX,
  FEISHU_APP_ID: env.KAM_CARE_APP_ID,
  FEISHU_APP_SECRET: env.KAM_CARE_APP_SECRET,
  BITABLE_APP_TOKEN: env.KAM_CARE_APP_TOKEN,
  FEISHU_ENCRYPT_KEY: env.KAM_CARE_ENCRYPT_KEY,
  FEISHU_VERIFICATION_TOKEN: env.KAM_CARE_VERIFICATION_TOKEN,
  KAM_ADMIN_TOKEN: env.KAM_CARE_ADMIN_TOKEN,
  KAM_DB_PATH: env.KAM_CARE_DB,
  PORT: env.KAM_CARE_PORT,
  TZ: "Asia/Shanghai",
});
const client = createFeishuClient({
  domain: config.domain,
  appId: config.appId,
  appSecret: config.appSecret,
  logger: silentLogger,
});
const clock = followSandboxClock(config.domain, 500);
await clock.refresh();
const service = await startNodeService(config, silentLogger, client, {
  host: "127.0.0.1",
  clock,
  jobs: [surveysJob],
  schedule: false,
});
startPendingWritesDrain(service.services, { intervalMs: 200 });
process.stdout.write(`ready ${service.url}\n`);
