import type { World } from "../support/world.ts";

export type ActionAnswer = {
  eventId: string;
  toast?: { type?: string; content?: string };
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

/** A click or a form submit as Feishu delivers it: signed, encrypted, over HTTP to the service. */
export function act(w: World, messageId: string, body: Record<string, unknown>): Promise<ActionAnswer> {
  return control(w, `/_sandbox/cards/${messageId}/action`, body) as Promise<ActionAnswer>;
}

export function replay(w: World, eventId: string): Promise<ActionAnswer> {
  return control(w, `/_sandbox/callbacks/${eventId}/replay`, {}) as Promise<ActionAnswer>;
}

export async function control(w: World, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${w.sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export type Sent = { messageId: string; chatId: string; type: string; content: string; uuid?: string };

/** Messages the bot sent to a person (their one-to-one chat) or into a group, oldest first. */
export function messagesTo(w: World, id: string): Sent[] {
  return [...w.sandbox.state.messages.values()]
    .filter((m) => !m.deleted && (m.receiver_open_id === id || m.chat_id === id))
    .sort((a, b) => a.create_time - b.create_time)
    .map((m) => ({
      messageId: m.message_id,
      chatId: m.chat_id,
      type: m.msg_type,
      content: m.content,
      uuid: m.uuid,
    }));
}

/** Callback values in a card (JSON text), optionally only those of one action (and one contact). */
export function buttonValues(
  content: string,
  action?: string,
  contactId?: string,
): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.type === "callback" && o.value && typeof o.value === "object") {
        const v = o.value as Record<string, unknown>;
        if ((!action || v.action === action) && (!contactId || v.contactId === contactId)) found.push(v);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(content));
  return found;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
