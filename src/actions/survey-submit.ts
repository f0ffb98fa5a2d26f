import {
  cardActionValueSchema,
  FORM,
  type SurveyActionValue,
  surveyFormSchema,
} from "../cards/action-values.ts";
import { toasts } from "../cards/status.ts";
import { buildSurveyThanksCard } from "../cards/survey.ts";
import type { CardActionContext, CardActionHandler, CardActionResult } from "../deps.ts";
import { parseSurveyId } from "../domain/survey-plan.ts";
import { encodeFields } from "../feishu/codecs.ts";
import { loadTemplate, tableByKey } from "../feishu/template.ts";
import { isoDateIn } from "../feishu/zoned-dates.ts";
import { type SurveyCardMeta, surveyCardKey } from "../jobs/card-state.ts";
import { kickPendingWrites } from "../jobs/pending-writes.ts";
import type { SurveyAnswer, SurveyAnswerPayload } from "../jobs/survey-landed.ts";
import type { Services } from "../services.ts";

const QUESTIONS: Record<string, string> = {
  [FORM.survey.overall]: "总体满意度",
  [FORM.survey.product]: "产品",
  [FORM.survey.service]: "服务",
  [FORM.survey.responsiveness]: "响应速度",
  [FORM.survey.nps]: "推荐意愿",
};

/**
 * survey.submit: the customer's answers. Checked with zod (a missing or out-of-range score is an error
 * toast and nothing is stored), then queued in the ledger under `survey:<surveyId>:<respondent>` BEFORE the
 * callback is answered, so an acknowledged answer survives a Bitable outage or a crash; the write drain
 * lands it (client_token from the key). The same respondent submitting again is thanked, with no second row.
 */
export function surveyActions(services: Services): Record<string, CardActionHandler> {
  return { "survey.submit": (ctx) => submitSurvey(services, ctx) };
}

async function submitSurvey(services: Services, ctx: CardActionContext): Promise<CardActionResult> {
  const parsed = cardActionValueSchema.safeParse(ctx.value);
  const value =
    parsed.success && parsed.data.action === "survey.submit" ? (parsed.data as SurveyActionValue) : undefined;
  const ids = value ? parseSurveyId(value.surveyId) : undefined;
  if (!value || !ids) return { toast: toasts.expired() };

  const form = ctx.event.action.form_value ?? {};
  // Checked before parsing: coercion would read an empty NPS as 0, a valid score.
  const missing = Object.keys(QUESTIONS).filter(
    (k) => form[k] === undefined || form[k] === null || form[k] === "",
  );
  if (missing.length > 0) return { toast: toasts.missing(missing.map((k) => QUESTIONS[k]!)) };
  const answers = surveyFormSchema.safeParse(form);
  if (!answers.success) {
    const bad = answers.error.issues.map((i) => QUESTIONS[String(i.path[0])] ?? String(i.path[0]));
    return { toast: toasts.failed(`评分超出范围 / score out of range: ${[...new Set(bad)].join("、")}`) };
  }
  const a = answers.data;
  const respondent = ctx.event.operator.open_id;
  const now = services.clock.now();
  const answer: SurveyAnswer = {
    answerKey: `survey:${value.surveyId}:${respondent}`,
    surveyId: value.surveyId,
    respondent,
    accountRecordId: value.accountId,
    accountCode: ids.accountCode,
    scores: {
      overall: a[FORM.survey.overall],
      product: a[FORM.survey.product],
      service: a[FORM.survey.service],
      responsiveness: a[FORM.survey.responsiveness],
      nps: a[FORM.survey.nps],
    },
    date: isoDateIn(now, services.config.tz),
  };
  if (value.contactId) answer.contactRecordId = value.contactId;
  const comment = a[FORM.survey.comment];
  if (comment) answer.comment = comment;

  const payload: SurveyAnswerPayload = { fields: answerRow(services, answer, ids.campaign, now), answer };
  const fresh = await services.ledger.enqueueWrite({
    key: answer.answerKey,
    table: "surveys",
    op: "create",
    payload,
  });
  if (fresh) kickPendingWrites(services);
  services.metrics
    .counter("kam_survey_answers_total", "Survey submissions, by outcome.")
    .inc({ outcome: fresh ? "queued" : "duplicate" });
  const meta = await services.ledger.get<SurveyCardMeta>(surveyCardKey(value.surveyId));
  const card = buildSurveyThanksCard(meta?.ownerName ? { ownerName: meta.ownerName } : {});
  return { toast: fresh ? toasts.submitted() : toasts.duplicate(), card };
}

function answerRow(
  services: Services,
  a: SurveyAnswer,
  campaign: string,
  now: number,
): Record<string, unknown> {
  const table = tableByKey(loadTemplate(), "surveys");
  return encodeFields(
    table.fields,
    {
      answerId: a.answerKey.replace(/^survey:/, ""),
      account: [a.accountRecordId],
      accountCode: a.accountCode,
      contact: a.contactRecordId ? [a.contactRecordId] : undefined,
      date: now,
      ...a.scores,
      comment: a.comment,
      campaign,
    },
    { tz: services.config.tz },
  );
}
