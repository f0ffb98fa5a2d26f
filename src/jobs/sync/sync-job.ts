import type { Job } from "../job.ts";
import { dayPeriod } from "../job.ts";
import { runFullSync } from "./full-sync.ts";

/**
 * The daily full sync: reads the whole book, computes tiers, scores, visit plans and health, writes
 * back only the cells that changed. At 08:30, before the 09:00 reminders read 拜访状态 and 下次拜访.
 */
export const syncJob: Job = {
  name: "sync",
  description: "计算客户等级、价值分、拜访计划与健康度并写回多维表格 / compute the book and write it back",
  schedule: "30 8 * * *",
  period: dayPeriod,
  catchUp: true,
  run: (services, ctx) => runFullSync(services, { now: ctx.now, dryRun: ctx.dryRun }),
};
