import { addDays } from "../domain/dates.ts";
import type { ProblemCode } from "../domain/types.ts";
import type { AccountRow, BookTable, OrderRow } from "./rows.ts";

/** A deliberately broken row, with the problem the sync is expected to report for it. */
export type DirtyRow = {
  table: BookTable;
  expect: ProblemCode;
  /** What is wrong, Chinese first. */
  note: string;
  row: Record<string, unknown>;
};

/**
 * Bad rows in the shapes people really produce: text typed into a number
 * field, an ERP code nobody created, a date in the future. They reference the
 * clean book's first accounts so a test can find them.
 */
export function demoDirtyRows(accounts: readonly AccountRow[], today: string): DirtyRow[] {
  const first = accounts[0];
  const second = accounts[1] ?? first;
  if (!first || !second) return [];
  const width = first.code.length - 1;
  const spare = (n: number) => `C${String(accounts.length + n).padStart(width, "0")}`;
  const order = (id: string, patch: Partial<Record<keyof OrderRow, unknown>>): Record<string, unknown> => ({
    orderId: `SO-DIRTY-${id}`,
    account: first.code,
    accountCode: first.code,
    date: addDays(today, -10),
    amount: 12_000,
    margin: 1_800,
    lines: 1,
    source: "演示数据",
    ...patch,
  });
  const { tierOverride: _, overrideReason: __, overrideUntil: ___, ...plain } = first;
  const account = (patch: Partial<Record<keyof AccountRow, unknown>>): Record<string, unknown> => ({
    ...plain,
    ...patch,
  });
  return [
    {
      table: "orders",
      expect: "amount_invalid",
      note: "金额填了文字 / amount is text",
      row: order("0001", { amount: "一万二" }),
    },
    {
      table: "orders",
      expect: "amount_invalid",
      note: "金额里有字母 O / letter O in the amount",
      row: order("0002", { amount: "12,3OO.00" }),
    },
    {
      table: "orders",
      expect: "margin_invalid",
      note: "毛利填了文字 / margin is text",
      row: order("0003", { margin: "待核算" }),
    },
    {
      table: "orders",
      expect: "amount_negative",
      note: "金额为负 / negative amount",
      row: order("0004", { amount: -3_200 }),
    },
    {
      table: "orders",
      expect: "order_account_unknown",
      note: "客户编号不存在 / unknown account code",
      row: order("0005", { account: spare(500), accountCode: spare(500) }),
    },
    {
      table: "orders",
      expect: "order_future",
      note: "下单日期在未来 / order dated in the future",
      row: order("0006", { date: addDays(today, 30) }),
    },
    {
      table: "orders",
      expect: "order_date_invalid",
      note: "日期不存在 / no such day",
      row: order("0007", { date: "2025-02-30" }),
    },
    {
      table: "accounts",
      expect: "owner_missing",
      note: "客户没有负责人 / account without an owner",
      row: account({ code: spare(1), name: "无主贸易有限公司", owner: undefined }),
    },
    {
      table: "accounts",
      expect: "account_duplicate",
      note: "客户编号重复 / duplicate account code",
      row: account({ code: second.code, name: `${second.name}（重复录入）` }),
    },
    {
      table: "accounts",
      expect: "rating_invalid",
      note: "战略匹配超出 1–5 / strategic fit outside 1–5",
      row: account({ code: spare(2), name: "评分越界科技有限公司", strategicFit: 7 }),
    },
    {
      table: "accounts",
      expect: "since_invalid",
      note: "合作开始日期不是日期 / start date is not a date",
      row: account({ code: spare(3), name: "日期错误商贸有限公司", since: "明年" }),
    },
    {
      table: "accounts",
      expect: "override_expired",
      note: "手动等级已过期 / tier pin has expired",
      row: account({
        code: spare(4),
        name: "过期锁定实业有限公司",
        tierOverride: "A",
        overrideReason: "去年的框架协议",
        overrideUntil: addDays(today, -40),
      }),
    },
  ].map((d) => ({ ...d, row: withoutUndefined(d.row) }) as DirtyRow);
}

function withoutUndefined(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
}
