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
 * Cells to write for each account row, walking the rows in order next to the results: the primary
 * (first) row of a code takes the next result and gets every computed cell; a second row with the
 * same code and a row without one get only 数据问题, saying so. Results are taken one at a time, so a
 * caller can hand over a generator and never hold them all. Pure: the same rows and results give the
 * same plan.
 */
export function planAccountWrites(input: {
  rows: readonly AccountRecord[];
  /** One per distinct code, in the order the codes first appear in `rows` (as the engine gives them). */
  results: Iterable<AccountResult>;
  /** Problems that belong to no known account. */
  bookProblems: readonly Problem[];
  fields: ReadonlyMap<string, FieldTemplate>;
  day: IsoDate;
}): SyncPlan {
  const updates: AccountUpdate[] = [];
  const tierChanges: TierChange[] = [];
  const tiers: Record<Tier, number> = { A: 0, B: 0, C: 0 };
  const tally = createTally();
  for (const p of input.bookProblems) tally.count(p);
  // Duplicate rows' problems, found on their primary row's result (which always comes first).
  const rowProblems = new Map<string, Problem[]>();
  const primary = new Set<string>();
  const results = input.results[Symbol.iterator]();
  for (const row of input.rows) {
    let wanted: Partial<Record<ComputedKey, FieldValue>>;
    if (row.code && !primary.has(row.code)) {
      primary.add(row.code);
      const result = nextResultFor(results, row.code);
      tiers[result.tier]++;
      for (const p of result.problems) {
        tally.count(p);
        if (p.table === "accounts" && p.code === "account_duplicate" && p.rowId)
          rowProblems.set(p.rowId, [...(rowProblems.get(p.rowId) ?? []), p]);
      }
      wanted = computedValuesOf(result);
      const held = row.held.tier;
      if (held !== result.tier) tierChanges.push(tierChangeOf(row.code, held, result, input.day));
    } else if (!row.code) {
      const missing = missingCodeProblem(row);
      tally.count(missing);
      wanted = { dataProblems: problemText([missing]) };
    } else {
      wanted = { dataProblems: problemText(rowProblems.get(row.recordId) ?? []) };
    }
    const fields = changedCells(input.fields, row.held, wanted);
    if (Object.keys(fields).length === 0) continue;
    updates.push({ recordId: row.recordId, code: row.code, fields });
  }
  if (!results.next().done) throw new Error("sync plan: more results than account codes");
  return { updates, tierChanges, tiers, ...tally.totals() };
}

function nextResultFor(results: Iterator<AccountResult>, code: string): AccountResult {
  const next = results.next();
  if (next.done || next.value.accountId !== code)
    throw new Error(`sync plan: results out of step with the rows at ${code}`);
  return next.value;
}

function tierChangeOf(code: string, held: FieldValue | undefined, result: AccountResult, day: IsoDate) {
  return {
    changeId: tierChangeId(code, day, result.tier),
    account: code,
    accountCode: code,
    from: held === "A" || held === "B" || held === "C" ? held : "无",
    to: result.tier,
    reason: result.reason,
    date: day,
  } satisfies TierChange;
}

function missingCodeProblem(row: AccountRecord): Problem {
  return {
    rowId: row.recordId,
    table: "accounts",
    field: "code",
    code: "account_id_missing",
    message: `客户 ${row.account.name || row.recordId}：缺少客户编号，未参与计算 / account code is missing, not classified`,
  };
}

function createTally() {
  const byCode: Partial<Record<ProblemCode, number>> = {};
  let total = 0;
  let orphanOrders = 0;
  return {
    count(p: Problem) {
      byCode[p.code] = (byCode[p.code] ?? 0) + 1;
      total++;
      if (p.code === "order_account_unknown") orphanOrders++;
    },
    totals: (): Pick<SyncPlan, "problems" | "problemsByCode" | "orphanOrders"> => ({
      problems: total,
      problemsByCode: byCode,
      orphanOrders,
    }),
  };
}
