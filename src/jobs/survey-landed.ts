import { isLowScore, npsClassOf, type SurveyScores } from "../domain/survey-plan.ts";
import type { IsoDate } from "../domain/types.ts";
import { queueAccountPatch } from "./account-patches.ts";
import type { CreatePayload, LandingHook } from "./keyed-creates.ts";
import { lastCarePolicy } from "./read-care-book.ts";

export const LOW_SCORE_ALERT = "low-score-alert";

/** One customer's answer, as queued in the ledger before the click is acknowledged. */
export type SurveyAnswer = {
  /** `survey:<surveyId>:<respondent>`: the ledger key and the source of the client_token. */
  answerKey: string;
  surveyId: string;
  /** open_id of whoever submitted the card. */
  respondent: string;
  accountRecordId: string;
  accountCode: string;
  contactRecordId?: string;
  scores: SurveyScores;
  comment?: string;
  date: IsoDate;
};

export type SurveyAnswerPayload = CreatePayload & { answer: SurveyAnswer };

export type LowScoreAlertPayload = SurveyAnswer & { answerRecordId: string };

/**
 * After an answer's row exists: roll it up on the account (最近满意度, NPS类别 — only those two fields,
 * plus a 风险标记 line when it is low) and queue the low-score alert. Both are keyed by the answer, so a
 * rerun after a crash queues nothing twice.
 */
export const surveyLanded: LandingHook = async (services, write, record) => {
  const { answer } = write.payload as SurveyAnswerPayload;
  const policy = await lastCarePolicy(services);
  const low = isLowScore(answer.scores, policy.survey);
  await queueAccountPatch(services, `rollup:${answer.answerKey}`, {
    recordId: answer.accountRecordId,
    set: { lastCsat: answer.scores.overall, npsClass: npsClassOf(answer.scores.nps) },
    ...(low ? { riskLine: lowScoreLine(answer) } : {}),
  });
  if (low) {
    const payload: LowScoreAlertPayload = { ...answer, answerRecordId: record.record_id };
    await services.ledger.enqueueWrite({
      key: `alert:${answer.answerKey}`,
      table: LOW_SCORE_ALERT,
      op: "create",
      payload,
    });
  }
};

export function lowScoreLine(a: SurveyAnswer): string {
  const s = a.scores;
  return `低分预警 ${a.date}：总体 ${s.overall}/5，产品 ${s.product}，服务 ${s.service}，响应 ${s.responsiveness}，NPS ${s.nps}`;
}
