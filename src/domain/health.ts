import type { VisitPlan, VisitState } from "./cadence.ts";
import { dayOf } from "./dates.ts";
import { collectEngagement } from "./engagement-stats.ts";
import { collectOrderStats } from "./order-stats.ts";
import type { Policy } from "./policy.ts";
import type { Account, IsoDate, Order, SurveyAnswer } from "./types.ts";

export type HealthFlagCode =
  | "spend_drop"
  | "order_silence"
  | "visit_overdue"
  | "visit_escalate"
  | "low_csat"
  | "detractor"
  | "follow_up"
  | "open_complaints";

export type HealthFlag = { code: HealthFlagCode; text: string; points: number };

export type Health = { risk: number; flags: HealthFlag[] };

/** What health looks at, already reduced per account. NaN = unknown. */
export type HealthFacts = {
  last90Cents: number;
  prev90Cents: number;
  daysSinceLastOrder: number;
  medianGapDays: number;
  distinctOrderDays: number;
  visitState?: VisitState;
  daysOverdue: number;
  latestSurvey?: Pick<SurveyAnswer, "overall" | "nps">;
  openComplaints: number;
};

/**
 * Risk = min(100, sum of the points of the flags raised). Default points
 * (policy.risk.points): spend drop 30, order silence 25, visit overdue 10 or
 * escalated 20, low satisfaction 20, NPS detractor 15, 10 per open complaint
 * up to 20. Points are fixed per flag rather than scaled so the number is
 * easy to explain on a card.
 */
export function healthFromFacts(facts: HealthFacts, policy: Policy): Health {
  const { risk } = policy;
  const flags: HealthFlag[] = [];
  if (facts.prev90Cents > 0) {
    const drop = (facts.prev90Cents - facts.last90Cents) / facts.prev90Cents;
    if (drop >= risk.spendDropPct) {
      const text = `近90天采购额下降 ${Math.round(drop * 100)}%`;
      flags.push({ code: "spend_drop", text, points: risk.points.spendDrop });
    }
  }
  if (
    facts.distinctOrderDays >= risk.minOrdersForSilence &&
    facts.medianGapDays > 0 &&
    facts.daysSinceLastOrder > risk.silenceFactor * facts.medianGapDays
  ) {
    const text = `已 ${facts.daysSinceLastOrder} 天未下单（通常约 ${Math.round(facts.medianGapDays)} 天一单）`;
    flags.push({ code: "order_silence", text, points: risk.points.silence });
  }
  if (facts.visitState === "escalate") {
    const text = `拜访已逾期 ${facts.daysOverdue} 天，需升级`;
    flags.push({ code: "visit_escalate", text, points: risk.points.visitEscalate });
  } else if (facts.visitState === "overdue") {
    const text = `拜访已逾期 ${facts.daysOverdue} 天`;
    flags.push({ code: "visit_overdue", text, points: risk.points.visitOverdue });
  }
  const survey = facts.latestSurvey;
  if (survey && survey.overall <= risk.lowCsat) {
    flags.push({ code: "low_csat", text: `最近一次满意度 ${survey.overall}/5`, points: risk.points.lowCsat });
  }
  if (survey && survey.nps <= risk.lowNps) {
    const text = `最近一次 NPS ${survey.nps} 分（贬损者）`;
    flags.push({ code: "detractor", text, points: risk.points.detractor });
  }
  if (facts.openComplaints > 0) {
    const points = Math.min(risk.points.complaintsMax, facts.openComplaints * risk.points.complaint);
    flags.push({ code: "open_complaints", text: `有 ${facts.openComplaints} 个未关闭投诉`, points });
  }
  let total = 0;
  for (const flag of flags) total += flag.points;
  return { risk: Math.min(100, Math.round(total)), flags };
}

/** Health of one account; rows for other accounts and bad rows are ignored. */
export function assessHealth(input: {
  account: Account;
  orders: readonly Order[];
  /** The account's visit plan (from `planVisits`), if any. */
  visitPlan?: Pick<VisitPlan, "state" | "daysOverdue">;
  surveys: readonly SurveyAnswer[];
  openComplaints?: number;
  now: IsoDate;
  policy: Policy;
}): Health {
  const { account, policy } = input;
  const nowDay = dayOf(input.now);
  const position = new Map([[account.id, 0]]);
  const own = input.orders.filter((o) => o.accountId === account.id);
  const stats = collectOrderStats(own, position, 1, nowDay, policy);
  const surveys = input.surveys.filter((s) => s.accountId === account.id);
  const engagement = collectEngagement([account], [], surveys, position, nowDay);
  return healthFromFacts(
    {
      last90Cents: stats.last90Cents[0]!,
      prev90Cents: stats.prev90Cents[0]!,
      daysSinceLastOrder: nowDay - stats.lastOrderDay[0]!,
      medianGapDays: stats.medianGapDays[0]!,
      distinctOrderDays: stats.distinctOrderDays[0]!,
      visitState: input.visitPlan?.state,
      daysOverdue: input.visitPlan?.daysOverdue ?? 0,
      latestSurvey: engagement.latestSurvey[0],
      openComplaints: Math.max(0, Math.floor(input.openComplaints ?? 0)) || 0,
    },
    policy,
  );
}
