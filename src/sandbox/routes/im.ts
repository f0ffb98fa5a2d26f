import { Hono } from "hono";
import { Codes, ok, SandboxError } from "../envelope.ts";
import type { SandboxContext, SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import { cardErrorText, isObject, parseCardContent } from "../im/card.ts";
import { chatRoutes } from "../im/chats.ts";
import { badParam, byteLength, CARD_MAX_BYTES, checkCard, checkContent } from "../im/content.ts";
import { createMessage, messageFor, priorByUuid, renderMessage, reviseMessage } from "../im/messages.ts";
import { resolveRecipient, throttleRecipient } from "../im/recipients.ts";
import type { SandboxState } from "../state.ts";

/** Sent cards can be updated for 14 days (230031 after). */
export const PATCH_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
/** Updates to one message: 5 per second (230020 beyond). */
export const PATCH_PER_SECOND = 5;

const LEVEL_4 = { perMinute: 1000, perSecond: 50 };

/** /open-apis/im/v1/messages: send, reply, update a card (PATCH), recall (DELETE), get; plus the chat reads. */
export function imRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const base = "/open-apis/im/v1/messages";

  app.post(base, guard(state, { name: "im.message.create", limit: LEVEL_4 }), async (c) => {
    const appId = c.get("appId");
    const body = await readObject(c);
    checkContent(body.msg_type, body.content);
    const prior = priorByUuid(state, appId, body.uuid);
    if (prior) return ok(c, renderMessage(state, prior));
    const idType = c.req.query("receive_id_type") ?? "";
    const to = resolveRecipient(state, appId, idType, body.receive_id);
    throttleRecipient(state, appId, to);
    const m = createMessage(state, appId, to, {
      msg_type: body.msg_type as string,
      content: body.content as string,
      receive_id: body.receive_id as string,
      receive_id_type: idType,
      uuid: body.uuid as string | undefined,
    });
    return ok(c, renderMessage(state, m));
  });

  app.post(
    `${base}/:message_id/reply`,
    guard(state, { name: "im.message.reply", limit: LEVEL_4 }),
    async (c) => {
      const appId = c.get("appId");
      const body = await readObject(c);
      const parent = messageFor(state, c.req.param("message_id"));
      checkContent(body.msg_type, body.content);
      const prior = priorByUuid(state, appId, body.uuid);
      if (prior) return ok(c, renderMessage(state, prior));
      const to = resolveRecipient(state, appId, "chat_id", parent.chat_id);
      throttleRecipient(state, appId, to);
      const m = createMessage(state, appId, to, {
        msg_type: body.msg_type as string,
        content: body.content as string,
        receive_id: parent.chat_id,
        receive_id_type: "chat_id",
        parent,
        replyInThread: body.reply_in_thread === true,
        uuid: body.uuid as string | undefined,
      });
      return ok(c, renderMessage(state, m));
    },
  );

  app.patch(`${base}/:message_id`, guard(state, { name: "im.message.patch", limit: LEVEL_4 }), async (c) => {
    const appId = c.get("appId");
    const body = await readObject(c);
    const m = messageFor(state, c.req.param("message_id"));
    if (m.sender_app_id !== appId)
      throw new SandboxError(Codes.imNoPermission, "Lack of necessary permissions.");
    if (m.msg_type !== "interactive") throw badParam("only interactive messages (cards) can be updated");
    const now = state.clock.now();
    if (now - m.create_time > PATCH_WINDOW_MS) {
      throw new SandboxError(
        Codes.imMessageTooOld,
        "Message can only be modified within 14 days after sending.",
      );
    }
    if (state.limiter.hit(`im.patch|${m.message_id}`, { perSecond: PATCH_PER_SECOND }, now) > 0) {
      throw new SandboxError(Codes.imFrequencyLimit, "This operation triggers the frequency limit.");
    }
    if (typeof body.content !== "string") throw badParam("content must be a JSON string");
    if (byteLength(body.content) > CARD_MAX_BYTES) {
      throw new SandboxError(Codes.imContentTooLarge, "The length of the message content reaches its limit.");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.content);
    } catch {
      throw badParam("content is not valid JSON");
    }
    const next = checkCard(parsed);
    const current = parseCardContent(m.content);
    if (!current?.ok || !current.card.shared || !next.shared) {
      throw badParam(
        "only shared cards can be updated: declare config.update_multi = true in the old and the new card",
      );
    }
    if (current.card.kind === "v2" && next.kind === "v1") {
      throw new SandboxError(
        Codes.imCardContentFailed,
        cardErrorText({
          errCode: Codes.callbackV2ToV1,
          msg: "a JSON 2.0 card cannot be updated to a JSON 1.0 card",
        }),
      );
    }
    reviseMessage(state, m, body.content, "patch");
    return ok(c, {});
  });

  app.delete(`${base}/:message_id`, guard(state, { name: "im.message.delete", limit: LEVEL_4 }), (c) => {
    const m = messageFor(state, c.req.param("message_id"));
    if (m.sender_app_id !== c.get("appId")) {
      throw new SandboxError(Codes.imNoRecallPermission, "No permission to recall this message.");
    }
    m.deleted = true;
    m.update_time = state.clock.now();
    return ok(c, {});
  });

  app.get(`${base}/:message_id`, guard(state, { name: "im.message.get", limit: LEVEL_4 }), (c) => {
    const m = messageFor(state, c.req.param("message_id"), { allowRecalled: true });
    const chat = state.chats.get(m.chat_id);
    if (!chat?.bots.includes(c.get("appId"))) {
      throw new SandboxError(Codes.imBotNotInChat, "The bot can not be outside the group.");
    }
    return ok(c, { items: [renderMessage(state, m)] });
  });

  app.route("/", chatRoutes(state));
  return app;
}

async function readObject(c: SandboxContext): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (!isObject(body)) throw badParam("the request body must be a JSON object");
  return body;
}
