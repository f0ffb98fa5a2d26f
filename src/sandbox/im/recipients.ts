import { Codes, SandboxError } from "../envelope.ts";
import { findUser, isReachable } from "../org.ts";
import type { SandboxChat, SandboxState } from "../state.ts";
import { newId } from "../state.ts";
import { badParam } from "./content.ts";

export const RECEIVE_ID_TYPES = ["open_id", "user_id", "union_id", "email", "chat_id"] as const;

/** Where a message lands: a chat, and for one-to-one chats the user at the other end. */
export type Recipient = { chat: SandboxChat; userOpenId?: string };

/** Feishu's per-recipient pacing: 5/s to one user, 5/s to one group shared by every bot in it. */
export const PER_RECIPIENT_PER_SECOND = 5;

/**
 * Resolves receive_id the way send does: users must be reachable (in the app's availability and not departed,
 * else 230013) and get a p2p chat with the bot on first contact; a group must have the bot in it (230002).
 */
export function resolveRecipient(state: SandboxState, appId: string, idType: string, id: unknown): Recipient {
  if (!(RECEIVE_ID_TYPES as readonly string[]).includes(idType)) {
    throw badParam(`invalid receive_id_type ${JSON.stringify(idType)}`);
  }
  if (typeof id !== "string" || id === "") throw badParam("receive_id is required");
  if (idType === "chat_id") {
    const chat = state.chats.get(id);
    if (!chat?.bots.includes(appId)) {
      throw new SandboxError(Codes.imBotNotInChat, "The bot can not be outside the group.");
    }
    if (chat.mode === "p2p" && chat.p2p_open_id) {
      const user = findUser(state, "open_id", chat.p2p_open_id);
      if (!user || !isReachable(user)) throw outsideAvailability();
      return { chat, userOpenId: user.open_id };
    }
    return { chat };
  }
  const user = findUser(state, idType, id);
  if (!user || !isReachable(user)) throw outsideAvailability();
  return { chat: p2pChat(state, appId, user.open_id), userOpenId: user.open_id };
}

/** 230020 when the user (per app) or the group (shared by all bots) already had 5 messages this second. */
export function throttleRecipient(state: SandboxState, appId: string, to: Recipient): void {
  const key = to.userOpenId ? `im.p2p|${appId}|${to.userOpenId}` : `im.chat|${to.chat.chat_id}`;
  const wait = state.limiter.hit(key, { perSecond: PER_RECIPIENT_PER_SECOND }, state.clock.now());
  if (wait > 0)
    throw new SandboxError(Codes.imFrequencyLimit, "This operation triggers the frequency limit.");
}

function p2pChat(state: SandboxState, appId: string, openId: string): SandboxChat {
  for (const chat of state.chats.values()) {
    if (chat.mode === "p2p" && chat.p2p_open_id === openId && chat.bots.includes(appId)) return chat;
  }
  const chat: SandboxChat = {
    chat_id: newId(state, "oc_", 32),
    name: "",
    external: false,
    members: [openId],
    bots: [appId],
    mode: "p2p",
    p2p_open_id: openId,
    create_time: state.clock.now(),
  };
  state.chats.set(chat.chat_id, chat);
  return chat;
}

function outsideAvailability(): SandboxError {
  return new SandboxError(Codes.imUserOutOfScope, "Bot has NO availability to this user.");
}
