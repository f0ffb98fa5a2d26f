import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadTemplate } from "../feishu/template.ts";
import { csvTable, parseCsv } from "../import/csv.ts";
import { parseMapping } from "../import/mapping.ts";
import { planOrderImport } from "../import/orders.ts";
import { bindBase } from "../ops/base.ts";
import { writeOrderImport } from "../ops/import-orders.ts";
import { provision } from "../ops/provision.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";
import { openContext } from "./context.ts";
import { perTableProgress } from "./progress.ts";
import { todayIn } from "./today.ts";

const EXAMPLE =
  "customerId=Customer ID,customerName=Customer Name,orderId=Order ID,date=Order Date,amount=Sales,margin=Profit";

export const importCommand: Command = {
  name: "import",
  summary: "导入 ERP 订单 CSV（按列映射，可重复运行）/ import an ERP order export",
  usage: `Usage: kam import orders <file.csv> --map "<mapping>" [--dry-run] [--today yyyy-mm-dd]

Imports order lines from an ERP export. Lines with the same order id are merged into one order (amounts
and margins summed). Customers the base lacks are created as accounts. Rejected lines are listed with
their line numbers and reasons. Rerunning the same file writes nothing twice.

Mapping keys: customerId, orderId, date, amount (required); customerName, margin, dateFormat
(auto|ymd|mdy|dmy, default auto). Example:
  kam import orders ../shared/data/superstore-orders.csv --map "${EXAMPLE}"`,
  options: { map: { type: "string" }, "dry-run": { type: "boolean" }, today: { type: "string" } },
  async run({ values, positionals }) {
    const [what, file] = positionals;
    if (what !== "orders" || !file) throw new UsageError(`${importCommand.usage}`);
    if (!values.map) throw new UsageError(`--map is required. Example: --map "${EXAMPLE}"`);
    const mapping = parseMapping(values.map as string);
    if (!mapping.ok) throw new UsageError(mapping.error);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UsageError(`无法读取文件 cannot read ${file}: ${(err as Error).message}`);
    }
    const ctx = await openContext();
    try {
      const plan = planOrderImport(csvTable(parseCsv(text)), mapping.value, {
        today: (values.today as string | undefined) ?? todayIn(ctx.config.tz),
      });
      if (!plan.ok) throw new UsageError(plan.error);
      const { stats, rejected } = plan.value;
      ctx.out(
        `读取 read ${stats.lines} 行 lines → ${stats.orders} 个订单 orders, ${stats.accounts} 个客户 customers; 拒绝 rejected ${stats.rejectedLines}; 日期 dates: ${stats.dateFormat.note}`,
      );
      for (const r of rejected.slice(0, 50)) ctx.out(`  第 ${r.line} 行 line ${r.line}: ${r.reason}`);
      if (rejected.length > 50)
        ctx.out(`  … 还有 ${rejected.length - 50} 行 and ${rejected.length - 50} more`);
      if (values["dry-run"]) return 0;
      const template = loadTemplate();
      await provision(ctx.gw, template);
      const base = await bindBase(ctx.gw, template);
      const summary = await writeOrderImport(base, plan.value, {
        source: basename(file),
        onProgress: perTableProgress("写入"),
      });
      ctx.out(
        `客户 accounts: 新建 created ${summary.accountsCreated}, 已存在 existing ${summary.accountsExisting}; 订单 orders: 新建 created ${summary.ordersCreated}, 已存在 existing ${summary.ordersExisting}`,
      );
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
