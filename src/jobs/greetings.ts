import { buildGreetingCard, type GreetingCardInput, type GreetingItem } from "../cards/greeting.ts";
import { type GreetingPlanCard, planGreetings } from "../domain/greeting-plan.ts";
import type { Services } from "../services.ts";
import { type GreetingCardState, greetingCardKey, ownerNames, personName } from "./card-state.ts";
import { dayPeriod, type Job, type JobContext, type JobSteps, type JobSummary } from "./job.ts";
import { runPlanned } from "./planned-run.ts";
import { readCareBook } from "./read-care-book.ts";
import { type SendFailure, sendFailure } from "./send-failure.ts";
import { sendCardOnce } from "./send-once.ts";

/** Rows per card: well inside the card's component and size budget, with room for the edit form. */
export const GREETINGS_PER_CARD = 10;

/**
 * One card to one owner (a long list is several pages): the unit the job acts on. `ownerName` is looked up
 * by the plan, 50 owners a call, so an act needs no directory call of its own.
 */
export type GreetingPage = GreetingPlanCard & { key: string; ownerName?: string };

type PageOutcome = { key: string; status: "sent" | "alreadySent" | "failed" } & Partial<SendFailure>;

async function readGreetingPlan(services: Services, ctx: JobContext) {
  const today = dayPeriod(ctx.now, services.config.tz);
  const book = await readCareBook(services);
  const plan = planGreetings({
    accounts: book.accounts,
    contacts: book.contacts,
    policy: book.policy,
    today,
  });
  const summary = {
    date: today,
    cards: plan.cards.length,
    contacts: plan.cards.reduce((n, c) => n + c.items.length, 0),
    unowned: plan.unowned,
    policyProblems: book.policyProblems,
  };
  return { today, plan, summary };
}

const greetingSteps: JobSteps<GreetingPage, PageOutcome> = {
  // The send's claim, up to three attempts, its mark, and the card's state (the owner's name comes with the item).
  costPerItem: 6,
  concurrency: 8,
  async plan(services, ctx) {
    const { today, plan, summary } = await readGreetingPlan(services, ctx);
    const pages = plan.cards.flatMap((card) => pagesOf(card, today));
    const names = await ownerNames(
      services,
      pages.map((p) => p.ownerId),
    );
    return { items: pages.map((p) => ({ ...p, ownerName: names.get(p.ownerId) ?? "" })), summary };
  },
  async act(services, _ctx, page) {
    try {
      return { key: page.key, status: await sendPage(services, page) };
    } catch (err) {
      return { key: page.key, status: "failed", ...sendFailure(err) };
    }
  },
  retryable: (o) => (o.status === "failed" && !o.permanent ? o.reason : undefined),
  summarize(planned, outcomes) {
    const failed = outcomes.filter((o) => o.status === "failed");
    return {
      summary: {
        ...planned,
        sent: outcomes.filter((o) => o.status === "sent").length,
        alreadySent: outcomes.filter((o) => o.status === "alreadySent").length,
        failed: failed.length,
        failures: failed.slice(0, 20).map((o) => `${o.key}: ${o.reason}`),
      },
    };
  },
};

async function dryRunGreetings(services: Services, ctx: JobContext): Promise<JobSummary> {
  const { plan, summary } = await readGreetingPlan(services, ctx);
  const owners = await ownerNames(
    services,
    plan.cards.map((c) => c.ownerId),
  );
  return { ...summary, plan: plan.cards.map((c) => describe(c, owners.get(c.ownerId))) };
}

/**
 * Festivals, birthdays and cooperation anniversaries: each owner gets one card per occasion listing the
 * contacts to greet with a suggested text (a long list continues on a second card). Sends are keyed
 * `greeting:<owner>:<occasion>:<date>`, so a rerun of the day sends nothing twice.
 */
export const greetingsJob: Job = {
  name: "greetings",
  description: "节日、生日、合作周年问候卡片 / greeting cards for festivals, birthdays and anniversaries",
  schedule: "0 9 * * *",
  period: dayPeriod,
  catchUp: true,
  run: (services, ctx) =>
    ctx.dryRun ? dryRunGreetings(services, ctx) : runPlanned(greetingSteps, services, ctx),
  steps: greetingSteps,
};

function pagesOf(card: GreetingPlanCard, today: string): GreetingPage[] {
  const key = `greeting:${card.ownerId}:${card.occasion}-${card.date}:${today}`;
  const pages: GreetingPage[] = [];
  for (let i = 0; i < card.items.length; i += GREETINGS_PER_CARD) {
    const n = i / GREETINGS_PER_CARD + 1;
    pages.push({
      ...card,
      key: n === 1 ? key : `${key}#${n}`,
      items: card.items.slice(i, i + GREETINGS_PER_CARD),
    });
  }
  return pages;
}

async function sendPage(services: Services, page: GreetingPage): Promise<"sent" | "alreadySent"> {
  const items: GreetingItem[] = page.items.map((i) => {
    const item: GreetingItem = {
      contactId: i.contact.recordId,
      accountId: i.account.recordId,
      contactName: i.contact.name,
      accountName: i.account.name,
      tier: i.tier,
      message: i.message,
    };
    if (i.contact.title) item.title = i.contact.title;
    if (i.account.chatId) item.groupChatId = i.account.chatId;
    return item;
  });
  const input: GreetingCardInput = {
    ownerName:
      page.ownerName === undefined
        ? await personName(services, page.ownerId, "客户经理")
        : page.ownerName || "客户经理",
    occasion: { key: `${page.occasion}-${page.year}`, label: page.label },
    date: page.date,
    items,
  };
  const state: GreetingCardState = {
    input,
    ownerId: page.ownerId,
    accountCodes: Object.fromEntries(page.items.map((i) => [i.account.recordId, i.account.code])),
  };
  const sent = await sendCardOnce(services, {
    key: page.key,
    job: "greetings",
    receiveIdType: "open_id",
    receiveId: page.ownerId,
    card: buildGreetingCard(input),
  });
  // A card sent before a crash may already carry clicks: keep its state, only fill in a missing one.
  const stateKey = greetingCardKey(sent.messageId);
  if (sent.status === "sent" || !(await services.ledger.get(stateKey)))
    await services.ledger.set(stateKey, state);
  return sent.status === "sent" ? "sent" : "alreadySent";
}

function describe(card: GreetingPlanCard, ownerName?: string) {
  return {
    owner: ownerName ? `${ownerName}（${card.ownerId}）` : card.ownerId,
    occasion: `${card.label} ${card.date}`,
    contacts: card.items.map((i) => `${i.contact.name}（${i.account.name}，${i.tier}）：${i.message}`),
  };
}
