import { z } from "zod";
import { deliver, envelope } from "./delivery.ts";
import { Codes } from "./envelope.ts";
import { findComponent, parseCardContent } from "./im/card.ts";
import { applyCardAnswer } from "./im/card-answer.ts";
import type { CardCallbackRecord, SandboxState, SentMessage } from "./state.ts";
import { newId } from "./state.ts";

/** A card update token lives 30 minutes and allows 2 delayed updates. */
export const CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
export const CARD_TOKEN_MAX_USES = 2;
const MAX_RECORDS = 1_000;

/** A user's click or form submit on a card the sandbox holds (checked at the control API's edge). */
export const CardActionSchema = z.object({
  messageId: z.string().min(1),
  operatorOpenId: z.string().min(1),
  /** The component's callback value; when omitted and `name` is given, taken from the card's component. */
  value: z.unknown().optional(),
  formValue: z.record(z.string(), z.unknown()).optional(),
  name: z.string().optional(),
  tag: z.string().optional(),
  inputValue: z.string().optional(),
  option: z.string().optional(),
  options: z.array(z.string()).optional(),
  checked: z.boolean().optional(),
  /** Feishu waits 3 s; tests about timing pass a shorter deadline. */
  deadlineMs: z.number().int().positive().max(60_000).optional(),
});
export type CardActionInput = z.infer<typeof CardActionSchema>;

export type CardActionResult = {
  eventId: string;
  token: string;
  toast?: unknown;
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

/** Why a click cannot happen at all (the message is missing, recalled or not a card): not a Feishu error code. */
export class CardActionRefused extends Error {}

/**
 * Plays Feishu for one card interaction: registers a card update token, delivers `card.action.trigger`
 * (signed and encrypted when an Encrypt Key is set) to the card callback URL, waits up to 3 s for HTTP 200,
 * then applies the answer (toast, replacement card). Every step is recorded in state.cardCallbacks.
 */
export async function triggerCardAction(
  state: SandboxState,
  input: CardActionInput,
): Promise<CardActionResult> {
  const m = clickable(state, input.messageId);
  const appId = m.sender_app_id;
  const now = state.clock.now();
  if (state.cardTokens.size > MAX_RECORDS) {
    for (const [key, t] of state.cardTokens) if (t.expiresAt <= now) state.cardTokens.delete(key);
  }
  const token = `c-${newId(state, "", 40).toLowerCase()}`;
  state.cardTokens.set(token, {
    token,
    appId,
    messageId: m.message_id,
    issuedAt: now,
    expiresAt: now + CARD_TOKEN_TTL_MS,
    uses: 0,
  });
  const user = state.users.get(input.operatorOpenId);
  const operator: Record<string, string> = {
    tenant_key: state.apps.get(appId)?.tenantKey ?? "",
    open_id: input.operatorOpenId,
  };
  if (user) Object.assign(operator, { user_id: user.user_id, union_id: user.union_id });
  const event = {
    operator,
    token,
    action: actionOf(m, input),
    host: "im_message",
    context: { open_message_id: m.message_id, open_chat_id: m.chat_id },
  };
  const payload = envelope(state, appId, "card.action.trigger", event);
  const record: CardCallbackRecord = {
    eventId: payload.header.event_id,
    at: now,
    appId,
    messageId: m.message_id,
    operatorOpenId: input.operatorOpenId,
    token,
    payload,
    attempts: [],
    cardUpdated: false,
  };
  state.cardCallbacks.push(record);
  if (state.cardCallbacks.length > MAX_RECORDS)
    state.cardCallbacks.splice(0, state.cardCallbacks.length - MAX_RECORDS);
  return attempt(state, record, m, input.deadlineMs);
}

/**
 * Delivers a recorded callback again, byte-for-byte the same envelope (same event_id), and applies the
 * answer again. Feishu re-pushes failed events (15 s, 5 min, 1 h, 6 h) but documents that card callbacks
 * are not re-pushed; this is how tests force a duplicate delivery to check a receiver dedupes on event_id.
 */
export async function redeliver(
  state: SandboxState,
  eventId: string,
  opts: { deadlineMs?: number } = {},
): Promise<CardActionResult> {
  const record = state.cardCallbacks.find((r) => r.eventId === eventId);
  if (!record) throw new CardActionRefused(`no card callback with event_id ${eventId}`);
  const m = state.messages.get(record.messageId);
  if (!m) throw new CardActionRefused(`message ${record.messageId} is gone`);
  return attempt(state, record, m, opts.deadlineMs);
}

async function attempt(
  state: SandboxState,
  record: CardCallbackRecord,
  m: SentMessage,
  deadlineMs?: number,
): Promise<CardActionResult> {
  const url = state.delivery.cardUrl;
  const at = state.clock.now();
  let outcome: Pick<CardActionResult, "toast" | "cardUpdated" | "error">;
  if (!url) {
    outcome = {
      cardUpdated: false,
      error: { code: Codes.callbackNoUrl, msg: "no card callback URL is configured" },
    };
    record.attempts.push({ at, status: 0, ms: 0, error: outcome.error });
  } else {
    const res = await deliver(state, url, record.payload, {
      kind: "callback",
      api: "card.action.trigger",
      deadlineMs,
    });
    record.attempts.push({ at, status: res.status, ms: res.ms, ...(res.error ? { error: res.error } : {}) });
    record.answer = res.body;
    outcome = res.error ? { cardUpdated: false, error: res.error } : applyCardAnswer(state, m, res.body);
  }
  record.toast = outcome.toast;
  record.cardUpdated = outcome.cardUpdated;
  record.error = outcome.error;
  const result: CardActionResult = {
    eventId: record.eventId,
    token: record.token,
    cardUpdated: outcome.cardUpdated,
  };
  if (outcome.toast !== undefined) result.toast = outcome.toast;
  if (outcome.error) result.error = outcome.error;
  return result;
}

function clickable(state: SandboxState, messageId: string): SentMessage {
  const m = state.messages.get(messageId);
  if (!m) throw new CardActionRefused(`no message ${messageId}`);
  if (m.deleted) throw new CardActionRefused(`message ${messageId} was recalled`);
  if (m.msg_type !== "interactive") throw new CardActionRefused(`message ${messageId} is not a card`);
  return m;
}

function actionOf(m: SentMessage, input: CardActionInput): Record<string, unknown> {
  const card = parseCardContent(m.content);
  const component = input.name && card?.ok ? findComponent(card.card.json, input.name) : undefined;
  const action: Record<string, unknown> = {
    tag: input.tag ?? component?.tag ?? "button",
    value: input.value ?? component?.value ?? {},
  };
  if (input.name) action.name = input.name;
  if (input.formValue) action.form_value = input.formValue;
  if (input.inputValue !== undefined) action.input_value = input.inputValue;
  if (input.option !== undefined) action.option = input.option;
  if (input.options) action.options = input.options;
  if (input.checked !== undefined) action.checked = input.checked;
  return action;
}
