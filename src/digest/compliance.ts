import type { DigestAccount, VisitFact } from "./book.ts";
import { inWeek, type ReportWeek } from "./week.ts";

/** Visit compliance of one account manager (an account's 负责人) for the reported week. */
export type ComplianceRow = {
  managerId: string;
  manager: string;
  /** Accounts that needed a visit by the end of the week (see `visitCompliance`). */
  due: number;
  /** Of those, accounts visited during the week. */
  done: number;
  /** Accounts whose 拜访状态 is 逾期 or 升级 when the digest runs. */
  overdue: number;
};

export const OVERDUE_STATES: ReadonlySet<string> = new Set(["逾期", "升级"]);

/**
 * Compliance per manager, counted over the manager's accounts (by 负责人, not by who made the visit):
 *
 * - visited: the account has a 拜访记录 row dated Monday–Sunday of the reported week;
 * - due: visited, or 下次拜访 is on or before that Sunday (the visit fell due by the end of the week and,
 *   as of the run, is still owed). An account counts once however many visits it had;
 * - done: due and visited; a visit ahead of its due date counts as both, so early visits never lower the rate;
 * - overdue: 拜访状态 is 逾期 or 升级 now.
 *
 * Managers with no due account show 100 % on the chart. Every manager in `managers` gets a row, in that order.
 */
export function visitCompliance(
  accounts: readonly DigestAccount[],
  visits: readonly VisitFact[],
  week: ReportWeek,
  managers: readonly { id: string; name: string }[],
): ComplianceRow[] {
  const visited = new Set(visits.filter((v) => inWeek(v.date, week)).map((v) => v.accountCode));
  const rows = new Map<string, ComplianceRow>(
    managers.map((m) => [m.id, { managerId: m.id, manager: m.name, due: 0, done: 0, overdue: 0 }]),
  );
  for (const a of accounts) {
    const row = a.ownerId === undefined ? undefined : rows.get(a.ownerId);
    if (!row) continue;
    const wasVisited = visited.has(a.code);
    if (wasVisited || (a.nextVisitDue !== undefined && a.nextVisitDue <= week.end)) row.due++;
    if (wasVisited) row.done++;
    if (a.visitState !== undefined && OVERDUE_STATES.has(a.visitState)) row.overdue++;
  }
  return [...rows.values()];
}
