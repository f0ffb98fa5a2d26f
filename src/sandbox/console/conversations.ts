import { messagesView } from "../im/inspect.ts";
import type { SandboxState, SentMessage } from "../state.ts";

/** One row in the chat list: a person's p2p chat with the bot, or a group chat. */
export type ConversationSummary = {
  key: string;
  href: string;
  title: string;
  subtitle: string;
  count: number;
  unread: number;
  lastAt: number;
};

export type Conversation =
  | { kind: "user"; key: string; openId: string; title: string; subtitle: string }
  | { kind: "group"; key: string; chatId: string; title: string; subtitle: string; members: string[] };

export type ConsoleMessage = ReturnType<typeof messagesView>[number];

/** When the console last showed each conversation (sandbox clock), for the unread-ish counts. */
export type SeenMarks = Map<string, number>;

const userKey = (openId: string) => `user:${openId}`;
const groupKey = (chatId: string) => `group:${chatId}`;

export function userHref(openId: string): string {
  return `/console/chats/u/${encodeURIComponent(openId)}`;
}

export function groupHref(chatId: string): string {
  return `/console/chats/g/${encodeURIComponent(chatId)}`;
}

function keyOf(state: SandboxState, m: SentMessage): string {
  const p2p = state.chats.get(m.chat_id)?.mode === "p2p";
  return p2p && m.receiver_open_id ? userKey(m.receiver_open_id) : groupKey(m.chat_id);
}

/** Every person (even those the bot never wrote to) and every group, busiest-recent first. */
export function listConversations(state: SandboxState, seen: SeenMarks) {
  const stats = new Map<string, { count: number; unread: number; lastAt: number }>();
  for (const m of state.messages.values()) {
    const key = keyOf(state, m);
    const s = stats.get(key) ?? { count: 0, unread: 0, lastAt: 0 };
    const at = Math.max(m.create_time, m.update_time);
    s.count++;
    if (at > (seen.get(key) ?? 0)) s.unread++;
    s.lastAt = Math.max(s.lastAt, at);
    stats.set(key, s);
  }
  const summary = (key: string, href: string, title: string, subtitle: string): ConversationSummary => ({
    key,
    href,
    title,
    subtitle,
    ...(stats.get(key) ?? { count: 0, unread: 0, lastAt: 0 }),
  });
  // Stable sort: people without messages keep the directory's order (head, leaders, managers).
  const byRecent = (a: ConversationSummary, b: ConversationSummary) => b.lastAt - a.lastAt;
  const people = [...state.users.values()]
    .map((u) => summary(userKey(u.open_id), userHref(u.open_id), u.name, u.job_title ?? ""))
    .sort(byRecent);
  const groups = [...state.chats.values()]
    .filter((c) => c.mode !== "p2p")
    .map((c) => summary(groupKey(c.chat_id), groupHref(c.chat_id), c.name, `${c.members.length} 人 members`))
    .sort(byRecent);
  return { people, groups };
}

export function userConversation(state: SandboxState, openId: string): Conversation | undefined {
  const u = state.users.get(openId);
  if (!u) return undefined;
  return { kind: "user", key: userKey(openId), openId, title: u.name, subtitle: u.job_title ?? "" };
}

export function groupConversation(state: SandboxState, chatId: string): Conversation | undefined {
  const chat = state.chats.get(chatId);
  if (!chat || chat.mode === "p2p") return undefined;
  return {
    kind: "group",
    key: groupKey(chatId),
    chatId,
    title: chat.name,
    subtitle: chat.description ?? "",
    members: chat.members,
  };
}

/** What the bot sent into the conversation, oldest first (newest at the bottom, as in a chat). */
export function conversationMessages(state: SandboxState, conv: Conversation): ConsoleMessage[] {
  return conv.kind === "user"
    ? messagesView(state, { receiveId: conv.openId }).filter((m) => m.chat_mode === "p2p")
    : messagesView(state, { chatId: conv.chatId });
}

/** Changes whenever a message arrives, changes or gets a callback: the live view re-renders only then. */
export function messagesVersion(messages: ConsoleMessage[]): string {
  let at = 0;
  let callbacks = 0;
  for (const m of messages) {
    at = Math.max(at, m.create_time, m.update_time);
    callbacks += m.callbacks.length;
  }
  return `${messages.length}.${at}.${callbacks}`;
}
