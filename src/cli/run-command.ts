import { createBackgroundQueue } from "../background.ts";
import { isIsoDate } from "../domain/dates.ts";
import { startOfDayIn } from "../feishu/zoned-dates.ts";
import { allJobs } from "../jobs/index.ts";
import { createJobs, type RunOutcome } from "../jobs/runner.ts";
import { createMetrics } from "../metrics.ts";
import { followSandboxClock } from "../runtime/following-clock.ts";
import { createServices } from "../services.ts";
import { openSqliteLedger } from "../store/sqlite.ts";
import { type Command, UsageError } from "./command.ts";
import { openContext } from "./context.ts";

/** Jobs are run "as of" 09:00 local time on --date, when the scheduled ones run. */
const RUN_HOUR_MS = 9 * 3_600_000;

export const runCommand: Command = {
  name: "run",
  summary: "立即运行一个任务（可预览）/ run a job now (greetings, surveys, reminders, sync…), or preview it",
  usage: `Usage: kam run <job> [--date yyyy-mm-dd] [--dry-run] [--force]

Runs one job the way the scheduler does, through the ledger (KAM_DB_PATH), so a job already done for
that day is skipped unless --force, and every send is keyed: a rerun sends nothing twice.

Jobs: ${allJobs.map((j) => j.name).join(", ")}

Options:
  --date DATE   run as of DATE 09:00 in TZ (default: now)
  --dry-run     print what the job would do; send and write nothing
  --force       run again even if the day's run already completed`,
  options: {
    date: { type: "string" },
    "dry-run": { type: "boolean" },
    force: { type: "boolean" },
  },
  async run({ values, positionals }) {
    const name = positionals[0];
    if (!name || positionals.length > 1)
      throw new UsageError(`kam run takes one job name\n\n${runCommand.usage}`);
    if (!allJobs.some((j) => j.name === name)) {
      throw new UsageError(`未知任务 unknown job: ${name} — one of ${allJobs.map((j) => j.name).join(", ")}`);
    }
    const date = values.date as string | undefined;
    if (date !== undefined && !isIsoDate(date))
      throw new UsageError(`--date 应为 yyyy-mm-dd / must be yyyy-mm-dd: ${date}`);
    const ctx = await openContext();
    const ledger = openSqliteLedger(ctx.config.dbPath);
    // In sandbox mode "now" is the sandbox console's clock, as for the running service.
    const clock = ctx.sandbox ? followSandboxClock(ctx.sandbox.url) : undefined;
    await clock?.refresh();
    try {
      const background = createBackgroundQueue(ctx.logger);
      const services = createServices({
        config: ctx.config,
        logger: ctx.logger,
        ledger,
        clock: clock ?? { now: () => Date.now() },
        client: ctx.client,
        metrics: createMetrics(),
        background,
      });
      const dryRun = values["dry-run"] === true;
      const now = date ? startOfDayIn(date, ctx.config.tz) + RUN_HOUR_MS : undefined;
      const jobs = createJobs(allJobs, services);
      const outcome = await jobs.run(name, { trigger: "cli", dryRun, force: values.force === true, now });
      await background.drain(30_000);
      for (const line of describeOutcome(name, outcome, dryRun)) ctx.out(line);
      // The running service drains the ledger's write queue; a second drain here could race it.
      const queued = (await ledger.pendingWrites(1_000, Number.MAX_SAFE_INTEGER)).length;
      if (queued > 0)
        ctx.out(`  ${queued} 条写入在队列中，由运行中的服务写入 / writes queued for the running service`);
      return outcome.status === "failed" ? 1 : 0;
    } finally {
      clock?.stop();
      ledger.close();
      await ctx.close();
    }
  },
};

export function describeOutcome(name: string, outcome: RunOutcome, dryRun: boolean): string[] {
  if (outcome.status === "skipped")
    return [`${name}: 跳过 skipped — ${outcome.reason}（--force 可重跑 / use --force to run again）`];
  if (outcome.status === "failed") return [`${name}: 失败 failed — ${outcome.error}`];
  return [
    `${name}: ${dryRun ? "预览 dry run（未发送、未写入 nothing sent or written）" : "完成 done"}`,
    ...lines(outcome.summary, "  "),
  ];
}

/** A summary as indented lines: scalars inline, lists one item per line, objects nested. */
function lines(value: Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v)) {
      out.push(`${indent}${key}:${v.length === 0 ? " —" : ""}`);
      for (const item of v) {
        if (item && typeof item === "object") {
          const [first, ...rest] = lines(item as Record<string, unknown>, `${indent}    `);
          out.push(`${indent}  - ${first?.trimStart() ?? ""}`, ...rest);
        } else out.push(`${indent}  - ${String(item)}`);
      }
    } else if (v && typeof v === "object") {
      out.push(`${indent}${key}:`, ...lines(v as Record<string, unknown>, `${indent}  `));
    } else {
      out.push(`${indent}${key}: ${String(v)}`);
    }
  }
  return out;
}
