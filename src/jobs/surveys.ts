import { buildSurveyCard } from "../cards/survey.ts";
import {
  parseSurveyId,
  planSurveys,
  type SurveyHistory,
  type SurveyPlanItem,
} from "../domain/survey-plan.ts";
import type { IsoDate } from "../domain/types.ts";
import { isoDateIn } from "../feishu/zoned-dates.ts";
import type { Services } from "../services.ts";
import { ownerNames, personName, type SurveyCardMeta, surveyCardKey } from "./card-state.ts";
import { interleaveBy } from "./concurrently.ts";
import { dayPeriod, type Job, type JobContext, type JobSteps, type JobSummary } from "./job.ts";
import { actOn, runPlanned } from "./planned-run.ts";
import { readCareBook, readRecentAnswers } from "./read-care-book.ts";
import { type SendFailure, sendFailure } from "./send-failure.ts";
import { sendCardOnce, sendTextOnce } from "./send-once.ts";

/** Sends in flight at once: enough to keep the app at Feishu's 50/s while single recipients wait their turn. */
export const SURVEY_SEND_CONCURRENCY = 24;

type SurveyOutcome = { account: string; status: "sent" | "already-sent" | "failed" } & Partial<SendFailure>;

async function readSurveyPlan(services: Services, ctx: JobContext) {
  const today = dayPeriod(ctx.now, services.config.tz);
  const book = await readCareBook(services);
  const history = await surveyHistory(services, today, book.policy.survey.minGapDays);
  const plan = planSurveys({
    accounts: book.accounts,
    contacts: book.contacts,
    history,
    policy: book.policy,
    today,
  });
  const summary = {
    date: today,
    planned: plan.items.length,
    skipped: plan.skipped,
    policyProblems: book.policyProblems,
  };
  return { plan, summary };
}

/** Round-robin by chat or owner, so one busy recipient's 5-per-second limit does not hold the others back. */
const bySendTarget = (items: readonly SurveyPlanItem[]) =>
  interleaveBy(items, (i) => (i.target.kind === "chat" ? i.target.chatId : i.target.ownerId));

/** A planned survey with its owner's name, looked up by the plan 50 owners a call. */
type SurveyItem = SurveyPlanItem & { ownerName?: string };

const surveySteps: JobSteps<SurveyItem, SurveyOutcome> = {
  // The card's meta, then per message (a forwarding note first when there is no group) its claim, up to three
  // attempts and its mark.
  costPerItem: 11,
  concurrency: SURVEY_SEND_CONCURRENCY,
  async plan(services, ctx) {
    const { plan, summary } = await readSurveyPlan(services, ctx);
    const names = await ownerNames(
      services,
      plan.items.flatMap((i) => (i.account.ownerId ? [i.account.ownerId] : [])),
    );
    const items = bySendTarget(plan.items).map(
      (i): SurveyItem => ({ ...i, ownerName: i.account.ownerId ? (names.get(i.account.ownerId) ?? "") : "" }),
    );
    return { items, summary };
  },
  async act(services, _ctx, item) {
    try {
      return { account: item.account.code, status: await sendSurvey(services, item) };
    } catch (err) {
      return { account: item.account.code, status: "failed", ...sendFailure(err) };
    }
  },
  retryable: (o) => (o.status === "failed" && !o.permanent ? o.reason : undefined),
  summarize: (planned, outcomes) => ({ summary: { ...planned, ...tallySurveys(outcomes) } }),
};

function tallySurveys(outcomes: readonly SurveyOutcome[]) {
  const failed = outcomes.filter((o) => o.status === "failed");
  return {
    sent: outcomes.filter((o) => o.status === "sent").length,
    alreadySent: outcomes.filter((o) => o.status === "already-sent").length,
    failed: failed.length,
    failures: failed.slice(0, 20).map((o) => `${o.account}: ${o.reason}`),
  };
}

async function dryRunSurveys(services: Services, ctx: JobContext): Promise<JobSummary> {
  const { plan, summary } = await readSurveyPlan(services, ctx);
  const owners = await ownerNames(
    services,
    plan.items.flatMap((i) => (i.target.kind === "owner" ? [i.target.ownerId] : [])),
  );
  return { ...summary, plan: plan.items.map((i) => describe(i, owners)) };
}

/**
 * Satisfaction surveys by campaign (A quarterly, B half-yearly, C yearly by default): the card goes into
 * the account's external group when it has one, else to the owner with a note to forward it. Sends are
 * keyed `survey:<surveyId>`; the ledger's sends under `survey:` are the campaign history.
 */
export const surveysJob: Job = {
  name: "surveys",
  description: "满意度调查：按等级分批发送问卷 / satisfaction survey campaigns by tier",
  schedule: "0 10 * * *",
  period: dayPeriod,
  catchUp: true,
  run: (services, ctx) =>
    ctx.dryRun ? dryRunSurveys(services, ctx) : runPlanned(surveySteps, services, ctx),
  steps: surveySteps,
};

/** What was sent before: campaigns per account, and when each contact was last asked or answered. */
export async function surveyHistory(
  services: Services,
  today: IsoDate,
  minGapDays: number,
): Promise<SurveyHistory> {
  const sent = new Set<string>();
  const lastSurveyed = await readRecentAnswers(services, today, minGapDays);
  for (const row of await services.ledger.sendsFor("survey:")) {
    const ids = parseSurveyId(row.key.slice("survey:".length));
    if (!ids || row.state !== "sent") continue;
    sent.add(`${ids.accountCode}|${ids.campaign}`);
    const day = isoDateIn(row.createdAt, services.config.tz);
    const before = lastSurveyed.get(ids.contactRecordId);
    if (!before || before < day) lastSurveyed.set(ids.contactRecordId, day);
  }
  return { sent, lastSurveyed };
}

/** Sends planned surveys in one go (the benchmark's way in): the job's own acts, counted as a run counts them. */
export async function sendSurveys(services: Services, items: readonly SurveyPlanItem[]) {
  const ctx: JobContext = { now: services.clock.now(), dryRun: false, force: false, trigger: "cli" };
  return tallySurveys(await actOn(surveySteps, services, ctx, bySendTarget(items)));
}

async function sendSurvey(services: Services, item: SurveyItem): Promise<"sent" | "already-sent"> {
  const { account, contact, target } = item;
  const meta: SurveyCardMeta = { accountName: account.name, contactName: contact.name };
  if (account.ownerId) {
    meta.ownerId = account.ownerId;
    meta.ownerName = item.ownerName ?? (await personName(services, account.ownerId, ""));
  }
  if (!meta.ownerName) delete meta.ownerName;
  // Before the send, so even the fastest answer can be thanked by the owner's name.
  await services.ledger.set(surveyCardKey(item.surveyId), meta);
  const card = buildSurveyCard({
    surveyId: item.surveyId,
    accountId: account.recordId,
    contactId: contact.recordId,
    accountName: account.name,
  });
  const key = `survey:${item.surveyId}`;
  if (target.kind === "chat") {
    return (
      await sendCardOnce(services, {
        key,
        job: "surveys",
        receiveIdType: "chat_id",
        receiveId: target.chatId,
        card,
      })
    ).status;
  }
  await sendTextOnce(services, {
    key: `survey-note:${item.surveyId}`,
    job: "surveys",
    receiveIdType: "open_id",
    receiveId: target.ownerId,
    text: `【转发给客户】${account.name} 还没有关联客户群。请把下面的满意度调查转发给 ${contact.name}${contact.title ? `（${contact.title}）` : ""}，客户提交后结果会自动写入多维表格。`,
  });
  return (
    await sendCardOnce(services, {
      key,
      job: "surveys",
      receiveIdType: "open_id",
      receiveId: target.ownerId,
      card,
    })
  ).status;
}

function describe(item: SurveyPlanItem, owners: Map<string, string>) {
  const t = item.target;
  const to =
    t.kind === "chat" ? `客户群 ${t.chatId}` : `负责人 ${owners.get(t.ownerId) ?? t.ownerId}（转发）`;
  return `${item.campaign} ${item.account.code} ${item.account.name}（${item.tier}）→ ${item.contact.name} · ${to}`;
}
