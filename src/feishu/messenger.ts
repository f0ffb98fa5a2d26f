import { z } from "zod";
import { callFeishu } from "./call.ts";
import type { FeishuCore } from "./client.ts";
import { messageUuidFor } from "./idempotency.ts";

export type ReceiveIdType = "open_id" | "user_id" | "union_id" | "email" | "chat_id";
export type Card = Record<string, unknown>;

export type SendTarget = {
  receiveIdType: ReceiveIdType;
  receiveId: string;
  /** The effect key (e.g. reminder:rec123:2026-11-24); keys over 50 characters are hashed to fit. */
  uuid: string;
};
export type SentMessage = { messageId: string; chatId?: string };

export type Messenger = {
  sendCard(msg: SendTarget & { card: Card }): Promise<SentMessage>;
  sendText(msg: SendTarget & { text: string }): Promise<SentMessage>;
  /** Replaces a sent card (both cards need config.update_multi: true; only within 14 days). */
  patchCard(messageId: string, card: Card): Promise<void>;
  reply(
    msg: { messageId: string; uuid: string; replyInThread?: boolean } & ({ card: Card } | { text: string }),
  ): Promise<SentMessage>;
  recall(messageId: string): Promise<void>;
  /** Delayed update with a card callback's token (valid 30 min, at most two updates). */
  updateCardByToken(token: string, card: Card): Promise<void>;
};

const SentSchema = z.object({ message_id: z.string(), chat_id: z.string().optional() });
const Empty = z.unknown();

/** Sends and updates messages. A send always carries a uuid: a repeat within the hour sends nothing. */
export function createMessenger(client: FeishuCore): Messenger {
  const { sdk } = client;
  const sent = (a: z.infer<typeof SentSchema>): SentMessage =>
    a.chat_id ? { messageId: a.message_id, chatId: a.chat_id } : { messageId: a.message_id };

  const send = async (target: SendTarget, msg_type: "interactive" | "text", content: string) => {
    if (!target.uuid)
      throw new Error("sendCard/sendText need a uuid (the effect key) so a retry cannot send twice");
    const uuid = await messageUuidFor(target.uuid);
    const answer = await callFeishu(
      client,
      "im.message.create",
      { receiveId: target.receiveId },
      SentSchema,
      () =>
        sdk.im.message.create({
          params: { receive_id_type: target.receiveIdType },
          data: { receive_id: target.receiveId, msg_type, content, uuid },
        }),
    );
    return sent(answer);
  };

  return {
    sendCard: (msg) => send(msg, "interactive", JSON.stringify(msg.card)),
    sendText: (msg) => send(msg, "text", JSON.stringify({ text: msg.text })),

    async patchCard(messageId, card) {
      await callFeishu(client, "im.message.patch", { messageId }, Empty, () =>
        sdk.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }),
      );
    },

    async reply(msg) {
      if (!msg.uuid) throw new Error("reply needs a uuid (the effect key) so a retry cannot reply twice");
      const [msg_type, content] =
        "card" in msg
          ? (["interactive", JSON.stringify(msg.card)] as const)
          : (["text", JSON.stringify({ text: msg.text })] as const);
      const uuid = await messageUuidFor(msg.uuid);
      const answer = await callFeishu(
        client,
        "im.message.reply",
        { messageId: msg.messageId },
        SentSchema,
        () =>
          sdk.im.message.reply({
            path: { message_id: msg.messageId },
            data: { msg_type, content, uuid, reply_in_thread: msg.replyInThread },
          }),
      );
      return sent(answer);
    },

    async recall(messageId) {
      await callFeishu(client, "im.message.delete", { messageId }, Empty, () =>
        sdk.im.message.delete({ path: { message_id: messageId } }),
      );
    },

    async updateCardByToken(token, card) {
      await callFeishu(client, "interactive.card.update", {}, Empty, () =>
        sdk.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token, card } }),
      );
    },
  };
}
