import { idRanks, indexAccounts } from "./account-index.ts";
import { type OwnerLoad, planVisitDays, type VisitState, visitStateOf } from "./cadence.ts";
import { dayOf, isoOf } from "./dates.ts";
import { collectEngagement } from "./engagement-stats.ts";
import { type HealthFacts, type HealthFlag, healthFromFacts } from "./health.ts";
import { collectOrderStats, type OrderRows } from "./order-stats.ts";
import type { Policy } from "./policy.ts";
import { scoreFactorsOf, scoreFromFactors } from "./score.ts";
import { classifyBySpend, type TierResult } from "./tiering.ts";
import type { Account, IsoDate, Order, Problem, SurveyAnswer, Tier, Visit } from "./types.ts";
import { checkAccount } from "./validate.ts";

export type NpsClass = "promoter" | "passive" | "detractor";

export type AccountResult = TierResult & {
  score: number;
  explanation: string;
  lastVisit?: IsoDate;
  cadenceDue: IsoDate;
  nextVisitDue: IsoDate;
  executiveDue?: IsoDate;
  visitState: VisitState;
  daysOverdue: number;
  risk: number;
  flags: HealthFlag[];
  lastCsat?: number;
  npsClass?: NpsClass;
};

export type BookSummary = {
  accounts: number;
  tiers: Record<Tier, number>;
  /** Accounts whose tier differs from `previous.tier`. */
  changes: number;
  /** All problems: on accounts and on the book. */
  problems: number;
};

export type Book = {
  /** One per distinct account id, in input order. */
  results: AccountResult[];
  /** Problems that belong to no known account (orders for unknown codes, a bad `now`). */
  problems: Problem[];
  summary: BookSummary;
};

export type BookInput = {
  accounts: readonly Account[];
  orders: readonly Order[];
  visits: readonly Visit[];
  surveys: readonly SurveyAnswer[];
  policy: Policy;
  now: IsoDate;
  /** Open complaints per account id. */
  openComplaints?: Readonly<Record<string, number>>;
  ownerLoad?: OwnerLoad;
};

/** A book whose orders may come as any `OrderRows` (e.g. columns), not only an array. */
export type BookRows = Omit<BookInput, "orders"> & { orders: OrderRows };

function npsClassOf(nps: number): NpsClass {
  return nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor";
}

/**
 * Tier, score, visit plan and health for every account. Orders are read once
 * into per-account arrays (see order-stats.ts); everything after works on
 * those arrays, so the cost is O(orders + accounts·log accounts).
 */
export function computeBook(input: BookRows): Book {
  const { policy } = input;
  const nowDay = dayOf(input.now);
  if (Number.isNaN(nowDay)) {
    const problem: Problem = {
      code: "now_invalid",
      message: `当前日期“${input.now}”无效 / now is not a valid yyyy-mm-dd date`,
    };
    return { results: [], problems: [problem], summary: emptySummary(1) };
  }
  const book = indexAccounts(input.accounts);
  const { accounts, position } = book;
  const n = accounts.length;
  const stats = collectOrderStats(input.orders, position, n, nowDay, policy);
  const engagement = collectEngagement(accounts, input.visits, input.surveys, position, nowDay);

  const idRank = idRanks(accounts);
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
    input.ownerLoad,
    idRank,
  );

  const bookProblems: Problem[] = [...stats.unassigned];
  const extra = new Map<number, Problem[]>(stats.problemsByAccount);
  const attach = (problem: Problem) => {
    const at = problem.accountId === undefined ? undefined : position.get(problem.accountId);
    if (at === undefined) return bookProblems.push(problem);
    const list = extra.get(at);
    if (list) list.push(problem);
    else extra.set(at, [problem]);
  };
  for (const problem of book.problems) attach(problem);
  for (const problem of engagement.problems) attach(problem);

  const summary = emptySummary(bookProblems.length);
  const results = new Array<AccountResult>(n);
  // One facts object reused for every account: healthFromFacts keeps nothing.
  const facts: HealthFacts = {
    last90Cents: 0,
    prev90Cents: 0,
    daysSinceLastOrder: 0,
    medianGapDays: 0,
    distinctOrderDays: 0,
    daysOverdue: 0,
    openComplaints: 0,
  };
  for (let i = 0; i < n; i++) {
    const account = accounts[i]!;
    const tier = tiers[i]!;
    const survey = engagement.latestSurvey[i];
    const daysPastDue = nowDay - plan.cadenceDue[i]!;
    const visitState = visitStateOf(daysPastDue, policy);
    const daysOverdue = Math.max(0, daysPastDue);
    facts.last90Cents = stats.last90Cents[i]!;
    facts.prev90Cents = stats.prev90Cents[i]!;
    facts.daysSinceLastOrder = nowDay - stats.lastOrderDay[i]!;
    facts.medianGapDays = stats.medianGapDays[i]!;
    facts.distinctOrderDays = stats.distinctOrderDays[i]!;
    facts.visitState = visitState;
    facts.daysOverdue = daysOverdue;
    facts.latestSurvey = survey;
    facts.openComplaints = Math.max(0, Math.floor(input.openComplaints?.[account.id] ?? 0)) || 0;
    const health = healthFromFacts(facts, policy);
    const problems = tier.problems;
    for (const problem of checkAccount(account, input)) problems.push(problem);
    for (const problem of extra.get(i) ?? []) problems.push(problem);
    const lastVisitDay = engagement.lastVisitDay[i]!;
    const executiveDue = plan.executiveDue[i]!;
    // Spelled out: spreading `tier` and adding fields is ~100× slower in V8 at this size.
    results[i] = {
      accountId: tier.accountId,
      spend: tier.spend,
      rankPct: tier.rankPct,
      rawTier: tier.rawTier,
      tier: tier.tier,
      belowBandPeriods: tier.belowBandPeriods,
      overridden: tier.overridden,
      reason: tier.reason,
      changed: tier.changed,
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
    summary.tiers[tier.tier]++;
    if (tier.changed) summary.changes++;
    summary.problems += problems.length;
  }
  summary.accounts = n;
  return { results, problems: bookProblems, summary };
}

function emptySummary(problems: number): BookSummary {
  return { accounts: 0, tiers: { A: 0, B: 0, C: 0 }, changes: 0, problems };
}
