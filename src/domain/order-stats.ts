import { addMonthsToDay, dayOf, monthIndexOf, monthIndexOfIso } from "./dates.ts";
import type { Policy } from "./policy.ts";
import type { Order, Problem } from "./types.ts";
import { marginIsBroken, orderProblem, orderValueDefect } from "./validate.ts";

/**
 * Per-account order figures, struct-of-arrays by account position. Money is
 * summed in integer cents so totals (and so rankings) do not depend on the
 * order the rows arrive in.
 */
export type OrderStats = {
  /** Trailing window (windowStart, now]. */
  spendCents: Float64Array;
  /** Orders in the window. */
  orderCount: Float64Array;
  /** Margin in the window, from the orders that carry one; hasMargin = 0 when none did. */
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

/**
 * Orders one by one: an array, or any source that hands out the order at an index (the sync job keeps
 * a million orders as columns and makes each order object only when it is read here).
 */
export type OrderRows = { readonly length: number; at(index: number): Order | undefined };

export function windowStartDay(nowDay: number, policy: Policy): number {
  return addMonthsToDay(nowDay, -policy.tier.windowMonths);
}

export function collectOrderStats(
  orders: OrderRows,
  position: ReadonlyMap<string, number>,
  accountCount: number,
  nowDay: number,
  policy: Policy,
): OrderStats {
  const collector = createOrderStatsCollector(position, accountCount, nowDay, policy);
  for (let i = 0; i < orders.length; i++) collector.add(orders.at(i) as Order);
  return collector.finish();
}

/** Folds orders one at a time into per-account figures: a reader can hand each over and keep none. */
export type OrderStatsCollector = { add(order: Order): void; finish(): OrderStats };

export function createOrderStatsCollector(
  position: ReadonlyMap<string, number>,
  accountCount: number,
  nowDay: number,
  policy: Policy,
): OrderStatsCollector {
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

  // Orders arrive in no useful order, so each one lands on a random account:
  // its running sums sit side by side in one 64-byte row, not in ten separate
  // arrays (one cache miss per order instead of ten), and are copied out into
  // `s` afterwards.
  const row = new Float64Array(n * STRIDE);
  for (let at = 0; at < n; at++) {
    row[at * STRIDE + MARGIN] = Number.NaN;
    row[at * STRIDE + LAST_DAY] = Number.NaN;
  }
  // (account, day) of every counted order, for the second, per-account pass (window counts, median
  // gaps): 8 bytes an order, where the orders themselves would be a hundred.
  const pairs = createPairs();

  function add(order: Order): void {
    const at = position.get(order.accountId);
    if (at === undefined) {
      s.unassigned.push(orderProblem(order, "order_account_unknown"));
      return;
    }
    const day = dayOf(order.date);
    const defect = orderValueDefect(order, day, nowDay);
    if (defect) {
      report(at, orderProblem(order, defect));
      return;
    }
    const cents = Math.round(order.amount * 100);
    const r = at * STRIDE;
    pairs.push(at, day);
    row[r + ALL_ORDERS]!++;
    if (!(row[r + LAST_DAY]! >= day)) row[r + LAST_DAY] = day;
    const marginKnown = order.margin !== undefined && !marginIsBroken(order);
    if (order.margin !== undefined && !marginKnown) report(at, orderProblem(order, "margin_invalid"));
    if (day > windowStart) {
      row[r + SPEND]! += cents;
      if (day > halfStart) row[r + RECENT]! += cents;
      if (marginKnown) row[r + MARGIN] = (row[r + MARGIN]! || 0) + Math.round((order.margin as number) * 100);
    }
    if (day > nowDay - 90) row[r + LAST90]! += cents;
    else if (day > nowDay - 180) row[r + PREV90]! += cents;
    const monthsAgo = nowMonth - monthIndexOfIso(order.date);
    if (monthsAgo < 24) row[r + MONTHS] = row[r + MONTHS]! | (1 << monthsAgo);
  }

  function finish(): OrderStats {
    const perAccount = new Int32Array(n + 1);
    for (let at = 0; at < n; at++) {
      const r = at * STRIDE;
      perAccount[at + 1] = row[r + ALL_ORDERS]!;
      s.spendCents[at] = row[r + SPEND]!;
      s.recentHalfCents[at] = row[r + RECENT]!;
      s.olderHalfCents[at] = row[r + SPEND]! - row[r + RECENT]!;
      s.hasMargin[at] = Number.isNaN(row[r + MARGIN]!) ? 0 : 1;
      s.marginCents[at] = row[r + MARGIN]! || 0;
      s.last90Cents[at] = row[r + LAST90]!;
      s.prev90Cents[at] = row[r + PREV90]!;
      s.monthsMask[at] = row[r + MONTHS]!;
      s.lastOrderDay[at] = row[r + LAST_DAY]!;
    }
    fillPerAccountDays(s, pairs.accounts(), pairs.days(), perAccount, windowStart);
    return s;
  }

  return { add, finish };
}

/** Two growable Int32 columns (doubling, like an array, but 4 bytes a slot). */
function createPairs() {
  let accounts = new Int32Array(1024);
  let days = new Int32Array(1024);
  let length = 0;
  return {
    push(account: number, day: number) {
      if (length === accounts.length) {
        const grown = (a: Int32Array) => {
          const next = new Int32Array(a.length * 2);
          next.set(a);
          return next;
        };
        accounts = grown(accounts);
        days = grown(days);
      }
      accounts[length] = account;
      days[length++] = day;
    },
    accounts: () => accounts.subarray(0, length),
    days: () => days.subarray(0, length),
  };
}

const STRIDE = 8;
const [SPEND, ALL_ORDERS, MARGIN, RECENT, LAST90, PREV90, MONTHS, LAST_DAY] = [
  0, 1, 2, 3, 4, 5, 6, 7,
] as const;

/**
 * Groups order days by account (counting sort), then per account: orders in
 * the window and the median gap between distinct order days.
 */
function fillPerAccountDays(
  s: OrderStats,
  orderAccount: Int32Array,
  orderDay: Int32Array,
  perAccount: Int32Array,
  windowStart: number,
) {
  const n = s.medianGapDays.length;
  for (let a = 0; a < n; a++) perAccount[a + 1]! += perAccount[a]!;
  const cursor = perAccount.slice(0, n);
  const days = new Int32Array(perAccount[n]!);
  for (let i = 0; i < orderAccount.length; i++) {
    const at = orderAccount[i]!;
    days[cursor[at]!++] = orderDay[i]!;
  }
  const gaps = new Int32Array(days.length);
  for (let a = 0; a < n; a++) {
    const from = perAccount[a]!;
    const to = perAccount[a + 1]!;
    if (to - from === 0) continue;
    sortRange(days, from, to);
    let inWindow = 0;
    while (inWindow < to - from && days[to - 1 - inWindow]! > windowStart) inWindow++;
    s.orderCount[a] = inWindow;
    let distinct = 1;
    let g = 0;
    for (let k = from + 1; k < to; k++) {
      if (days[k] !== days[k - 1]) {
        gaps[g++] = days[k]! - days[k - 1]!;
        distinct++;
      }
    }
    s.distinctOrderDays[a] = distinct;
    if (g === 0) continue;
    sortRange(gaps, 0, g);
    s.medianGapDays[a] = g % 2 === 1 ? gaps[(g - 1) / 2]! : (gaps[g / 2 - 1]! + gaps[g / 2]!) / 2;
  }
}

/** Sorts a slice in place; most accounts have a few dozen orders, where insertion sort beats allocating a view. */
function sortRange(a: Int32Array, from: number, to: number): void {
  if (to - from > 48) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
