import type { AccountResult } from "../../domain/engine.ts";
import type { IsoDate, Problem, ProblemCode, Tier } from "../../domain/types.ts";
import type { FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import { type ComputedKey, computedValuesOf, problemText } from "./account-fields.ts";
import { changedCells } from "./diff.ts";
import type { AccountRecord } from "./row-decoders.ts";

/** One account row's cells to change (only those that differ), by template key. */
export type AccountUpdate = {
  recordId: string;
  code: string;
  fields: Partial<Record<ComputedKey, FieldValue>>;
};

/** A 等级变更 row, keyed so that a rerun of the same day creates nothing. */
export type TierChange = {
  changeId: string;
  account: string;
  accountCode: string;
  from: Tier | "无";
  to: Tier;
  reason: string;
  date: IsoDate;
};

export type SyncPlan = {
  updates: AccountUpdate[];
  tierChanges: TierChange[];
  tiers: Record<Tier, number>;
  /** Problems on accounts and rows, and those that belong to no known account. */
  problems: number;
  problemsByCode: Partial<Record<ProblemCode, number>>;
  /** Orders naming an account code the book does not have. */
  orphanOrders: number;
};

export function tierChangeId(code: string, day: IsoDate, to: Tier): string {
  return `tier:${code}:${day}:${to}`;
}

/**
 * Cells to write for each account row: the primary row of a code gets every computed cell; a second
 * row with the same code and a row without one get only 数据问题, saying so. Pure: the same book and
 * cells give the same plan.
 */
export function planAccountWrites(input: {
  rows: readonly AccountRecord[];
  results: ReadonlyMap<string, AccountResult>;
  /** Problems on rows that are not their account's primary row (duplicates, rows without a code). */
  rowProblems: ReadonlyMap<string, Problem[]>;
  fields: ReadonlyMap<string, FieldTemplate>;
  day: IsoDate;
}): { updates: AccountUpdate[]; tierChanges: TierChange[] } {
  const updates: AccountUpdate[] = [];
  const tierChanges: TierChange[] = [];
  const primary = new Set<string>();
  for (const row of input.rows) {
    const result = row.code && !primary.has(row.code) ? input.results.get(row.code) : undefined;
    let wanted: Partial<Record<ComputedKey, FieldValue>>;
    if (result) {
      primary.add(row.code);
      wanted = computedValuesOf(result);
      const held = row.held.tier;
      if (held !== result.tier) {
        tierChanges.push({
          changeId: tierChangeId(row.code, input.day, result.tier),
          account: row.code,
          accountCode: row.code,
          from: held === "A" || held === "B" || held === "C" ? held : "无",
          to: result.tier,
          reason: result.reason,
          date: input.day,
        });
      }
    } else {
      wanted = { dataProblems: problemText(input.rowProblems.get(row.recordId) ?? []) };
    }
    const fields = changedCells(input.fields, row.held, wanted);
    if (Object.keys(fields).length === 0) continue;
    updates.push({ recordId: row.recordId, code: row.code, fields });
  }
  return { updates, tierChanges };
}

/** Problems on rows other than their account's primary row, keyed by record id. */
export function secondaryRowProblems(
  rows: readonly AccountRecord[],
  results: Iterable<AccountResult>,
): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const add = (rowId: string, p: Problem) => out.set(rowId, [...(out.get(rowId) ?? []), p]);
  for (const row of rows) {
    if (!row.code) {
      add(row.recordId, {
        rowId: row.recordId,
        table: "accounts",
        field: "code",
        code: "account_id_missing",
        message: `客户 ${row.account.name || row.recordId}：缺少客户编号，未参与计算 / account code is missing, not classified`,
      });
    }
  }
  for (const result of results) {
    for (const p of result.problems) {
      if (p.table === "accounts" && p.code === "account_duplicate" && p.rowId) add(p.rowId, p);
    }
  }
  return out;
}

export function tallyProblems(
  results: Iterable<AccountResult>,
  bookProblems: readonly Problem[],
  extra: Iterable<Problem[]>,
): Pick<SyncPlan, "problems" | "problemsByCode" | "orphanOrders"> {
  const byCode: Partial<Record<ProblemCode, number>> = {};
  let total = 0;
  const count = (p: Problem) => {
    byCode[p.code] = (byCode[p.code] ?? 0) + 1;
    total++;
  };
  for (const r of results) for (const p of r.problems) count(p);
  for (const p of bookProblems) count(p);
  for (const list of extra) for (const p of list) if (p.code === "account_id_missing") count(p);
  const orphanOrders = bookProblems.filter((p) => p.code === "order_account_unknown").length;
  return { problems: total, problemsByCode: byCode, orphanOrders };
}
