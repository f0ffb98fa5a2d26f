import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";

/** The SDK logs every failed call; the failures here are the point, so keep the output clean. */
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const APP = { appId: "cli_sandbox_im", appSecret: "im-secret" };
const WANG = {
  open_id: "ou_wangfang",
  user_id: "wangfang",
  union_id: "on_wangfang",
  name: "王芳",
  email: "fang.wang@example.com",
};
const LI = {
  open_id: "ou_lilei",
  user_id: "lilei",
  union_id: "on_lilei",
  name: "李雷",
  email: "lei.li@example.com",
};

let sandbox: RunningSandbox;
let client: lark.Client;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await control("POST", "/reset");
  await control("POST", "/seed/org", { users: [WANG, LI] });
  client = newClient();
});

/** A fresh client with its own token cache: the SDK's shared cache would outlive clock jumps and resets. */
function newClient() {
  return new lark.Client({
    ...APP,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
    cache: new lark.DefaultCache(),
  });
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] };
}

/** The SDK's axios transport throws on non-2xx: return Feishu's status and body instead. */
async function feishuError(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    const res = (err as { response?: { status: number; data: { code: number; msg: string } } }).response;
    if (res) return { status: res.status, code: res.data.code, msg: res.data.msg };
    throw err;
  }
  throw new Error("expected the call to fail");
}

const card2 = (text: string) => ({
  schema: "2.0",
  config: { update_multi: true },
  body: { elements: [{ tag: "markdown", content: text }] },
});
const card1 = (text: string, shared: boolean) => ({
  config: shared ? { update_multi: true } : {},
  elements: [{ tag: "div", text: { tag: "lark_md", content: text } }],
});

const sendCard = (card: unknown, receiveId = WANG.open_id, uuid?: string) =>
  client.im.message.create({
    params: { receive_id_type: "open_id" },
    data: {
      receive_id: receiveId,
      msg_type: "interactive",
      content: JSON.stringify(card),
      ...(uuid ? { uuid } : {}),
    },
  });

describe("sending messages", () => {
  it("answers the documented message object for a card sent by open_id", async () => {
    const res = await sendCard(card2("**你好**"));
    expect(res.code).toBe(0);
    const m = res.data!;
    expect(m.message_id).toMatch(/^om_/);
    expect(m.chat_id).toMatch(/^oc_/);
    expect(m.msg_type).toBe("interactive");
    expect(m.create_time).toMatch(/^\d{13}$/);
    expect(m.sender).toMatchObject({ id: APP.appId, id_type: "app_id", sender_type: "app" });
    expect(JSON.parse(m.body!.content)).toEqual(card2("**你好**"));
    expect(m).toMatchObject({ deleted: false, updated: false });
  });

  it("reuses one p2p chat per user, whichever id type addresses them", async () => {
    const first = await sendCard(card2("1"));
    const byEmail = await client.im.message.create({
      params: { receive_id_type: "email" },
      data: { receive_id: WANG.email, msg_type: "text", content: JSON.stringify({ text: "2" }) },
    });
    const other = await sendCard(card2("3"), LI.open_id);
    expect(byEmail.data?.chat_id).toBe(first.data?.chat_id);
    expect(other.data?.chat_id).not.toBe(first.data?.chat_id);
  });

  it("sends into a group chat the bot is in, by chat_id", async () => {
    const chat = await control("POST", "/chats", {
      name: "华东大客户群",
      members: [WANG.open_id, LI.open_id],
    });
    const res = await client.im.message.create({
      params: { receive_id_type: "chat_id" },
      data: {
        receive_id: chat.chat_id as string,
        msg_type: "text",
        content: JSON.stringify({ text: "早上好" }),
      },
    });
    expect(res.data?.chat_id).toBe(chat.chat_id);
  });

  it("sends one message for the same uuid sent twice", async () => {
    const a = await sendCard(card2("提醒"), WANG.open_id, "reminder:rec1:2026-11-24");
    const b = await sendCard(card2("提醒"), WANG.open_id, "reminder:rec1:2026-11-24");
    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect((await control("GET", "/messages")).items).toHaveLength(1);
  });

  it("refuses a user outside the app's availability with 230013", async () => {
    expect(await feishuError(sendCard(card2("x"), "ou_nobody"))).toMatchObject({ status: 400, code: 230013 });
  });

  it("refuses a group the bot is not in with 230002", async () => {
    const chat = await control("POST", "/chats", {
      name: "别的群",
      members: [WANG.open_id],
      bots: ["cli_other"],
    });
    const call = client.im.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: chat.chat_id as string, msg_type: "text", content: JSON.stringify({ text: "x" }) },
    });
    expect(await feishuError(call)).toMatchObject({ status: 400, code: 230002 });
  });

  it("refuses a card over 30 KB with 230025", async () => {
    const big = card2("字".repeat(11 * 1024)); // 3 bytes each: about 33 KB
    expect(await feishuError(sendCard(big))).toMatchObject({ status: 400, code: 230025 });
  });

  it("refuses content that is not JSON, or an unknown msg_type, with 230001", async () => {
    const notJson = client.im.message.create({
      params: { receive_id_type: "open_id" },
      data: { receive_id: WANG.open_id, msg_type: "text", content: "hello" },
    });
    const badType = client.im.message.create({
      params: { receive_id_type: "open_id" },
      data: { receive_id: WANG.open_id, msg_type: "card", content: "{}" },
    });
    expect(await feishuError(notJson)).toMatchObject({ code: 230001 });
    expect(await feishuError(badType)).toMatchObject({ code: 230001 });
  });

  it("refuses interactive content that is not a card with 230099", async () => {
    expect(await feishuError(sendCard({ hello: "world" }))).toMatchObject({ code: 230099 });
  });

  it("answers 230020 to the sixth message within a second to one user", async () => {
    await client.tokenManager.getTenantAccessToken();
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(
        await sendCard(card2(`#${i}`)).then(
          () => 0,
          (e) => e.response.data.code,
        ),
      );
    expect(results).toEqual([0, 0, 0, 0, 0, 230020]);
    expect((await sendCard(card2("other user"), LI.open_id)).code).toBe(0);
  });
});

describe("updating, replying and recalling", () => {
  it("patches a shared card's content", async () => {
    const sent = await sendCard(card2("待拜访"));
    const id = sent.data!.message_id!;
    await client.im.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(card2("已拜访")) },
    });
    const got = await client.im.message.get({ path: { message_id: id } });
    expect(JSON.parse(got.data!.items![0]!.body!.content)).toEqual(card2("已拜访"));
    expect(got.data?.items?.[0]?.updated).toBe(true);
  });

  it("refuses to patch a card that does not declare update_multi", async () => {
    const sent = await sendCard(card1("exclusive", false));
    const call = client.im.message.patch({
      path: { message_id: sent.data!.message_id! },
      data: { content: JSON.stringify(card1("new", true)) },
    });
    expect(await feishuError(call)).toMatchObject({ status: 400, code: 230001 });
  });

  it("keeps a 2.0 card at 2.0", async () => {
    const sent = await sendCard(card2("v2"));
    const call = client.im.message.patch({
      path: { message_id: sent.data!.message_id! },
      data: { content: JSON.stringify(card1("v1", true)) },
    });
    expect(await feishuError(call)).toMatchObject({ code: 230099 });
  });

  it("refuses to patch a card sent more than 14 days ago with 230031", async () => {
    const sent = await sendCard(card2("old"));
    await control("POST", "/clock", { advanceMs: 15 * 24 * 3600 * 1000 });
    const later = newClient(); // the first client's token expired with the clock jump
    const call = later.im.message.patch({
      path: { message_id: sent.data!.message_id! },
      data: { content: JSON.stringify(card2("new")) },
    });
    expect(await feishuError(call)).toMatchObject({ code: 230031 });
  });

  it("replies in the parent's chat with parent and root ids", async () => {
    const parent = (await sendCard(card2("parent"))).data!;
    const reply = await client.im.message.reply({
      path: { message_id: parent.message_id! },
      data: { msg_type: "text", content: JSON.stringify({ text: "收到" }) },
    });
    expect(reply.data).toMatchObject({
      chat_id: parent.chat_id,
      parent_id: parent.message_id,
      root_id: parent.message_id,
    });
  });

  it("recalls a message: it reads as deleted, and can no longer be patched", async () => {
    const id = (await sendCard(card2("oops"))).data!.message_id!;
    await client.im.message.delete({ path: { message_id: id } });
    const got = await client.im.message.get({ path: { message_id: id } });
    expect(got.data?.items?.[0]).toMatchObject({ deleted: true, body: { content: "" } });
    const call = client.im.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(card2("x")) },
    });
    expect(await feishuError(call)).toMatchObject({ code: 230011 });
  });
});

describe("chats", () => {
  it("lists the chats the bot is in and reads one", async () => {
    const chat = await control("POST", "/chats", { name: "华北大客户群", members: [WANG.open_id] });
    await sendCard(card2("p2p"));
    const list = await client.im.chat.list({ params: { page_size: 10 } });
    expect(list.data?.items?.map((c) => c.chat_id)).toContain(chat.chat_id);
    const one = await client.im.chat.get({ path: { chat_id: chat.chat_id as string } });
    expect(one.data).toMatchObject({ name: "华北大客户群", chat_mode: "group", user_count: "1" });
  });
});
