import { idRanks, indexAccounts } from "./account-index.ts";
import { dayOf } from "./dates.ts";
import { collectOrderStats } from "./order-stats.ts";
import { bandEdge, type Policy } from "./policy.ts";
import { activeOverride } from "./tier-override.ts";
import { type ReasonMemo, type Standing, type TierMove, tierReasonMemo } from "./tier-reasons.ts";
import { type Account, type Order, type Problem, TIERS, type Tier } from "./types.ts";

export type TierResult = {
  accountId: string;
  /** Spend in the trailing window (windowStart, now], in currency units. */
  spend: number;
  /** Place in the book as a share, 0 = top; ties in spend are broken by account id. */
  rankPct: number;
  /** Tier by the numbers alone. */
  rawTier: Tier;
  /** Tier after hysteresis and override. */
  tier: Tier;
  /** Consecutive classifications below the band of `tier`; store it in `account.previous`. */
  belowBandPeriods: number;
  overridden: boolean;
  reason: string;
  /** `tier` differs from `account.previous.tier` (a first classification counts as a change). */
  changed: boolean;
  problems: Problem[];
};

const ORDINAL: Record<Tier, number> = { A: 0, B: 1, C: 2 };

function isTier(value: unknown): value is Tier {
  return TIERS.includes(value as Tier);
}

/**
 * Places every account in the book by window spend (descending, then id).
 * Rank method: A = the first round(N·bandA) places, B = up to round(N·(bandA+bandB)),
 * so each tier's size is within one of its band. Cumulative method: A while the
 * spend above an account is below bandA of the total (the account that crosses
 * the line is still A), likewise B. Zero spend is always C.
 */
export function classifyBySpend(
  accounts: readonly Account[],
  spendCents: Float64Array,
  policy: Policy,
  nowDay: number,
  idRank: Int32Array = idRanks(accounts),
): TierResult[] {
  const n = accounts.length;
  const places = Array.from({ length: n }, (_, i) => i);
  places.sort((a, b) => spendCents[b]! - spendCents[a]! || idRank[a]! - idRank[b]!);

  const { method, bands, windowMonths } = policy.tier;
  const cutA = Math.round(n * bands.rank.A);
  const cutB = Math.round(n * (bands.rank.A + bands.rank.B));
  let total = 0;
  for (let i = 0; i < n; i++) total += spendCents[i]!;

  const results = new Array<TierResult>(n);
  const memo: ReasonMemo = new Map();
  let above = 0;
  for (let place = 0; place < n; place++) {
    const at = places[place]!;
    const spend = spendCents[at]!;
    const share = total > 0 ? above / total : 1;
    let raw: Tier = "C";
    if (spend > 0) {
      if (method === "rank") raw = place < cutA ? "A" : place < cutB ? "B" : "C";
      else raw = share < bands.cumulative.A ? "A" : share < bands.cumulative.B ? "B" : "C";
    }
    above += spend;
    const rankPct = place / n;
    const standing: Standing = {
      windowMonths,
      method,
      spendCents: spend,
      place: place + 1,
      bookSize: n,
      cumulativeShare: total > 0 ? above / total : 0,
    };
    const position = method === "rank" ? rankPct : share;
    results[at] = settleTier(accounts[at]!, raw, position, standing, policy, nowDay, rankPct, memo);
  }
  return results;
}

function settleTier(
  account: Account,
  raw: Tier,
  position: number,
  standing: Standing,
  policy: Policy,
  nowDay: number,
  rankPct: number,
  memo: ReasonMemo,
): TierResult {
  const problems: Problem[] = [];
  const previous = isTier(account.previous?.tier) ? account.previous.tier : undefined;
  const pin = activeOverride(account, nowDay, problems);
  let tier: Tier = raw;
  let belowBandPeriods = 0;
  let move: TierMove;
  if (pin) {
    tier = pin.tier;
    move = { kind: "pinned", tier, why: String(pin.reason ?? "").trim() };
  } else if (!previous) {
    move = { kind: "new", raw };
  } else if (ORDINAL[raw] <= ORDINAL[previous]) {
    move = { kind: raw === previous ? "same" : "up", raw };
  } else {
    const periods = Math.max(0, Math.floor(account.previous?.belowBandPeriods ?? 0)) + 1;
    const overshoot = position - bandEdge(policy, previous as "A" | "B");
    const { downgradePeriods, marginPct } = policy.hysteresis;
    // A year without a single order is not a dip: no grace period.
    if (standing.spendCents <= 0) move = { kind: "lapsed", previous, raw };
    else if (overshoot > marginPct) move = { kind: "downMargin", previous, raw, marginPct };
    else if (periods >= downgradePeriods) move = { kind: "down", previous, raw, periods };
    else {
      tier = previous;
      belowBandPeriods = periods;
      move = { kind: "hold", previous, periods };
    }
  }
  return {
    accountId: account.id,
    spend: standing.spendCents / 100,
    rankPct,
    rawTier: raw,
    tier,
    belowBandPeriods,
    overridden: pin !== undefined,
    reason: tierReasonMemo(move, standing, memo),
    changed: tier !== previous,
    problems,
  };
}

/**
 * Tiers for a book; one result per distinct account id, in input order.
 * Window: the `windowMonths` calendar months ending today, i.e. orders dated
 * after the same day `windowMonths` months earlier, up to and including
 * `now` (now 2026-11-25 → 2025-11-26 … 2026-11-25; a month-end that does not
 * exist clamps: 2024-02-29 − 12 months = 2023-02-28).
 */
export function classify(input: {
  accounts: readonly Account[];
  orders: readonly Order[];
  policy: Policy;
  now: string;
}): TierResult[] {
  const nowDay = dayOf(input.now);
  const book = indexAccounts(input.accounts);
  const stats = collectOrderStats(input.orders, book.position, book.accounts.length, nowDay, input.policy);
  const results = classifyBySpend(book.accounts, stats.spendCents, input.policy, nowDay);
  for (const [at, problems] of stats.problemsByAccount) results[at]!.problems.push(...problems);
  for (const problem of book.problems)
    results[book.position.get(problem.accountId!)!]!.problems.push(problem);
  return results;
}
