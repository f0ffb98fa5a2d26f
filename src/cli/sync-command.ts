import { createBackgroundQueue } from "../background.ts";
import { isIsoDate } from "../domain/dates.ts";
import { startOfDayIn } from "../feishu/zoned-dates.ts";
import { createJobs } from "../jobs/runner.ts";
import type { SyncSummary } from "../jobs/sync/summary.ts";
import { syncJob } from "../jobs/sync/sync-job.ts";
import { createMetrics } from "../metrics.ts";
import { followSandboxClock } from "../runtime/following-clock.ts";
import { createServices } from "../services.ts";
import { openSqliteLedger } from "../store/sqlite.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";
import { openContext } from "./context.ts";

export const syncCommand: Command = {
  name: "sync",
  summary: "计算等级、价值分、拜访计划与健康度并写回 / compute the book and write back what changed",
  usage: `Usage: kam sync [--dry-run] [--date yyyy-mm-dd]

Reads accounts, orders, visits, survey answers and 设置 from the base, computes each account's tier,
value score, next visit and health, and writes back only the cells that changed (a second run over
unchanged data writes nothing). Bad rows are reported in each account's 数据问题 and never stop the run.
This is what the service's daily job does at 08:30.

Options:
  --dry-run    compute and list what would change; write nothing
  --date DATE  run as of this day (default: today in TZ; in sandbox mode, the sandbox's clock)`,
  options: { "dry-run": { type: "boolean" }, date: { type: "string" } },
  async run({ values }) {
    const date = values.date as string | undefined;
    if (date !== undefined && !isIsoDate(date))
      throw new UsageError(`--date 应为 yyyy-mm-dd / must be yyyy-mm-dd: ${date}`);
    const dryRun = values["dry-run"] === true;
    const ctx = await openContext();
    const ledger = openSqliteLedger(ctx.config.dbPath);
    try {
      let now = Date.now();
      if (date) now = startOfDayIn(date, ctx.config.tz) + 12 * 3_600_000;
      else if (ctx.sandbox) {
        const clock = followSandboxClock(ctx.sandbox.url);
        await clock.refresh();
        clock.stop();
        now = clock.now();
      }
      const services = createServices({
        config: ctx.config,
        logger: ctx.logger,
        ledger,
        clock: { now: () => now },
        client: ctx.client,
        metrics: createMetrics(),
        background: createBackgroundQueue(ctx.logger),
      });
      // A run by hand always runs, even when today's scheduled sync is already done.
      const outcome = await createJobs([syncJob], services).run("sync", {
        trigger: "cli",
        force: true,
        dryRun,
        now,
      });
      if (outcome.status === "skipped") {
        ctx.out(`未运行 not run: ${outcome.reason}`);
        return 1;
      }
      if (outcome.status === "failed") {
        ctx.out(`同步失败 sync failed: ${outcome.error}`);
        return 1;
      }
      for (const line of summaryLines(outcome.summary as SyncSummary)) ctx.out(line);
      return 0;
    } finally {
      ledger.close();
      await ctx.close();
    }
  },
};

/** Pads to a terminal width: CJK characters take two columns. */
function padWide(text: string, width: number): string {
  let used = 0;
  for (const ch of text) used += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return text + " ".repeat(Math.max(1, width - used));
}

export function summaryLines(s: SyncSummary): string[] {
  const row = (label: string, value: string) => `  ${padWide(label, 26)}${value}`;
  const codes = Object.entries(s.problemsByCode)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  const lines = [
    s.dryRun
      ? `演练 dry run (${s.day}, ${(s.ms / 1000).toFixed(1)} s) — 未写入任何数据 nothing written`
      : `同步完成 sync done (${s.day}, ${(s.ms / 1000).toFixed(1)} s)`,
    row(
      "客户 accounts read",
      `${s.accountRows} 行 rows · 订单 orders ${s.orders} · 拜访 visits ${s.visits} · 答卷 answers ${s.surveys}`,
    ),
    row(
      "等级 tiers",
      `A ${s.tiers.A} · B ${s.tiers.B} · C ${s.tiers.C} (等级变更 tier changes ${s.tierChanges})`,
    ),
    row(
      s.dryRun ? "将变更 would change" : "变更 changed",
      `${s.changedAccounts} 个客户 accounts, ${s.changedCells} 个单元格 cells`,
    ),
    row(
      "写入 writes",
      `${s.writeCalls} 次调用 calls, ${s.writtenCells} 个单元格 cells, ${s.historyRows} 条等级变更 history rows`,
    ),
    row("读取 reads", `${s.readCalls} 次调用 calls`),
    row(
      "数据问题 problems",
      `${s.problems}${codes ? ` (${codes})` : ""}; 无主订单 orphan orders ${s.orphanOrders}`,
    ),
  ];
  for (const p of s.policyProblems) lines.push(row("设置问题 policy", p.message));
  if (s.dryRun && s.preview.length) {
    lines.push(`  前 ${s.preview.length} 项变更 first changes:`);
    for (const p of s.preview) lines.push(`    ${p.code.padEnd(12)} ${p.field}: ${p.from} → ${p.to}`);
  }
  return lines;
}
