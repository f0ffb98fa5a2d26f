import { addMonthsToDay, dayOf, monthIndexOf, monthIndexOfIso } from "./dates.ts";
import type { Policy } from "./policy.ts";
import type { Account, Order, Problem } from "./types.ts";
import { marginIsBroken, orderProblem, orderValueDefect } from "./validate.ts";

/** Accounts by position; a repeated id keeps its first row and is reported. */
export type AccountIndex = {
  accounts: Account[];
  position: Map<string, number>;
  problems: Problem[];
};

/** Each position's place when accounts are sorted by id: the deterministic tie-break everywhere. */
export function idRanks(rows: readonly { id: string }[]): Int32Array {
  const ids = rows.map((r) => r.id);
  const byId = Array.from({ length: ids.length }, (_, i) => i);
  byId.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  for (let r = 0; r < byId.length; r++) rank[byId[r]!] = r;
  return rank;
}

export function indexAccounts(accounts: readonly Account[]): AccountIndex {
  const unique: Account[] = [];
  const position = new Map<string, number>();
  const problems: Problem[] = [];
  for (const account of accounts) {
    if (position.has(account.id)) {
      problems.push({
        accountId: account.id,
        rowId: account.recordId,
        table: "accounts",
        field: "code",
        code: "account_duplicate",
        message: `客户编号 ${account.id} 重复，只使用第一行 / duplicate account code ${account.id}, first row used`,
      });
      continue;
    }
    position.set(account.id, unique.length);
    unique.push(account);
  }
  return { accounts: unique, position, problems };
}

/**
 * Per-account order figures, struct-of-arrays by account position. Money is
 * summed in integer cents so totals (and so rankings) do not depend on the
 * order the rows arrive in.
 */
export type OrderStats = {
  /** Trailing window (windowStart, now]. */
  spendCents: Float64Array;
  orderCount: Float64Array;
  marginCents: Float64Array;
  hasMargin: Uint8Array;
  /** Last half of the window, and the half before it. */
  recentHalfCents: Float64Array;
  olderHalfCents: Float64Array;
  /** Days (now-90, now] and (now-180, now-90]. */
  last90Cents: Float64Array;
  prev90Cents: Float64Array;
  /** Bit k set = an order in the calendar month k months before now's month (k < 24). */
  monthsMask: Uint32Array;
  /** NaN when the account has no valid order up to now. */
  lastOrderDay: Float64Array;
  /** Median gap between distinct order days over all history; NaN with fewer than two. */
  medianGapDays: Float64Array;
  distinctOrderDays: Float64Array;
  problemsByAccount: Map<number, Problem[]>;
  /** Orders that name no known account. */
  unassigned: Problem[];
};

export function windowStartDay(nowDay: number, policy: Policy): number {
  return addMonthsToDay(nowDay, -policy.tier.windowMonths);
}

export function collectOrderStats(
  orders: readonly Order[],
  position: ReadonlyMap<string, number>,
  accountCount: number,
  nowDay: number,
  policy: Policy,
): OrderStats {
  const n = accountCount;
  const s: OrderStats = {
    spendCents: new Float64Array(n),
    orderCount: new Float64Array(n),
    marginCents: new Float64Array(n),
    hasMargin: new Uint8Array(n),
    recentHalfCents: new Float64Array(n),
    olderHalfCents: new Float64Array(n),
    last90Cents: new Float64Array(n),
    prev90Cents: new Float64Array(n),
    monthsMask: new Uint32Array(n),
    lastOrderDay: new Float64Array(n).fill(Number.NaN),
    medianGapDays: new Float64Array(n).fill(Number.NaN),
    distinctOrderDays: new Float64Array(n),
    problemsByAccount: new Map(),
    unassigned: [],
  };
  const windowStart = windowStartDay(nowDay, policy);
  const halfStart = addMonthsToDay(nowDay, -Math.floor(policy.tier.windowMonths / 2));
  const nowMonth = monthIndexOf(nowDay);
  const report = (at: number, problem: Problem) => {
    const list = s.problemsByAccount.get(at);
    if (list) list.push(problem);
    else s.problemsByAccount.set(at, [problem]);
  };

  // Kept for the second, per-account pass (median gaps) without re-reading orders.
  const orderAccount = new Int32Array(orders.length).fill(-1);
  const orderDay = new Int32Array(orders.length);
  const perAccount = new Int32Array(n + 1);

  for (let i = 0; i < orders.length; i++) {
    const order = orders[i] as Order;
    const at = position.get(order.accountId);
    if (at === undefined) {
      s.unassigned.push(orderProblem(order, "order_account_unknown"));
      continue;
    }
    const day = dayOf(order.date);
    const defect = orderValueDefect(order, day, nowDay);
    if (defect) {
      report(at, orderProblem(order, defect));
      continue;
    }
    const cents = Math.round(order.amount * 100);
    orderAccount[i] = at;
    orderDay[i] = day;
    perAccount[at + 1]!++;
    if (!(s.lastOrderDay[at]! >= day)) s.lastOrderDay[at] = day;
    if (day > windowStart) {
      s.spendCents[at]! += cents;
      s.orderCount[at]!++;
      if (day > halfStart) s.recentHalfCents[at]! += cents;
      else s.olderHalfCents[at]! += cents;
      if (order.margin !== undefined) {
        if (marginIsBroken(order)) report(at, orderProblem(order, "margin_invalid"));
        else {
          s.marginCents[at]! += Math.round((order.margin as number) * 100);
          s.hasMargin[at] = 1;
        }
      }
    }
    if (day > nowDay - 90) s.last90Cents[at]! += cents;
    else if (day > nowDay - 180) s.prev90Cents[at]! += cents;
    const monthsAgo = nowMonth - monthIndexOfIso(order.date);
    if (monthsAgo < 24) s.monthsMask[at]! |= 1 << monthsAgo;
  }
  fillMedianGaps(s, orderAccount, orderDay, perAccount);
  return s;
}

/** Groups order days by account (counting sort), then takes each account's median gap. */
function fillMedianGaps(
  s: OrderStats,
  orderAccount: Int32Array,
  orderDay: Int32Array,
  perAccount: Int32Array,
) {
  const n = s.medianGapDays.length;
  for (let a = 0; a < n; a++) perAccount[a + 1]! += perAccount[a]!;
  const cursor = perAccount.slice(0, n);
  const days = new Int32Array(perAccount[n]!);
  for (let i = 0; i < orderAccount.length; i++) {
    const at = orderAccount[i]!;
    if (at >= 0) days[cursor[at]!++] = orderDay[i]!;
  }
  const gaps = new Int32Array(days.length);
  for (let a = 0; a < n; a++) {
    const from = perAccount[a]!;
    const to = perAccount[a + 1]!;
    if (to - from === 0) continue;
    const mine = days.subarray(from, to).sort();
    let distinct = 1;
    let g = 0;
    for (let k = 1; k < mine.length; k++) {
      if (mine[k] !== mine[k - 1]) {
        gaps[g++] = mine[k]! - mine[k - 1]!;
        distinct++;
      }
    }
    s.distinctOrderDays[a] = distinct;
    if (g === 0) continue;
    const sorted = gaps.subarray(0, g).sort();
    s.medianGapDays[a] = g % 2 === 1 ? sorted[(g - 1) / 2]! : (sorted[g / 2 - 1]! + sorted[g / 2]!) / 2;
  }
}
