import { z } from "zod";
import { Codes } from "../envelope.ts";
import type { SandboxState, SentMessage } from "../state.ts";
import { isObject, parseCard, parseCardContent } from "./card.ts";
import { byteLength, CARD_MAX_BYTES } from "./content.ts";
import { reviseMessage } from "./messages.ts";

/**
 * How Feishu applies the answer to a card.action.trigger callback: an optional toast for the clicking user
 * and an optional card that replaces the message's card. A malformed answer is 200672, a bad card 200673,
 * and a JSON 2.0 card answered with a 1.0 card 200830.
 */
const ToastSchema = z.object({
  type: z.enum(["info", "success", "error", "warning"]).optional(),
  content: z.string().optional(),
  i18n: z.record(z.string(), z.string()).optional(),
});
const AnswerSchema = z.object({
  toast: ToastSchema.optional(),
  card: z.object({ type: z.enum(["raw", "template"]), data: z.record(z.string(), z.unknown()) }).optional(),
});
export type CardAnswer = z.infer<typeof AnswerSchema>;

export type AppliedAnswer = {
  toast?: CardAnswer["toast"];
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

export function applyCardAnswer(state: SandboxState, m: SentMessage, body: unknown): AppliedAnswer {
  // An empty 200 answer is what SDK adapters send when a handler returns nothing: keep the card as it is.
  if (body === undefined) return { cardUpdated: false };
  if (!isObject(body)) return badBody("the answer must be a JSON object");
  if ("schema" in body || "elements" in body || "header" in body) {
    return badBody('the answer looks like a bare card: answer {card: {type: "raw", data: <card>}}');
  }
  const parsed = AnswerSchema.safeParse(body);
  if (!parsed.success)
    return badBody(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const { toast, card } = parsed.data;
  if (!card) return { toast, cardUpdated: false };
  const content = JSON.stringify(
    card.type === "template" ? { type: "template", data: card.data } : card.data,
  );
  const check = parseCard(card.type === "template" ? { type: "template", data: card.data } : card.data);
  if (!check.ok) return failed(Codes.callbackBadCard, `bad card: ${check.msg}`);
  if (byteLength(content) > CARD_MAX_BYTES)
    return failed(Codes.callbackBadCard, "the card is larger than 30 KB");
  const current = parseCardContent(m.content);
  if (current?.ok && current.card.kind === "v2" && check.card.kind === "v1") {
    return failed(Codes.callbackV2ToV1, "a JSON 2.0 card cannot be updated to a JSON 1.0 card");
  }
  if (m.deleted) return { toast, cardUpdated: false };
  reviseMessage(state, m, content, "callback");
  return { toast, cardUpdated: true };
}

/** On a failed answer the user sees Feishu's error code instead of the toast, and the card stays. */
function failed(code: number, msg: string): AppliedAnswer {
  return { cardUpdated: false, error: { code, msg } };
}

function badBody(msg: string): AppliedAnswer {
  return failed(Codes.callbackBadBody, `bad answer body: ${msg}`);
}
