import { loadTemplate } from "../feishu/template.ts";
import { describeAction, provision } from "../ops/provision.ts";
import type { Command } from "./command.ts";
import { openContext } from "./context.ts";

export const provisionCommand: Command = {
  name: "provision",
  summary: "创建多维表格中缺少的数据表、字段和选项 / create missing tables, fields and options",
  usage: `Usage: kam provision [--dry-run]

Creates in the configured base (BITABLE_APP_TOKEN) whatever the template in bitable-templates/base.json
has and the base lacks: tables, fields, select options. Never deletes or retypes anything.
Running it twice does nothing the second time.

Options:
  --dry-run   print what would be created, change nothing
  -h, --help  show this help`,
  options: { "dry-run": { type: "boolean" } },
  async run({ values }) {
    const ctx = await openContext();
    try {
      const dryRun = Boolean(values["dry-run"]);
      const result = await provision(ctx.gw, loadTemplate(), {
        dryRun,
        onAction: (a) => ctx.out(describeAction(a)),
      });
      const changes = result.actions.filter((a) => a.kind !== "type-mismatch").length;
      const problems = result.actions.length - changes;
      if (result.actions.length === 0)
        ctx.out("无需变更 nothing to do — 多维表格已与模板一致 / the base matches the template");
      else
        ctx.out(
          `${dryRun ? "将执行 would make" : "已完成 made"} ${changes} 项变更 changes, ${problems} 个问题 problems`,
        );
      return problems > 0 ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
