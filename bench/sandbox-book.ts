import { loadTemplate } from "../src/feishu/template.ts";
import { startOfDayIn } from "../src/feishu/zoned-dates.ts";
import { fieldSpecOf } from "../src/ops/field-spec.ts";
import { appOperator, createBase, createTable, writeRecords } from "../src/sandbox/bitable/store.ts";
import type { RunningSandbox } from "../src/sandbox/server.ts";
import type { SandboxUser } from "../src/sandbox/state.ts";
import { type SyntheticBook, syntheticBook } from "./synthetic-book.ts";

/**
 * Fills a sandbox with a synthetic book through its programmatic API (no HTTP, no rate limits): the
 * template's tables, one person per manager, and the book's accounts, orders, visits and answers as a
 * person would have typed them. Accounts carry last period's tier, so the sync sees a lived-in base.
 */
export type SeededBook = { appToken: string; rows: Record<string, number>; now: string; seedMs: number };

const VISIT_TYPES = { phone: "电话", onsite: "上门", executive: "高层拜访", online: "线上会议" } as const;
const CHUNK = 5_000;

export function seedSandboxBook(
  sandbox: RunningSandbox,
  opts: { appId: string; accounts: number; orders: number },
): SeededBook {
  const started = Date.now();
  const { state } = sandbox;
  const book = syntheticBook({ accounts: opts.accounts, orders: opts.orders });
  const base = createBase(state, { name: "bench" });
  const tableIds: Record<string, string> = {};
  for (const t of loadTemplate().tables) {
    const fields = t.fields.map((f) => fieldSpecOf(f, tableIds));
    tableIds[t.key] = createTable(state, base.app_token, { name: t.name, fields }).table_id;
  }
  addManagers(state, book);
  const ms = memoDays();
  const operator = appOperator("bench-people");
  const write = (table: string, rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).map((fields) => ({ fields: defined(fields) }));
      writeRecords(state, base.app_token, tableIds[table]!, chunk, operator);
    }
    return rows.length;
  };
  const rows: Record<string, number> = {};
  rows.accounts = write(
    "accounts",
    book.accounts.map((a) => ({
      客户编号: a.id,
      客户名称: a.name,
      负责人: a.ownerId ? [{ id: a.ownerId }] : undefined,
      合作开始: a.since ? ms(a.since) : undefined,
      战略匹配: a.strategicFit,
      潜力评估: a.potential,
      手动等级: a.override?.tier,
      锁定原因: a.override?.reason,
      等级: a.previous?.tier,
      低于档位期数: a.previous?.belowBandPeriods,
    })),
  );
  rows.orders = write(
    "orders",
    book.orders.map((o) => ({
      订单号: o.id,
      客户编号: o.accountId,
      下单日期: ms(o.date),
      金额: o.amount,
      毛利: o.margin,
    })),
  );
  rows.visits = write(
    "visits",
    book.visits.map((v) => ({
      主题: "客户拜访",
      客户编号: v.accountId,
      拜访日期: ms(v.date),
      类型: VISIT_TYPES[v.type],
      拜访人: v.visitorId ? [{ id: v.visitorId }] : undefined,
    })),
  );
  rows.surveys = write(
    "surveys",
    book.surveys.map((s) => ({
      答卷编号: s.id,
      客户编号: s.accountId,
      提交日期: ms(s.date),
      总体满意度: s.overall,
      产品: s.product,
      服务: s.service,
      响应速度: s.responsiveness,
      推荐意愿: s.nps,
    })),
  );
  return { appToken: base.app_token, rows, now: book.now, seedMs: Date.now() - started };
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function memoDays(): (iso: string) => number {
  const seen = new Map<string, number>();
  return (iso) => {
    let ms = seen.get(iso);
    if (ms === undefined) {
      ms = startOfDayIn(iso);
      seen.set(iso, ms);
    }
    return ms;
  };
}

function addManagers(state: RunningSandbox["state"], book: SyntheticBook): void {
  const owners = new Set(book.accounts.map((a) => a.ownerId).filter((id): id is string => Boolean(id)));
  for (const id of owners) {
    const user: SandboxUser = {
      open_id: id,
      user_id: id.replace("ou_", "u_"),
      union_id: id.replace("ou_", "on_"),
      name: `客户经理${id.slice(7)}`,
      en_name: `Manager ${id.slice(7)}`,
      email: `${id}@example.com`,
      department_ids: [],
      status: {
        is_activated: true,
        is_resigned: false,
        is_frozen: false,
        is_exited: false,
        is_unjoin: false,
      },
    };
    state.users.set(id, user);
  }
}
