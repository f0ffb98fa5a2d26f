import { Codes, SandboxError } from "../envelope.ts";
import type { MessageRevision, SandboxState, SentMessage } from "../state.ts";
import { newId } from "../state.ts";
import { badParam } from "./content.ts";
import type { Recipient } from "./recipients.ts";

/** Sends with the same uuid (per app) within this window give back the first message and send nothing. */
export const UUID_WINDOW_MS = 60 * 60 * 1000;
export const UUID_MAX_LENGTH = 50;

export type NewMessage = {
  msg_type: string;
  content: string;
  receive_id: string;
  receive_id_type: string;
  parent?: SentMessage;
  replyInThread?: boolean;
  uuid?: string;
};

/** The message a uuid already produced within the hour, if any (validates the uuid on the way). */
export function priorByUuid(state: SandboxState, appId: string, uuid: unknown): SentMessage | undefined {
  if (uuid === undefined || uuid === null || uuid === "") return undefined;
  if (typeof uuid !== "string" || uuid.length > UUID_MAX_LENGTH) {
    throw badParam(`uuid must be a string of at most ${UUID_MAX_LENGTH} characters`);
  }
  const seen = state.messageUuids.get(`${appId}|${uuid}`);
  if (!seen || state.clock.now() - seen.at >= UUID_WINDOW_MS) return undefined;
  return state.messages.get(seen.message_id);
}

export function createMessage(
  state: SandboxState,
  appId: string,
  to: Recipient,
  input: NewMessage,
): SentMessage {
  const now = state.clock.now();
  const parent = input.parent;
  const m: SentMessage = {
    message_id: newId(state, "om_", 32),
    msg_type: input.msg_type,
    content: input.content,
    chat_id: to.chat.chat_id,
    receive_id: input.receive_id,
    receive_id_type: input.receive_id_type,
    sender_app_id: appId,
    create_time: now,
    update_time: now,
    updated: 0,
    deleted: false,
    revisions: [],
  };
  if (to.userOpenId) m.receiver_open_id = to.userOpenId;
  if (input.uuid) m.uuid = input.uuid;
  if (parent) {
    m.parent_id = parent.message_id;
    m.root_id = parent.root_id ?? parent.message_id;
    if (input.replyInThread || parent.thread_id) m.thread_id = parent.thread_id ?? newId(state, "omt_", 12);
  }
  state.messages.set(m.message_id, m);
  if (input.uuid) state.messageUuids.set(`${appId}|${input.uuid}`, { message_id: m.message_id, at: now });
  return m;
}

/** A message by id for an operation on it: unknown → 230001, recalled → 230011 (unless allowed). */
export function messageFor(
  state: SandboxState,
  id: string,
  opts: { allowRecalled?: boolean } = {},
): SentMessage {
  const m = state.messages.get(id);
  if (!m) throw badParam(`message_id ${id} does not exist`);
  if (m.deleted && !opts.allowRecalled)
    throw new SandboxError(Codes.imMessageRecalled, "The message is recalled.");
  return m;
}

export function reviseMessage(
  state: SandboxState,
  m: SentMessage,
  content: string,
  via: MessageRevision["via"],
  openIds?: string[],
): void {
  const at = state.clock.now();
  m.content = content;
  m.update_time = at;
  m.updated++;
  const revision: MessageRevision = { at, content, via };
  if (openIds?.length) revision.open_ids = openIds;
  m.revisions = [...(m.revisions ?? []), revision];
}

/** The message object of the send/reply/get responses. A recalled message carries no content. */
export function renderMessage(state: SandboxState, m: SentMessage) {
  const app = state.apps.get(m.sender_app_id);
  const out: Record<string, unknown> = {
    message_id: m.message_id,
    msg_type: m.msg_type,
    create_time: String(m.create_time),
    update_time: String(m.update_time),
    deleted: m.deleted,
    updated: m.updated > 0,
    chat_id: m.chat_id,
    sender: { id: m.sender_app_id, id_type: "app_id", sender_type: "app", tenant_key: app?.tenantKey ?? "" },
    body: { content: m.deleted ? "" : m.content },
  };
  if (m.root_id) out.root_id = m.root_id;
  if (m.parent_id) out.parent_id = m.parent_id;
  if (m.thread_id) out.thread_id = m.thread_id;
  return out;
}
