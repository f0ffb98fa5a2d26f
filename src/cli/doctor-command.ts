import { loadTemplate } from "../feishu/template.ts";
import { runDoctor } from "../ops/doctor.ts";
import type { Command } from "./command.ts";
import { openContext } from "./context.ts";

export const doctorCommand: Command = {
  name: "doctor",
  summary: "检查凭证、连通性、权限、多维表格结构 / check credentials, reachability, scopes and the base",
  usage: `Usage: kam doctor

Checks the configuration, the app credentials, that Feishu (or the sandbox) answers, that the base
is reachable with the app's scopes, and that its tables and fields match the template.
Prints one fix per problem; exits 1 when anything is wrong.`,
  options: {},
  async run() {
    const ctx = await openContext();
    try {
      const checks = await runDoctor(ctx.config, ctx.gw, loadTemplate());
      for (const c of checks) {
        ctx.out(`${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`);
        if (c.fix) ctx.out(`    → ${c.fix}`);
      }
      const bad = checks.filter((c) => !c.ok).length;
      ctx.out(bad ? `${bad} 个问题 problems` : "一切正常 all good");
      return bad ? 1 : 0;
    } finally {
      await ctx.close();
    }
  },
};
