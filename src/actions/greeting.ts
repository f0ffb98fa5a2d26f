import {
  type CardActionValue,
  cardActionValueSchema,
  FORM,
  type GreetingActionValue,
  greetingFormSchema,
} from "../cards/action-values.ts";
import { buildGreetingCard, type GreetingItem, markGreetingRow } from "../cards/greeting.ts";
import { toasts } from "../cards/status.ts";
import type { CardActionContext, CardActionHandler, CardActionResult } from "../deps.ts";
import { OCCASION_CODES, type OccasionCode } from "../domain/occasions.ts";
import { encodeFields } from "../feishu/codecs.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import { loadTemplate, tableByKey } from "../feishu/template.ts";
import { isoMinuteIn } from "../feishu/zoned-dates.ts";
import { type GreetingCardState, greetingCardKey, oneAtATime, personName } from "../jobs/card-state.ts";
import { kickPendingWrites } from "../jobs/pending-writes.ts";
import { sendTextOnce } from "../jobs/send-once.ts";
import type { Services } from "../services.ts";
import { authorizeAccountAction } from "./authorize.ts";

/** What was done for one contact, occasion and year: decided by the first click, kept for every later one. */
type CareOutcome = {
  kind: "sent" | "group" | "skipped";
  edited: boolean;
  message: string;
  chatId?: string;
  by: string;
  atMs: number;
};

const LOGGED: Record<string, string> = {
  sent: "已发送",
  group: "发到客户群",
  skipped: "跳过",
  edited: "编辑后发送",
};

/**
 * 已发送 / 发到客户群 / 编辑 / 跳过 on the greeting card. A contact is greeted at most once per occasion and
 * year whatever is clicked twice, retried or redelivered: the care key is claimed in the ledger before any
 * effect, the group post is keyed, and the 关怀记录 row is queued under the same key (client_token from it).
 */
export function greetingActions(services: Services): Record<string, CardActionHandler> {
  const handle: CardActionHandler = (ctx) => handleGreeting(services, ctx);
  return {
    "greeting.sent": handle,
    "greeting.group": handle,
    "greeting.edit": handle,
    "greeting.skip": handle,
  };
}

async function handleGreeting(services: Services, ctx: CardActionContext): Promise<CardActionResult> {
  const parsed = cardActionValueSchema.safeParse(ctx.value);
  const value = parsed.success && isGreeting(parsed.data) ? parsed.data : undefined;
  const occasion = value ? occasionOf(value.occasion) : undefined;
  const messageId = ctx.event.context.open_message_id;
  const state = await services.ledger.get<GreetingCardState>(greetingCardKey(messageId));
  const item = state?.input.items.find((i) => i.contactId === value?.contactId);
  if (!value || !occasion || !state || !item) return { toast: toasts.expired() };
  const auth = await authorizeAccountAction(services, ctx.event.operator.open_id, state.ownerId);
  if (!auth.ok) return { toast: auth.toast };
  if (value.action === "greeting.edit")
    return { card: buildGreetingCard({ ...state.input, editing: item.contactId }) };

  let message = item.message;
  if (value.edited) {
    const form = greetingFormSchema.safeParse(ctx.event.action.form_value ?? {});
    if (!form.success) return { toast: toasts.missing(["问候内容"]) };
    message = form.data[FORM.greeting.text];
  }
  const careKey = `care:${item.contactId}:${occasion.code}:${occasion.year}`;
  const decided = await oneAtATime(services, careKey, async () => {
    const first = !(await services.ledger.seenAction(careKey, services.clock.now()));
    const kept = first ? undefined : await services.ledger.get<CareOutcome>(`outcome:${careKey}`);
    if (kept) return { outcome: kept, fresh: false };
    const outcome: CareOutcome = {
      kind:
        value.action === "greeting.skip" ? "skipped" : value.action === "greeting.group" ? "group" : "sent",
      edited: value.edited === true && value.action !== "greeting.skip",
      message,
      by: await operatorName(services, ctx, state),
      atMs: services.clock.now(),
    };
    if (outcome.kind === "group") outcome.chatId = value.chatId ?? item.groupChatId;
    await services.ledger.set(`outcome:${careKey}`, outcome);
    return { outcome, fresh: true };
  });
  const { outcome } = decided;

  if (outcome.kind === "group") {
    try {
      if (!outcome.chatId) throw new Error("该客户没有客户群 / the account has no group chat");
      await sendTextOnce(services, {
        key: `greeting-group:${item.contactId}:${occasion.code}:${occasion.year}`,
        job: "greetings",
        receiveIdType: "chat_id",
        receiveId: outcome.chatId,
        text: outcome.message,
      });
    } catch (err) {
      // The post did not happen: forget the choice, so the next click (retry, or another button) decides anew.
      await services.ledger.set(`outcome:${careKey}`, undefined);
      return { toast: toasts.failed(err instanceof FeishuApiError ? err.hint : (err as Error).message) };
    }
  }
  await services.ledger.enqueueWrite({
    key: careKey,
    table: "careLog",
    op: "create",
    payload: { fields: careRow(services, careKey, state, item, occasion, outcome) },
  });
  kickPendingWrites(services);

  const card = await oneAtATime(services, greetingCardKey(messageId), async () => {
    const latest = (await services.ledger.get<GreetingCardState>(greetingCardKey(messageId))) ?? state;
    const stamp = { by: outcome.by, at: isoMinuteIn(outcome.atMs, services.config.tz) };
    const input = markGreetingRow(latest.input, item.contactId, { kind: outcome.kind, ...stamp });
    await services.ledger.set(greetingCardKey(messageId), { ...latest, input });
    return buildGreetingCard(input);
  });
  if (!decided.fresh) return { toast: toasts.duplicate(), card };
  const toast =
    outcome.kind === "group"
      ? toasts.posted()
      : outcome.kind === "skipped"
        ? toasts.skipped()
        : toasts.sent();
  return { toast, card };
}

function careRow(
  services: Services,
  careKey: string,
  state: GreetingCardState,
  item: GreetingItem,
  occasion: { code: OccasionCode; year: number },
  outcome: CareOutcome,
): Record<string, unknown> {
  const table = tableByKey(loadTemplate(), "careLog");
  return encodeFields(
    table.fields,
    {
      careId: careKey,
      account: [item.accountId],
      accountCode: state.accountCodes[item.accountId],
      contact: [item.contactId],
      occasion: state.input.occasion.label,
      year: occasion.year,
      outcome: LOGGED[outcome.edited ? "edited" : outcome.kind],
      message: outcome.message,
      owner: [state.ownerId],
      date: outcome.atMs,
    },
    { tz: services.config.tz },
  );
}

async function operatorName(
  services: Services,
  ctx: CardActionContext,
  state: GreetingCardState,
): Promise<string> {
  const openId = ctx.event.operator.open_id;
  return openId === state.ownerId ? state.input.ownerName : personName(services, openId);
}

function isGreeting(v: CardActionValue): v is GreetingActionValue {
  return v.action.startsWith("greeting.");
}

/** "spring-2026" → the occasion and the year the care log counts it for. */
export function occasionOf(text: string): { code: OccasionCode; year: number } | undefined {
  const m = /^([a-z]+)-(\d{4})$/.exec(text);
  const code = m?.[1] as OccasionCode | undefined;
  return m && code && OCCASION_CODES.includes(code) ? { code, year: Number(m[2]) } : undefined;
}
