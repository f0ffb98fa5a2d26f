import { indexAccounts } from "./account-index.ts";
import { dayOf } from "./dates.ts";
import { collectOrderStats, type OrderStats } from "./order-stats.ts";
import { percentiles } from "./percentile.ts";
import type { Policy } from "./policy.ts";
import type { Account, Order } from "./types.ts";

/** Raw factor values by account position; NaN = unknown. */
export type ScoreFactors = Record<FactorKey, Float64Array>;

type FactorKey = "spend" | "orders" | "margin" | "growth" | "potential" | "fit" | "years" | "activeMonths";
type Group = keyof Policy["weights"];

type Factor = {
  key: FactorKey;
  group: Group;
  /** Share of its group's weight. */
  share: number;
  /** Name used when the value is missing. */
  name: string;
  words: (value: number, pct: number, count: number, windowMonths: number) => string;
};

/** "Top x%" counts the account itself: the best of 40 is in the top 3% (2.5 rounded up). */
function topWords(label: string, pct: number, count: number): string {
  const m = Math.max(1, count);
  if (pct >= 0.5) return `${label}高(前${ceilPct((1 + (m - 1) * (1 - pct)) / m)}%)`;
  return `${label}偏低(后${ceilPct((1 + (m - 1) * pct) / m)}%)`;
}

// The epsilon keeps 0.05 from reading as 6% through float noise.
function ceilPct(share: number): number {
  return Math.max(1, Math.ceil(share * 100 - 1e-9));
}

function growthWords(g: number): string {
  if (g === Number.POSITIVE_INFINITY) return "新增采购";
  const p = Math.round(Math.abs(g) * 100);
  return g >= 0 ? `采购额增长${p}%` : `采购额下降${p}%`;
}

/**
 * Sub-factor shares within each weighted group (they sum to 1 per group, so
 * the score spans 0–100 whatever the policy weights are).
 */
const FACTORS: readonly Factor[] = [
  {
    key: "spend",
    group: "currentValue",
    share: 0.5,
    name: "采购额",
    words: (_, p, m) => topWords("采购额", p, m),
  },
  {
    key: "orders",
    group: "currentValue",
    share: 0.25,
    name: "下单次数",
    words: (v, _p, _m, w) => `近${w}个月下单${v}次`,
  },
  {
    key: "margin",
    group: "currentValue",
    share: 0.25,
    name: "毛利",
    words: (_, p, m) => topWords("毛利", p, m),
  },
  { key: "growth", group: "potential", share: 0.5, name: "采购趋势", words: (v) => growthWords(v) },
  { key: "potential", group: "potential", share: 0.5, name: "潜力评估", words: (v) => `潜力${v}/5` },
  { key: "fit", group: "strategicFit", share: 1, name: "战略匹配", words: (v) => `战略匹配${v}/5` },
  {
    key: "years",
    group: "stability",
    share: 0.5,
    name: "合作年限",
    words: (v) => (v < 1 ? "合作不足1年" : `合作稳定(${Math.floor(v)}年)`),
  },
  {
    key: "activeMonths",
    group: "stability",
    share: 0.5,
    name: "活跃月份",
    words: (v) => `近24个月有${v}个月采购`,
  },
];

function rating(value: unknown): number {
  return typeof value === "number" && value >= 1 && value <= 5 ? value : Number.NaN;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function scoreFactorsOf(
  accounts: readonly Account[],
  stats: OrderStats,
  nowDay: number,
): ScoreFactors {
  const n = accounts.length;
  const f = Object.fromEntries(FACTORS.map((x) => [x.key, new Float64Array(n)])) as ScoreFactors;
  for (let i = 0; i < n; i++) {
    const account = accounts[i]!;
    const recent = stats.recentHalfCents[i]!;
    const older = stats.olderHalfCents[i]!;
    const since = dayOf(account.since);
    f.spend[i] = stats.spendCents[i]!;
    f.orders[i] = stats.orderCount[i]!;
    f.margin[i] = stats.hasMargin[i] ? stats.marginCents[i]! : Number.NaN;
    f.growth[i] = older > 0 ? (recent - older) / older : recent > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
    f.potential[i] = rating(account.potential);
    f.fit[i] = rating(account.strategicFit);
    f.years[i] = since <= nowDay ? (nowDay - since) / 365.25 : Number.NaN;
    f.activeMonths[i] = bitCount(stats.monthsMask[i]!);
  }
  return f;
}

/**
 * Value score 0–100 = 100 × Σ groupWeight × share × percentile. The
 * explanation names the two largest contributions, plus a third when that
 * factor is in the upper half of the book, and lists missing factors.
 */
export function scoreFromFactors(
  factors: ScoreFactors,
  policy: Policy,
): { score: Float64Array; explanation: string[] } {
  const n = factors.spend.length;
  const pcts = FACTORS.map((x) => percentiles(factors[x.key]));
  const weights = FACTORS.map((x) => policy.weights[x.group] * x.share);
  const score = new Float64Array(n);
  const explanation = new Array<string>(n);
  const top = new Int32Array(3);
  const held = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    let total = 0;
    top.fill(-1);
    held.fill(-1);
    let missing = "";
    for (let k = 0; k < FACTORS.length; k++) {
      const c = weights[k]! * pcts[k]!.pct[i]!;
      total += c;
      if (pcts[k]!.missing[i]) {
        missing += (missing ? "、" : "") + FACTORS[k]!.name;
        continue;
      }
      if (weights[k] === 0) continue;
      // Keep the three largest contributions; earlier factors win ties.
      for (let slot = 0; slot < 3; slot++) {
        if (c > held[slot]!) {
          for (let j = 2; j > slot; j--) {
            top[j] = top[j - 1]!;
            held[j] = held[j - 1]!;
          }
          top[slot] = k;
          held[slot] = c;
          break;
        }
      }
    }
    score[i] = Math.round(total * 1000) / 10;
    let words = "";
    for (let slot = 0; slot < 3; slot++) {
      const k = top[slot]!;
      if (k === -1 || (slot === 2 && pcts[k]!.pct[i]! < 0.5)) break;
      const factor = FACTORS[k]!;
      words +=
        (words ? "、" : "") +
        factor.words(factors[factor.key][i]!, pcts[k]!.pct[i]!, pcts[k]!.count, policy.tier.windowMonths);
    }
    explanation[i] = words + (missing ? `；${missing}缺失，按中位数计` : "");
  }
  return { score, explanation };
}

export type ScoreResult = { accountId: string; score: number; explanation: string };

/** Scores for a book; one result per distinct account id, in input order. */
export function scoreBook(input: {
  accounts: readonly Account[];
  orders: readonly Order[];
  policy: Policy;
  now: string;
}): ScoreResult[] {
  const nowDay = dayOf(input.now);
  const book = indexAccounts(input.accounts);
  const stats = collectOrderStats(input.orders, book.position, book.accounts.length, nowDay, input.policy);
  const { score, explanation } = scoreFromFactors(scoreFactorsOf(book.accounts, stats, nowDay), input.policy);
  return book.accounts.map((a, i) => ({ accountId: a.id, score: score[i]!, explanation: explanation[i]! }));
}
