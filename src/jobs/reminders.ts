import { isoDateIn } from "../feishu/zoned-dates.ts";
import type { Services } from "../services.ts";
import { dayPeriod, type Job, type JobContext, type JobSteps, type JobSummary, weekPeriod } from "./job.ts";
import { runPlanned } from "./planned-run.ts";
import { latestNextSteps, readDueAccounts } from "./reminders/account-book.ts";
import { lookUpPeople } from "./reminders/people.ts";
import { planReminders, type ReminderPlan } from "./reminders/plan.ts";
import { readPolicy } from "./reminders/policy-source.ts";
import {
  CARD_COST,
  type CardOutcome,
  type CardStep,
  cardSteps,
  sendCard,
  tallyCards,
} from "./reminders/send-cards.ts";
import { sendWindow } from "./reminders/send-window.ts";

/** Reads the book as the sync left it and works out who gets which card today. */
export async function buildReminderPlan(services: Services, now: number): Promise<ReminderPlan> {
  const { tz } = services.config;
  const today = isoDateIn(now, tz);
  const [policy, accounts] = await Promise.all([readPolicy(services), readDueAccounts(services, today)]);
  const owners = [...new Set(accounts.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))].sort();
  const [people, nextSteps] = await Promise.all([
    lookUpPeople(services, owners),
    latestNextSteps(
      services,
      accounts.map((a) => a.code),
    ),
  ]);
  return planReminders({ accounts, nextSteps, people, today, isoWeek: weekPeriod(now, tz), policy });
}

/** Who gets what, for `kam run reminders --dry-run` and the admin API. */
function describePlan(plan: ReminderPlan): JobSummary {
  return {
    reminders: plan.reminders.map((r) => ({
      to: r.managerOpenId,
      name: r.input.managerName,
      key: r.key,
      accounts: r.input.items.map((i) => ({ code: i.accountId, state: i.state, daysOverdue: i.daysOverdue })),
    })),
    escalations: plan.escalations.map((e) => ({
      to: e.leaderOpenId,
      name: e.input.leaderName,
      key: e.key,
      managers: e.managerOpenIds,
      accounts: e.input.items.map((i) => i.accountId),
    })),
    unowned: plan.unowned,
    noLeader: plan.noLeader,
  };
}

async function dryRunReminders(services: Services, ctx: JobContext): Promise<JobSummary> {
  const today = isoDateIn(ctx.now, services.config.tz);
  const window = sendWindow(today, ctx.now, services.config.tz, await readPolicy(services));
  const plan = await buildReminderPlan(services, ctx.now);
  return {
    date: today,
    dryRun: true,
    ...(window.open ? {} : { wouldSkip: window.reason }),
    ...describePlan(plan),
  };
}

/** Each manager's reminder card and each leader's escalation card is one item. */
export const reminderSteps: JobSteps<CardStep, CardOutcome> = {
  costPerItem: CARD_COST,
  async plan(services, ctx) {
    const { tz } = services.config;
    const today = isoDateIn(ctx.now, tz);
    const window = sendWindow(today, ctx.now, tz, await readPolicy(services));
    if (!window.open) {
      services.logger.info("reminders.skipped", { date: today, reason: window.reason });
      return { items: [], summary: { date: today, skipped: window.reason } };
    }
    const plan = await buildReminderPlan(services, ctx.now);
    return {
      items: cardSteps(plan),
      summary: {
        date: today,
        managers: plan.reminders.length,
        escalations: plan.escalations.length,
        unowned: plan.unowned.length,
      },
    };
  },
  act: (services, _ctx, step) => sendCard(services, step),
  retryable: (outcome) => (outcome.status === "failed" ? outcome.error : undefined),
  summarize(planned, outcomes) {
    if (planned.skipped) return { summary: planned };
    const { failed, ...counts } = tallyCards(outcomes);
    const summary = { ...planned, ...counts };
    if (failed.length === 0) return { summary };
    // A failed run is retried by the next trigger; the keyed sends make that repeat only what is missing.
    return {
      summary,
      failed: `${failed.length} reminder sends failed (first: ${failed[0]!.error}); ${counts.sent} sent`,
    };
  },
};

/**
 * The daily visit reminders: at 09:00 on China's statutory working days, each manager gets ONE card of
 * their due, overdue and escalated accounts, and each leader a weekly card of escalations. The cron runs
 * every day and the job skips non-working days itself: make-up Saturdays count, holidays do not.
 */
export const remindersJob: Job = {
  name: "reminders",
  description: "拜访提醒：每个工作日给每位客户经理一张待拜访卡片，升级客户每周通知其主管",
  schedule: "0 9 * * *",
  period: dayPeriod,
  catchUp: true,
  run: (services, ctx) =>
    ctx.dryRun ? dryRunReminders(services, ctx) : runPlanned(reminderSteps, services, ctx),
  steps: reminderSteps,
};
