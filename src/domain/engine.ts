import { idRanks, indexAccounts } from "./account-index.ts";
import {
  holdInForce,
  type OwnerLoad,
  type PlanRows,
  planVisitDays,
  type VisitState,
  visitStateOf,
} from "./cadence.ts";
import { dayOf, isoOf } from "./dates.ts";
import { createEngagementCollector, type EngagementStats } from "./engagement-stats.ts";
import { type HealthFacts, type HealthFlag, healthFromFacts } from "./health.ts";
import { createOrderStatsCollector, type OrderRows, type OrderStats } from "./order-stats.ts";
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
 * What the book-wide steps need, folded from the rows: per-account figures (struct-of-arrays, a few
 * numbers per account) and the problems found on the way — no orders, visits or answers. The sync
 * folds rows in as it reads them; the incremental path keeps these between syncs.
 */
export type BookFigures = {
  now: IsoDate;
  nowDay: number;
  policy: Policy;
  accounts: Account[];
  position: Map<string, number>;
  idRank: Int32Array;
  stats: OrderStats;
  engagement: EngagementStats;
  /** Problems from rows other than orders (duplicate accounts, visits, answers), by position. */
  extra: Map<number, Problem[]>;
  /** Problems that belong to no known account (orders for unknown codes). */
  bookProblems: Problem[];
  openComplaints?: Readonly<Record<string, number>>;
  ownerLoad?: OwnerLoad;
};

/** Takes rows one at a time; `finish` once every row is in. */
export type BookFolder = {
  addOrder(order: Order): void;
  addVisit(visit: Visit): void;
  addSurvey(survey: SurveyAnswer): void;
  finish(): BookFigures;
};

export type BookSetup = Pick<BookInput, "accounts" | "policy" | "now" | "openComplaints" | "ownerLoad">;

/** `now` must be a valid day (computeBook checks it). */
export function foldBook(setup: BookSetup): BookFolder {
  const nowDay = dayOf(setup.now);
  const book = indexAccounts(setup.accounts);
  const n = book.accounts.length;
  const orders = createOrderStatsCollector(book.position, n, nowDay, setup.policy);
  const engagement = createEngagementCollector(book.accounts, book.position, nowDay);
  return {
    addOrder: orders.add,
    addVisit: engagement.addVisit,
    addSurvey: engagement.addSurvey,
    finish() {
      const stats = orders.finish();
      const figures: BookFigures = {
        now: setup.now,
        nowDay,
        policy: setup.policy,
        accounts: book.accounts,
        position: book.position,
        idRank: idRanks(book.accounts),
        stats,
        engagement: engagement.finish(),
        extra: new Map(),
        bookProblems: [...stats.unassigned],
        openComplaints: setup.openComplaints,
        ownerLoad: setup.ownerLoad,
      };
      for (const problem of [...book.problems, ...figures.engagement.problems]) attach(figures, problem);
      return figures;
    },
  };
}

function attach(figures: BookFigures, problem: Problem): void {
  const at = problem.accountId === undefined ? undefined : figures.position.get(problem.accountId);
  if (at === undefined) {
    figures.bookProblems.push(problem);
    return;
  }
  const list = figures.extra.get(at);
  if (list) list.push(problem);
  else figures.extra.set(at, [problem]);
}

export function bookFigures(input: BookRows): BookFigures {
  const folder = foldBook(input);
  for (let i = 0; i < input.orders.length; i++) folder.addOrder(input.orders.at(i) as Order);
  for (const visit of input.visits) folder.addVisit(visit);
  for (const survey of input.surveys) folder.addSurvey(survey);
  return folder.finish();
}

/** What the cadence needs per position, holds included. */
function planRowsOf(figures: BookFigures, tiers: readonly TierResult[]): PlanRows {
  const { accounts, engagement } = figures;
  return {
    ids: accounts.map((a) => a.id),
    tiers: tiers.map((t) => t.tier),
    owners: accounts.map((a) => a.ownerId),
    sinceDay: Float64Array.from(accounts, (a) => dayOf(a.since)),
    lastVisitDay: engagement.lastVisitDay,
    lastExecutiveDay: engagement.lastExecutiveDay,
    holds: accounts.map((a) => a.visitHold),
  };
}

/**
 * Results for the accounts at `positions` (all, in position order, when omitted), one at a time, with
 * every book-wide step (ranking, score percentiles, visit spreading) run over the whole book first. A
 * caller that folds each result into what it needs never holds them all.
 */
export function* resultsOf(figures: BookFigures, positions?: Iterable<number>): Generator<AccountResult> {
  const { accounts, stats, engagement, policy, nowDay, idRank } = figures;
  const tiers = classifyBySpend(accounts, stats.spendCents, policy, nowDay, idRank);
  const { score, explanation } = scoreFromFactors(scoreFactorsOf(accounts, stats, nowDay), policy);
  const plan = planVisitDays(planRowsOf(figures, tiers), policy, nowDay, figures.ownerLoad, idRank);
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
  const context = { now: figures.now };
  for (const i of positions ?? accounts.keys()) {
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
    facts.openComplaints = Math.max(0, Math.floor(figures.openComplaints?.[account.id] ?? 0)) || 0;
    const health = healthFromFacts(facts, policy);
    const hold = account.visitHold;
    if (hold?.kind === "followup" && holdInForce(hold, engagement.lastVisitDay[i]!))
      health.flags.push({ code: "follow_up", text: `已安排跟进：${hold.due} 前回访`, points: 0 });
    const problems = tier.problems;
    for (const problem of checkAccount(account, context)) problems.push(problem);
    for (const problem of stats.problemsByAccount.get(i) ?? []) problems.push(problem);
    for (const problem of figures.extra.get(i) ?? []) problems.push(problem);
    const lastVisitDay = engagement.lastVisitDay[i]!;
    const executiveDue = plan.executiveDue[i]!;
    // Spelled out: spreading `tier` and adding fields is ~100× slower in V8 at this size.
    yield {
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
  }
}

/**
 * Tier, score, visit plan and health for every account. Rows are folded once into per-account
 * figures (see order-stats.ts); everything after works on those, so the cost is
 * O(orders + accounts·log accounts).
 */
export function computeBook(input: BookRows): Book {
  if (Number.isNaN(dayOf(input.now))) {
    const problem: Problem = {
      code: "now_invalid",
      message: `当前日期“${input.now}”无效 / now is not a valid yyyy-mm-dd date`,
    };
    return { results: [], problems: [problem], summary: emptySummary(1) };
  }
  const figures = bookFigures(input);
  const summary = emptySummary(figures.bookProblems.length);
  const results: AccountResult[] = [];
  for (const result of resultsOf(figures)) {
    results.push(result);
    summary.tiers[result.tier]++;
    if (result.changed) summary.changes++;
    summary.problems += result.problems.length;
  }
  summary.accounts = results.length;
  return { results, problems: figures.bookProblems, summary };
}

function emptySummary(problems: number): BookSummary {
  return { accounts: 0, tiers: { A: 0, B: 0, C: 0 }, changes: 0, problems };
}
