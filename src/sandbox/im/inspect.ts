import type { SandboxState, SentMessage } from "../state.ts";

/** Which messages the console or a test wants to see. */
export type MessageFilter = { receiveId?: string; chatId?: string; since?: number };

/**
 * Sent messages as the console shows them: content parsed (cards as JSON), every revision, and the card
 * callbacks each one got (toast, whether the card changed, Feishu's error code when the receiver failed).
 */
export function messagesView(state: SandboxState, filter: MessageFilter) {
  const out = [];
  for (const m of state.messages.values()) {
    if (filter.chatId && m.chat_id !== filter.chatId) continue;
    if (filter.receiveId && !isFor(state, m, filter.receiveId)) continue;
    if (filter.since !== undefined && Math.max(m.create_time, m.update_time) < filter.since) continue;
    out.push(view(state, m));
  }
  return out.sort((a, b) => a.create_time - b.create_time);
}

function view(state: SandboxState, m: SentMessage) {
  const receiver = m.receiver_open_id ? state.users.get(m.receiver_open_id) : undefined;
  return {
    message_id: m.message_id,
    chat_id: m.chat_id,
    chat_mode: state.chats.get(m.chat_id)?.mode ?? "group",
    receive_id: m.receive_id,
    receive_id_type: m.receive_id_type,
    receiver_open_id: m.receiver_open_id,
    receiver_name: receiver?.name,
    sender_app_id: m.sender_app_id,
    msg_type: m.msg_type,
    create_time: m.create_time,
    update_time: m.update_time,
    deleted: m.deleted,
    updates: m.updated,
    uuid: m.uuid,
    parent_id: m.parent_id,
    root_id: m.root_id,
    content: parse(m.content),
    revisions: (m.revisions ?? []).map((r) => ({
      at: r.at,
      via: r.via,
      open_ids: r.open_ids,
      content: parse(r.content),
    })),
    callbacks: state.cardCallbacks
      .filter((cb) => cb.messageId === m.message_id)
      .map((cb) => ({
        event_id: cb.eventId,
        at: cb.at,
        operator_open_id: cb.operatorOpenId,
        action: (cb.payload as { event?: { action?: unknown } }).event?.action,
        toast: cb.toast,
        card_updated: cb.cardUpdated,
        error: cb.error,
        attempts: cb.attempts.length,
      })),
  };
}

function isFor(state: SandboxState, m: SentMessage, id: string): boolean {
  if (m.receive_id === id || m.receiver_open_id === id) return true;
  const u = m.receiver_open_id ? state.users.get(m.receiver_open_id) : undefined;
  return !!u && (u.user_id === id || u.union_id === id || u.email.toLowerCase() === id.toLowerCase());
}

function parse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}
