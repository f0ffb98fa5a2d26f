import { idRanks, indexAccounts } from "../../domain/account-index.ts";
import { planVisitDays, visitStateOf } from "../../domain/cadence.ts";
import { dayOf, isoOf } from "../../domain/dates.ts";
import { collectEngagement, type EngagementStats } from "../../domain/engagement-stats.ts";
import type { AccountResult, BookRows, NpsClass } from "../../domain/engine.ts";
import { healthFromFacts } from "../../domain/health.ts";
import { collectOrderStats, type OrderRows, type OrderStats } from "../../domain/order-stats.ts";
import type { Policy } from "../../domain/policy.ts";
import { scoreFactorsOf, scoreFromFactors } from "../../domain/score.ts";
import { classifyBySpend } from "../../domain/tiering.ts";
import type { Account, IsoDate, Problem, SurveyAnswer, Visit } from "../../domain/types.ts";
import { checkAccount } from "../../domain/validate.ts";

/**
 * The incremental path's memory of the last full computation: per-account order and engagement
 * figures (struct-of-arrays, a few numbers per account; no orders). An edit re-reads only the touched
 * accounts' rows, overwrites their figures here, and reruns the book-wide steps — ranking, score
 * percentiles, visit spreading — over all accounts, which takes milliseconds to a few hundred for
 * 100,000 accounts. The touched accounts' results are then exactly what a full sync would give them.
 * The untouched accounts may shift too (a place in the ranking, a percentile, a manager's visit day);
 * they are not written until the next full sync: that is the trade-off for not reading every order.
 */
export type FrozenBook = {
  day: IsoDate;
  nowDay: number;
  policy: Policy;
  accounts: Account[];
  position: Map<string, number>;
  idRank: Int32Array;
  stats: OrderStats;
  engagement: EngagementStats;
  /** Problems from rows other than orders (duplicates, visits, answers), by position. */
  extra: Map<number, Problem[]>;
};

export type AccountActivity = {
  accounts: readonly Account[];
  orders: OrderRows;
  visits: readonly Visit[];
  surveys: readonly SurveyAnswer[];
};

function figuresOf(input: AccountActivity, nowDay: number, policy: Policy) {
  const book = indexAccounts(input.accounts);
  const n = book.accounts.length;
  const stats = collectOrderStats(input.orders, book.position, n, nowDay, policy);
  const engagement = collectEngagement(book.accounts, input.visits, input.surveys, book.position, nowDay);
  const extra = new Map<number, Problem[]>();
  for (const p of [...book.problems, ...engagement.problems]) {
    const at = p.accountId === undefined ? undefined : book.position.get(p.accountId);
    if (at !== undefined) extra.set(at, [...(extra.get(at) ?? []), p]);
  }
  return { book, stats, engagement, extra };
}

export function freezeBook(input: BookRows): FrozenBook {
  const nowDay = dayOf(input.now);
  const { book, stats, engagement, extra } = figuresOf(input, nowDay, input.policy);
  return {
    day: input.now,
    nowDay,
    policy: input.policy,
    accounts: book.accounts,
    position: book.position,
    idRank: idRanks(book.accounts),
    stats,
    engagement,
    extra,
  };
}

/** Copies slot `from` of every per-account array in `src` into slot `to` of the same array in `dst`. */
function copySlot(dst: object, src: object, from: number, to: number): void {
  for (const [key, value] of Object.entries(src)) {
    const target = (dst as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value) || (Array.isArray(value) && key !== "problems" && key !== "unassigned")) {
      (target as unknown[])[to] = (value as unknown as unknown[])[from];
    }
  }
}

/**
 * Replaces the figures of the accounts in `touched` (every one of them must already be in the book).
 * Returns their positions, or undefined when one is new to the book: a full sync is needed then.
 */
export function patchBook(frozen: FrozenBook, touched: AccountActivity): number[] | undefined {
  const { book, stats, engagement, extra } = figuresOf(touched, frozen.nowDay, frozen.policy);
  const positions: number[] = [];
  for (const account of book.accounts) {
    const at = frozen.position.get(account.id);
    if (at === undefined) return undefined;
    positions.push(at);
  }
  for (const [j, at] of positions.entries()) {
    frozen.accounts[at] = book.accounts[j]!;
    copySlot(frozen.stats, stats, j, at);
    copySlot(frozen.engagement, engagement, j, at);
    const orderProblems = stats.problemsByAccount.get(j);
    if (orderProblems) frozen.stats.problemsByAccount.set(at, orderProblems);
    else frozen.stats.problemsByAccount.delete(at);
    const other = extra.get(j);
    if (other) frozen.extra.set(at, other);
    else frozen.extra.delete(at);
  }
  return positions;
}

function npsClassOf(nps: number): NpsClass {
  return nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor";
}

/**
 * Results for some positions, with every book-wide step run over the whole book. Mirrors the
 * assembly in domain/engine.ts computeBook; tests/jobs/sync-incremental.test.ts holds the two equal.
 */
export function resultsAt(frozen: FrozenBook, positions: readonly number[]): AccountResult[] {
  const { accounts, stats, engagement, policy, nowDay, idRank } = frozen;
  const tiers = classifyBySpend(accounts, stats.spendCents, policy, nowDay, idRank);
  const { score, explanation } = scoreFromFactors(scoreFactorsOf(accounts, stats, nowDay), policy);
  const plan = planVisitDays(
    {
      ids: accounts.map((a) => a.id),
      tiers: tiers.map((t) => t.tier),
      owners: accounts.map((a) => a.ownerId),
      sinceDay: Float64Array.from(accounts, (a) => dayOf(a.since)),
      lastVisitDay: engagement.lastVisitDay,
      lastExecutiveDay: engagement.lastExecutiveDay,
    },
    policy,
    nowDay,
    undefined,
    idRank,
  );
  return positions.map((i) => {
    const account = accounts[i]!;
    const tier = tiers[i]!;
    const survey = engagement.latestSurvey[i];
    const daysPastDue = nowDay - plan.cadenceDue[i]!;
    const visitState = visitStateOf(daysPastDue, policy);
    const daysOverdue = Math.max(0, daysPastDue);
    const health = healthFromFacts(
      {
        last90Cents: stats.last90Cents[i]!,
        prev90Cents: stats.prev90Cents[i]!,
        daysSinceLastOrder: nowDay - stats.lastOrderDay[i]!,
        medianGapDays: stats.medianGapDays[i]!,
        distinctOrderDays: stats.distinctOrderDays[i]!,
        visitState,
        daysOverdue,
        latestSurvey: survey,
        openComplaints: 0,
      },
      policy,
    );
    const problems = [
      ...tier.problems,
      ...checkAccount(account, { now: frozen.day }),
      ...(stats.problemsByAccount.get(i) ?? []),
      ...(frozen.extra.get(i) ?? []),
    ];
    const lastVisitDay = engagement.lastVisitDay[i]!;
    const executiveDue = plan.executiveDue[i]!;
    return {
      ...tier,
      problems,
      score: score[i]!,
      explanation: explanation[i]!,
      lastVisit: Number.isNaN(lastVisitDay) ? undefined : isoOf(lastVisitDay),
      cadenceDue: isoOf(plan.cadenceDue[i]!),
      nextVisitDue: isoOf(plan.nextVisitDue[i]!),
      executiveDue: Number.isNaN(executiveDue) ? undefined : isoOf(executiveDue),
      visitState,
      daysOverdue,
      risk: health.risk,
      flags: health.flags,
      lastCsat: survey?.overall,
      npsClass: survey ? npsClassOf(survey.nps) : undefined,
    };
  });
}
