import type { DigestAccount, DigestBook, TierChange } from "../../src/digest/book.ts";
import { reportWeekBefore } from "../../src/digest/week.ts";
import type { VisitState } from "../../src/domain/cadence.ts";
import { addDays } from "../../src/domain/dates.ts";
import { type AccountResult, computeBook } from "../../src/domain/engine.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import type { Account, Tier, Visit } from "../../src/domain/types.ts";
import { demoManagers } from "../../src/ops/demo-managers.ts";
import { type DemoBook, demoBook } from "../../src/seed/demo-book.ts";

/** The digest runs on Monday 2026-11-30 at 09:00 Shanghai and reports on 2026-W48 (11-23 … 11-29). */
export const TODAY = "2026-11-30";
export const RUN_AT = Date.parse("2026-11-30T09:00:00+08:00");
export const WEEK = reportWeekBefore(TODAY);

export const VISIT_STATE_NAMES: Record<VisitState, string> = {
  ok: "正常",
  upcoming: "即将到期",
  due: "到期",
  overdue: "逾期",
  escalate: "升级",
};
const VISIT_TYPES: Record<string, Visit["type"]> = {
  电话: "phone",
  上门: "onsite",
  高层拜访: "executive",
  线上会议: "online",
};
const TIERS: Tier[] = ["A", "B", "C"];

export type DemoDigest = {
  rows: DemoBook;
  /** What the sync would have written into each account's computed cells, by 客户编号. */
  results: Map<string, AccountResult>;
  /** 等级变更 rows: some in the reported week, one before it, one on the run's Monday. */
  tierChanges: TierChange[];
  book: DigestBook;
};

/** A demo book run through the domain engine, as the sync job would leave it, plus a week of tier history. */
export function demoDigest(opts: { accounts: number; seed?: number; months?: number }): DemoDigest {
  const rows = demoBook({
    seed: opts.seed ?? 11,
    accounts: opts.accounts,
    months: opts.months ?? 12,
    today: TODAY,
    managers: demoManagers(42),
  });
  const accounts: Account[] = rows.accounts.map((a) => ({
    id: a.code,
    name: a.name,
    ...(a.owner ? { ownerId: a.owner } : {}),
    since: a.since,
    strategicFit: a.strategicFit,
    potential: a.potential,
    ...(a.tierOverride
      ? { override: { tier: a.tierOverride, reason: a.overrideReason ?? "", until: a.overrideUntil } }
      : {}),
  }));
  const computed = computeBook({
    accounts,
    orders: rows.orders.map((o) => ({
      id: o.orderId,
      accountId: o.accountCode,
      date: o.date,
      amount: o.amount,
      margin: o.margin,
    })),
    visits: rows.visits.map((v) => ({
      id: v.title,
      accountId: v.accountCode,
      date: v.date,
      type: VISIT_TYPES[v.type] ?? "phone",
      visitorId: v.visitor,
    })),
    surveys: rows.surveys.map((s) => ({ ...s, id: s.answerId, accountId: s.accountCode })),
    policy: DEFAULT_POLICY,
    now: TODAY,
  });
  const results = new Map(computed.results.map((r) => [r.accountId, r]));
  const tierChanges = historyFor(computed.results);
  return {
    rows,
    results,
    tierChanges,
    book: {
      accounts: rows.accounts.map((a) => digestAccount(a.code, a.name, a.owner, results.get(a.code)!)),
      tierChanges,
      visits: rows.visits.map((v) => ({ accountCode: v.accountCode, date: v.date })),
      surveys: rows.surveys.map((s) => ({
        accountCode: s.accountCode,
        date: s.date,
        overall: s.overall,
        nps: s.nps,
      })),
    },
  };
}

export function digestAccount(
  code: string,
  name: string,
  owner: string | undefined,
  r: AccountResult,
): DigestAccount {
  return {
    code,
    name,
    ...(owner ? { ownerId: owner } : {}),
    tier: r.tier,
    windowSpend: r.spend,
    nextVisitDue: r.nextVisitDue,
    visitState: VISIT_STATE_NAMES[r.visitState],
    risk: r.risk,
    riskFlags: r.flags.map((f) => f.text).join("；"),
    dataProblems: r.problems.map((p) => p.message).join("\n"),
  };
}

/** Every 13th account moved into its tier during the week; one old change and one made on the Monday. */
function historyFor(results: readonly AccountResult[]): TierChange[] {
  const changes: TierChange[] = results.flatMap((r, i): TierChange[] => {
    if (i % 13 !== 0) return [];
    const from = TIERS[(TIERS.indexOf(r.tier) + 1 + (i % 2)) % 3]!;
    return [
      {
        accountCode: r.accountId,
        from,
        to: r.tier,
        reason: `近12月采购额 ${Math.round(r.spend)} 元`,
        date: addDays(WEEK.start, i % 7),
      },
    ];
  });
  const [a, b] = [results[1]!, results[2]!];
  const other = (t: Tier, by: number) => TIERS[(TIERS.indexOf(t) + by) % 3]!;
  changes.push({
    accountCode: a.accountId,
    from: other(a.tier, 2),
    to: a.tier,
    reason: "旧变更",
    date: "2026-10-05",
  });
  changes.push({
    accountCode: b.accountId,
    from: other(b.tier, 1),
    to: b.tier,
    reason: "周一的同步",
    date: TODAY,
  });
  return changes;
}
