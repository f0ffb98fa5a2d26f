import { buildGreetingCard, type GreetingCardInput, type GreetingItem } from "../cards/greeting.ts";
import { type GreetingPlanCard, planGreetings } from "../domain/greeting-plan.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import type { Services } from "../services.ts";
import { type GreetingCardState, greetingCardKey, personName } from "./card-state.ts";
import { forEachConcurrently } from "./concurrently.ts";
import { dayPeriod, type Job } from "./job.ts";
import { readCareBook } from "./read-care-book.ts";
import { sendCardOnce } from "./send-once.ts";

/** Rows per card: well inside the card's component and size budget, with room for the edit form. */
export const GREETINGS_PER_CARD = 10;

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
  async run(services, ctx) {
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
    if (ctx.dryRun) {
      const owners = await ownerNames(
        services,
        plan.cards.map((c) => c.ownerId),
      );
      return { ...summary, plan: plan.cards.map((c) => describe(c, owners.get(c.ownerId))) };
    }
    const counts = { sent: 0, alreadySent: 0, failed: 0 };
    const failures: string[] = [];
    const pages = plan.cards.flatMap((card) => pagesOf(card, today));
    await forEachConcurrently(pages, 8, async (page) => {
      try {
        counts[await sendPage(services, page)]++;
      } catch (err) {
        counts.failed++;
        failures.push(
          `${page.key}: ${err instanceof FeishuApiError ? `${err.code} ${err.hint}` : (err as Error).message}`,
        );
      }
    });
    return { ...summary, ...counts, failures: failures.slice(0, 20) };
  },
};

type Page = { key: string; card: GreetingPlanCard; items: GreetingPlanCard["items"] };

function pagesOf(card: GreetingPlanCard, today: string): Page[] {
  const key = `greeting:${card.ownerId}:${card.occasion}-${card.date}:${today}`;
  const pages: Page[] = [];
  for (let i = 0; i < card.items.length; i += GREETINGS_PER_CARD) {
    const n = i / GREETINGS_PER_CARD + 1;
    pages.push({
      key: n === 1 ? key : `${key}#${n}`,
      card,
      items: card.items.slice(i, i + GREETINGS_PER_CARD),
    });
  }
  return pages;
}

async function sendPage(services: Services, page: Page): Promise<"sent" | "alreadySent"> {
  const { card } = page;
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
    ownerName: await personName(services, card.ownerId, "客户经理"),
    occasion: { key: `${card.occasion}-${card.year}`, label: card.label },
    date: card.date,
    items,
  };
  const state: GreetingCardState = {
    input,
    ownerId: card.ownerId,
    accountCodes: Object.fromEntries(page.items.map((i) => [i.account.recordId, i.account.code])),
  };
  const sent = await sendCardOnce(services, {
    key: page.key,
    job: "greetings",
    receiveIdType: "open_id",
    receiveId: card.ownerId,
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

/** Display names for the dry run's plan (the directory is asked once per owner). */
export async function ownerNames(services: Services, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = await Promise.all(unique.map((id) => personName(services, id, "")));
  return new Map(unique.flatMap((id, i) => (names[i] ? [[id, names[i]] as const] : [])));
}
