import { addMonthsToDay, civilOf, daysInMonth, isoOf, weekdayOf } from "../domain/dates.ts";
import { type AccountProfile, MEDIAN_YEARLY_SPEND } from "./demo-accounts.ts";
import type { Random } from "./prng.ts";
import type { OrderRow } from "./rows.ts";

/**
 * Relative order volume by calendar month: the 春节 holiday empties February,
 * National Day dents October, year-end budgets fill December.
 */
const SEASON = [0.95, 0.5, 1.05, 1.0, 1.0, 1.05, 0.95, 0.95, 1.05, 0.9, 1.1, 1.25];

/** Bigger accounts order more often (and in bigger orders); ~1.5 orders a month on average. */
function ordersPerMonth(yearlySpend: number): number {
  return Math.min(20, Math.max(0.15, 1.15 * (yearlySpend / MEDIAN_YEARLY_SPEND) ** 0.5));
}

/** Spend multiplier at `day` for the account's lifecycle (0 at the window start, 1 at today). */
function trend(profile: AccountProfile, progress: number): number {
  switch (profile.lifecycle) {
    case "growing":
      return 0.5 + 0.9 * progress;
    case "declining":
      return 1.3 - 0.9 * progress;
    default:
      return 1;
  }
}

/** B2B orders land on working days; most weekend picks move to the Friday before. */
function orderDay(random: Random, from: number, to: number): number {
  const day = random.int(from, to);
  const weekday = weekdayOf(day);
  if (weekday === 6 && day - 1 >= from && random.chance(0.85)) return day - 1;
  if (weekday === 0 && day - 2 >= from && random.chance(0.85)) return day - 2;
  return day;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

type Draft = Omit<OrderRow, "orderId">;

export function demoOrders(
  random: Random,
  profiles: readonly AccountProfile[],
  window: { startDay: number; todayDay: number },
): OrderRow[] {
  const drafts: Draft[] = [];
  const span = Math.max(1, window.todayDay - window.startDay);
  for (const profile of profiles) {
    const perMonth = ordersPerMonth(profile.yearlySpend);
    const from = Math.max(profile.firstOrderDay, window.startDay);
    const to = Math.min(profile.lastOrderDay, window.todayDay);
    for (let monthStart = firstOfMonth(from); monthStart <= to; monthStart = addMonthsToDay(monthStart, 1)) {
      const { year, month } = civilOf(monthStart);
      const monthEnd = monthStart + daysInMonth(year, month) - 1;
      const lo = Math.max(monthStart, from);
      const hi = Math.min(monthEnd, to);
      if (lo > hi) continue;
      const share = (hi - lo + 1) / (monthEnd - monthStart + 1);
      const count = random.poisson(perMonth * (SEASON[month - 1] ?? 1) * share);
      for (let k = 0; k < count; k++) {
        const day = orderDay(random, lo, hi);
        const meanAmount =
          (profile.yearlySpend / 12 / perMonth) * trend(profile, (day - window.startDay) / span);
        // Lognormal noise with mean 1 keeps each account's expected spend where its profile says.
        const amount = Math.max(50, round2(meanAmount * Math.exp(0.5 * random.normal() - 0.125)));
        const rate = Math.min(0.35, Math.max(0.05, profile.marginRate + random.between(-0.04, 0.04)));
        drafts.push({
          account: profile.row.code,
          accountCode: profile.row.code,
          date: isoOf(day),
          amount,
          margin: round2(amount * rate),
          lines: random.weighted([1, 2, 3, 4, 5, 6], [30, 25, 18, 12, 9, 6]),
          source: "演示数据",
        });
      }
    }
  }
  return numberOrders(drafts);
}

function firstOfMonth(day: number): number {
  return day - civilOf(day).day + 1;
}

/** ERP-style ids, numbered per year in date order: SO-2025-000123. */
function numberOrders(drafts: Draft[]): OrderRow[] {
  const sorted = drafts
    .map((draft, index) => ({ draft, index }))
    .sort((a, b) => (a.draft.date < b.draft.date ? -1 : a.draft.date > b.draft.date ? 1 : a.index - b.index));
  const perYear = new Map<string, number>();
  return sorted.map(({ draft }) => {
    const year = draft.date.slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    return { orderId: `SO-${year}-${String(n).padStart(6, "0")}`, ...draft };
  });
}
