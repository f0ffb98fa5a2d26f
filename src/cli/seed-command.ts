import { loadTemplate } from "../feishu/template.ts";
import { bindBase } from "../ops/base.ts";
import { demoManagers, type Manager } from "../ops/demo-managers.ts";
import { provision } from "../ops/provision.ts";
import { seedBase } from "../ops/seed.ts";
import { demoBook } from "../seed/demo-book.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";
import { openContext } from "./context.ts";
import { control } from "./ensure-sandbox.ts";
import { perTableProgress } from "./progress.ts";
import { todayIn } from "./today.ts";

export const seedCommand: Command = {
  name: "seed",
  summary: "写入演示客户数据（可重复运行）/ fill the base with a demo book (safe to rerun)",
  usage: `Usage: kam seed [--accounts 300] [--seed 42] [--months 24] [--today yyyy-mm-dd] [--owners ou_a,ou_b]

Fills the base with a realistic Chinese B2B book: accounts with Pareto-shaped spend, contacts with
solar and lunar birthdays, 24 months of orders, visits and survey answers — the same for the same seed.
Provisions missing tables first. Rows already there (same primary key) are left alone, so a rerun writes
nothing. In sandbox mode the owners are the sandbox's demo managers; against Feishu give --owners.

Options:
  --accounts N     number of accounts (default 300)
  --seed N         random seed (default 42)
  --months N       months of order history (default 24)
  --today DATE     the book's "today" (default: today in TZ)
  --owners LIST    comma-separated open_ids of the account managers (required outside the sandbox)`,
  options: {
    accounts: { type: "string" },
    seed: { type: "string" },
    months: { type: "string" },
    today: { type: "string" },
    owners: { type: "string" },
  },
  async run({ values }) {
    const ctx = await openContext();
    try {
      const seed = intOption(values.seed, 42, "seed");
      const managers = await managersFor(ctx, values.owners as string | undefined);
      const template = loadTemplate();
      await provision(ctx.gw, template);
      const base = await bindBase(ctx.gw, template);
      const book = demoBook({
        seed,
        accounts: intOption(values.accounts, 300, "accounts"),
        months: intOption(values.months, 24, "months"),
        today: (values.today as string | undefined) ?? todayIn(ctx.config.tz),
        managers,
      });
      const summary = await seedBase(base, book, {
        seed,
        onProgress: perTableProgress("写入"),
      });
      for (const [table, s] of Object.entries(summary)) {
        ctx.out(`${table.padEnd(9)} 新建 created ${s.created}, 已存在 already there ${s.skipped}`);
      }
      return 0;
    } finally {
      await ctx.close();
    }
  },
};

async function managersFor(
  ctx: Awaited<ReturnType<typeof openContext>>,
  owners?: string,
): Promise<Manager[]> {
  if (owners) {
    const ids = owners
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const people: Manager[] = [];
    for (const id of ids) {
      const user = await ctx.client.contacts.getUser(id);
      people.push({ open_id: id, name: user?.name ?? id, leaderOpenId: user?.leaderUserId });
    }
    return people;
  }
  if (ctx.config.mode !== "sandbox" || !ctx.sandbox) {
    throw new UsageError("--owners is required outside the sandbox: 请用 --owners 指定客户经理的 open_id");
  }
  await control(ctx.sandbox.url, "/_sandbox/seed/org", {
    demo: true,
    managers: 20,
    teams: 3,
    seed: 42,
    merge: true,
  });
  return demoManagers(42);
}

export function intOption(raw: unknown, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} 应为非负整数 / must be a whole number: ${raw}`);
  return n;
}
