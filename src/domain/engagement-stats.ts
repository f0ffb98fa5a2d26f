import { dayOf } from "./dates.ts";
import type { Account, Problem, SurveyAnswer, Visit } from "./types.ts";

/** Last visits and latest survey per account position. */
export type EngagementStats = {
  /** NaN = never visited (neither in the visit rows nor in `account.previous.lastVisit`). */
  lastVisitDay: Float64Array;
  lastExecutiveDay: Float64Array;
  latestSurvey: (SurveyAnswer | undefined)[];
  problems: Problem[];
};

const VISIT_TYPES = new Set(["phone", "onsite", "executive", "online"]);

function isScore(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

export function collectEngagement(
  accounts: readonly Account[],
  visits: readonly Visit[],
  surveys: readonly SurveyAnswer[],
  position: ReadonlyMap<string, number>,
  nowDay: number,
): EngagementStats {
  const collector = createEngagementCollector(accounts, position, nowDay);
  for (const visit of visits) collector.addVisit(visit);
  for (const survey of surveys) collector.addSurvey(survey);
  return collector.finish();
}

/** Folds visits and answers one at a time; only the latest answer of each account is kept. */
export type EngagementCollector = {
  addVisit(visit: Visit): void;
  addSurvey(survey: SurveyAnswer): void;
  finish(): EngagementStats;
};

export function createEngagementCollector(
  accounts: readonly Account[],
  position: ReadonlyMap<string, number>,
  nowDay: number,
): EngagementCollector {
  const n = accounts.length;
  const lastVisitDay = new Float64Array(n).fill(Number.NaN);
  const lastExecutiveDay = new Float64Array(n).fill(Number.NaN);
  const latestSurvey: (SurveyAnswer | undefined)[] = new Array(n).fill(undefined);
  const problems: Problem[] = [];

  for (let a = 0; a < n; a++) {
    const remembered = dayOf(accounts[a]?.previous?.lastVisit);
    if (remembered <= nowDay) lastVisitDay[a] = remembered;
  }

  function addVisit(visit: Visit): void {
    const at = position.get(visit.accountId);
    const day = dayOf(visit.date);
    // A visit dated after today is a plan, not a completed visit.
    if (at === undefined || Number.isNaN(day) || !VISIT_TYPES.has(visit.type)) {
      problems.push({
        accountId: visit.accountId,
        rowId: visit.id,
        table: "visits",
        code: "visit_invalid",
        message: `拜访记录 ${visit.id} 的客户、日期或类型无效，已忽略 / visit ${visit.id} has an unknown account, bad date or type; ignored`,
      });
      return;
    }
    if (day > nowDay) return;
    if (!(lastVisitDay[at]! >= day)) lastVisitDay[at] = day;
    if (visit.type === "executive" && !(lastExecutiveDay[at]! >= day)) lastExecutiveDay[at] = day;
  }

  function addSurvey(survey: SurveyAnswer): void {
    const at = position.get(survey.accountId);
    const day = dayOf(survey.date);
    if (
      at === undefined ||
      Number.isNaN(day) ||
      !isScore(survey.overall, 1, 5) ||
      !isScore(survey.nps, 0, 10)
    ) {
      problems.push({
        accountId: survey.accountId,
        rowId: survey.id,
        table: "surveys",
        code: "survey_invalid",
        message: `答卷 ${survey.id} 的客户、日期或评分无效，已忽略 / survey answer ${survey.id} has an unknown account, bad date or score; ignored`,
      });
      return;
    }
    if (day > nowDay) return;
    const current = latestSurvey[at];
    if (!current || isLater(survey, current)) latestSurvey[at] = survey;
  }

  return {
    addVisit,
    addSurvey,
    finish: () => ({ lastVisitDay, lastExecutiveDay, latestSurvey, problems }),
  };
}

/** Later date wins; on the same day the larger id wins so input order never matters. */
function isLater(a: SurveyAnswer, b: SurveyAnswer): boolean {
  return a.date > b.date || (a.date === b.date && a.id > b.id);
}
