import { Hono } from "hono";
import { z } from "zod";
import { Codes, ok, SandboxError } from "../envelope.ts";
import type { SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import { findUser, userIdAs } from "../org.ts";
import type { SandboxChat, SandboxState } from "../state.ts";
import { newId } from "../state.ts";
import { pageOf } from "./paging.ts";

const LEVEL_4 = { perMinute: 1000, perSecond: 50 };

/** GET /open-apis/im/v1/chats (the chats the bot is in) and GET /chats/:chat_id, with the fields we use. */
export function chatRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  app.get("/open-apis/im/v1/chats", guard(state, { name: "im.chat.list", limit: LEVEL_4 }), (c) => {
    const appId = c.get("appId");
    const idType = c.req.query("user_id_type") ?? "open_id";
    const mine = [...state.chats.values()].filter((chat) => chat.bots.includes(appId));
    const page = pageOf(mine, c.req.query("page_size"), c.req.query("page_token"), {
      defaultSize: 20,
      maxSize: 100,
    });
    if (!page.ok)
      throw new SandboxError(
        Codes.chatBadParam,
        `Your request contains an invalid request parameter: ${page.problem}`,
      );
    return ok(c, {
      items: page.items.map((chat) => ({
        chat_id: chat.chat_id,
        avatar: "",
        name: chat.name,
        description: chat.description ?? "",
        owner_id: userIdAs(state, chat.owner_open_id, idType) ?? "",
        owner_id_type: idType,
        external: chat.external,
        tenant_key: tenantKeyOf(state, appId),
        chat_status: "normal",
      })),
      has_more: page.hasMore,
      ...(page.pageToken ? { page_token: page.pageToken } : {}),
    });
  });

  app.get("/open-apis/im/v1/chats/:chat_id", guard(state, { name: "im.chat.get", limit: LEVEL_4 }), (c) => {
    const appId = c.get("appId");
    const chat = state.chats.get(c.req.param("chat_id"));
    if (!chat)
      throw new SandboxError(Codes.chatInvalidId, "Your request specifies a chat_id which is invalid.");
    if (!chat.bots.includes(appId))
      throw new SandboxError(Codes.chatOperatorNotIn, "Operator can NOT be out of the chat.");
    return ok(c, renderChat(state, chat, appId, c.req.query("user_id_type") ?? "open_id"));
  });
  return app;
}

function renderChat(state: SandboxState, chat: SandboxChat, appId: string, idType: string) {
  const p2p = chat.mode === "p2p";
  return {
    avatar: "",
    name: chat.name,
    description: chat.description ?? "",
    owner_id_type: idType,
    owner_id: userIdAs(state, chat.owner_open_id, idType) ?? "",
    chat_mode: p2p ? "p2p" : "group",
    chat_type: "private",
    chat_tag: "inner",
    external: chat.external,
    tenant_key: tenantKeyOf(state, appId),
    user_count: String(chat.members.length),
    bot_count: String(chat.bots.length),
    chat_status: "normal",
  };
}

function tenantKeyOf(state: SandboxState, appId: string): string {
  return state.apps.get(appId)?.tenantKey ?? "";
}

/** A group chat for tests and demos; members by any user id type, bots default to every registered app. */
export const GroupChatSchema = z.object({
  name: z.string().min(1),
  members: z.array(z.string()).default([]),
  bots: z.array(z.string()).optional(),
  external: z.boolean().default(false),
  owner: z.string().optional(),
  description: z.string().optional(),
});

export function createGroupChat(state: SandboxState, input: z.infer<typeof GroupChatSchema>): SandboxChat {
  const chat: SandboxChat = {
    chat_id: newId(state, "oc_", 32),
    name: input.name,
    external: input.external,
    members: input.members.map((id) => openIdOf(state, id)),
    bots: input.bots ?? [...state.apps.keys()],
    mode: "group",
    create_time: state.clock.now(),
  };
  if (input.owner) chat.owner_open_id = openIdOf(state, input.owner);
  if (input.description) chat.description = input.description;
  state.chats.set(chat.chat_id, chat);
  return chat;
}

function openIdOf(state: SandboxState, id: string): string {
  for (const type of ["open_id", "user_id", "union_id", "email"]) {
    const u = findUser(state, type, id);
    if (u) return u.open_id;
  }
  return id;
}
