import type { TierMove } from "../cards/digest.ts";
import { percent } from "../cards/format.ts";
import { type IsoDate, TIERS, type Tier } from "../domain/types.ts";
import type { DigestAccount, TierChange } from "./book.ts";
import { inWeek, type ReportWeek } from "./week.ts";

export type TierCounts = Record<Tier, number>;

export const noTiers = (): TierCounts => ({ A: 0, B: 0, C: 0 });

/**
 * Each account's tier at the end of `day`: its tier now, with the changes dated after `day` undone,
 * latest first. The digest runs on Monday, after the sync may already have moved accounts; undoing
 * those keeps the distribution in step with the moves it lists.
 */
export function tiersAt(
  accounts: readonly DigestAccount[],
  changes: readonly TierChange[],
  day: IsoDate,
): Map<string, Tier | undefined> {
  const tiers = new Map<string, Tier | undefined>(accounts.map((a) => [a.code, a.tier]));
  const later = changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.date > day && tiers.has(c.accountCode))
    .sort((x, y) => (x.c.date === y.c.date ? y.i - x.i : x.c.date < y.c.date ? 1 : -1));
  for (const { c } of later) tiers.set(c.accountCode, c.from);
  return tiers;
}

export function countTiers(tiers: Iterable<Tier | undefined>): TierCounts {
  const counts = noTiers();
  for (const t of tiers) if (t) counts[t]++;
  return counts;
}

/** Percent of the scope's 近12月采购额 held by each tier (current tiers). */
export function tierSpendShare(accounts: readonly DigestAccount[]): TierCounts {
  const spend = noTiers();
  let total = 0;
  for (const a of accounts) {
    const s = Math.max(a.windowSpend, 0);
    total += s;
    if (a.tier) spend[a.tier] += s;
  }
  return { A: percent(spend.A, total), B: percent(spend.B, total), C: percent(spend.C, total) };
}

/**
 * The week's moves per account, netted: first `from` → last `to` of the changes dated in the week. A
 * first tier (from 无) and a change undone within the week are not moves.
 */
export function movesInWeek(
  accounts: readonly DigestAccount[],
  changes: readonly TierChange[],
  week: ReportWeek,
): TierMove[] {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const net = new Map<string, { from?: Tier; to: Tier; reason: string }>();
  changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => inWeek(c.date, week) && byCode.has(c.accountCode))
    .sort((x, y) => (x.c.date === y.c.date ? x.i - y.i : x.c.date < y.c.date ? -1 : 1))
    .forEach(({ c }) => {
      const seen = net.get(c.accountCode);
      if (seen) Object.assign(seen, { to: c.to, reason: c.reason || seen.reason });
      else net.set(c.accountCode, { from: c.from, to: c.to, reason: c.reason });
    });
  const moves: TierMove[] = [];
  for (const [code, m] of net) {
    if (!m.from || m.from === m.to) continue;
    moves.push({ accountId: code, name: byCode.get(code)!.name, from: m.from, to: m.to, reason: m.reason });
  }
  return moves.sort((a, b) => rank(a.to) - rank(b.to) || a.accountId.localeCompare(b.accountId));
}

const rank = (t: Tier) => TIERS.indexOf(t);
