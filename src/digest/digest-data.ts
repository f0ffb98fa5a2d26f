import type { AtRiskAccount, DigestData } from "../cards/digest.ts";
import type { Locale } from "../cards/types.ts";
import { addDays } from "../domain/dates.ts";
import type { DigestAccount, DigestBook } from "./book.ts";
import { type ComplianceRow, visitCompliance } from "./compliance.ts";
import { type MonthSatisfaction, satisfactionByMonth, satisfactionPoints } from "./satisfaction.ts";
import { DEFAULT_RISK_THRESHOLD } from "./settings.ts";
import { countTiers, movesInWeek, type TierCounts, tierSpendShare, tiersAt } from "./tiers.ts";
import type { ReportWeek } from "./week.ts";

/** A leader's scope: the account owners in their teams. Without one the digest covers the whole book. */
export type DigestScope = { openId: string; managerIds: readonly string[] };

export type DigestOptions = {
  week: ReportWeek;
  leader?: DigestScope;
  /** Last week's distribution as the ledger kept it; without it, rebuilt from 等级变更. */
  lastWeek?: TierCounts;
  /** Display names by open_id (managers on the compliance chart). */
  names?: Readonly<Record<string, string>>;
  riskThreshold?: number;
  views?: { label: string; url: string }[];
  locale?: Locale;
};

/** The card's data plus what the card has no room for, kept for the 完整列表 answer. */
export type DigestReport = {
  data: DigestData;
  accounts: number;
  tierSpendShare: TierCounts;
  compliance: ComplianceRow[];
  months: MonthSatisfaction[];
};

export function digestData(book: DigestBook, opts: DigestOptions): DigestData {
  return digestReport(book, opts).data;
}

export function digestReport(book: DigestBook, opts: DigestOptions): DigestReport {
  const { week } = opts;
  const team = opts.leader ? new Set(opts.leader.managerIds) : undefined;
  const accounts = team
    ? book.accounts.filter((a) => a.ownerId !== undefined && team.has(a.ownerId))
    : book.accounts;
  const codes = new Set(accounts.map((a) => a.code));
  const changes = book.tierChanges.filter((c) => codes.has(c.accountCode));
  const nameOf = (id: string) => opts.names?.[id] ?? id;
  const managers = (opts.leader?.managerIds ?? ownersByName(accounts, nameOf)).map((id) => ({
    id,
    name: nameOf(id),
  }));
  const compliance = visitCompliance(accounts, book.visits, week, managers);
  const months = satisfactionByMonth(
    book.surveys.filter((s) => codes.has(s.accountCode)),
    week.end,
  );
  const data: DigestData = {
    week: week.label,
    tiers: countTiers(tiersAt(accounts, changes, week.end).values()),
    tiersLastWeek: opts.lastWeek ?? countTiers(tiersAt(accounts, changes, addDays(week.start, -1)).values()),
    moves: movesInWeek(accounts, changes, week),
    revenues: accounts.map((a) => a.windowSpend),
    compliance: compliance.map(({ manager, done, due }) => ({ manager, done, due })),
    atRisk: atRisk(accounts, opts.riskThreshold ?? DEFAULT_RISK_THRESHOLD),
    satisfaction: satisfactionPoints(months),
    dataProblems: accounts.reduce((n, a) => n + problemLines(a.dataProblems), 0),
    views: opts.views ?? [],
    ...(opts.locale ? { locale: opts.locale } : {}),
  };
  return { data, accounts: accounts.length, tierSpendShare: tierSpendShare(accounts), compliance, months };
}

/** Accounts whose 风险分 is at or above the threshold, riskiest first; health is 100 − risk. */
export function atRisk(accounts: readonly DigestAccount[], threshold: number): AtRiskAccount[] {
  return accounts
    .filter((a) => a.risk !== undefined && a.risk >= threshold)
    .sort((a, b) => b.risk! - a.risk! || a.code.localeCompare(b.code))
    .map((a) => ({
      accountId: a.code,
      name: a.name,
      tier: a.tier ?? "C",
      health: Math.max(0, 100 - a.risk!),
      reason: a.riskFlags || `风险分 ${a.risk}`,
    }));
}

/** The sync writes one problem per line of 数据问题, capped with a last line "…另有 N 条问题 / N more". */
export function problemLines(text: string): number {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .reduce((n, line) => n + Number(/^…另有 (\d+) 条/.exec(line)?.[1] ?? 1), 0);
}

function ownersByName(accounts: readonly DigestAccount[], nameOf: (id: string) => string): string[] {
  const owners = [...new Set(accounts.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))];
  return owners.sort((a, b) => nameOf(a).localeCompare(nameOf(b), "zh") || a.localeCompare(b));
}
