import { Codes, SandboxError } from "../envelope.ts";
import type { ParsedCard } from "./card.ts";
import { cardErrorText, isObject, parseCard } from "./card.ts";

/** msg_type values the send and reply APIs accept. */
export const MSG_TYPES = [
  "text",
  "post",
  "image",
  "file",
  "audio",
  "media",
  "sticker",
  "interactive",
  "share_chat",
  "share_user",
  "system",
] as const;

/** Body limits from the send-message docs: text 150 KB; cards and rich text (post) 30 KB. */
export const TEXT_MAX_BYTES = 150 * 1024;
export const CARD_MAX_BYTES = 30 * 1024;

export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * Checks a message body as Feishu does before sending: known msg_type (230001), size (230025),
 * content is a JSON string of the right shape (230001), a card parses (230099).
 */
export function checkContent(msgType: unknown, content: unknown): { card?: ParsedCard } {
  if (typeof msgType !== "string" || !(MSG_TYPES as readonly string[]).includes(msgType)) {
    throw badParam(`invalid msg_type ${JSON.stringify(msgType)}`);
  }
  if (typeof content !== "string" || content === "")
    throw badParam("content must be a non-empty JSON string");
  const limit =
    msgType === "text"
      ? TEXT_MAX_BYTES
      : msgType === "interactive" || msgType === "post"
        ? CARD_MAX_BYTES
        : 0;
  if (limit && byteLength(content) > limit) {
    throw new SandboxError(
      Codes.imContentTooLarge,
      `The length of the message content reaches its limit (${byteLength(content)} bytes > ${limit}).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw badParam("content is not valid JSON");
  }
  if (!isObject(parsed)) throw badParam("content must be a JSON object");
  if (msgType === "text" && typeof parsed.text !== "string")
    throw badParam('text content needs {"text": string}');
  if (msgType === "interactive") return { card: checkCard(parsed) };
  return {};
}

/** A card body for send, reply or PATCH: 230099 with Feishu's sub-code when it does not parse. */
export function checkCard(value: unknown): ParsedCard {
  const check = parseCard(value);
  if (!check.ok) throw new SandboxError(Codes.imCardContentFailed, cardErrorText(check));
  return check.card;
}

export function badParam(detail: string): SandboxError {
  return new SandboxError(
    Codes.imBadParam,
    `Your request contains an invalid request parameter, ext=${detail}`,
  );
}
