import type { IncomingHttpHeaders, RequestListener } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decryptPayload, signPayload } from "../../src/feishu/crypto.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";

/** The SDK logs every failed call; the failures here are the point, so keep the output clean. */
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const APP = { appId: "cli_sandbox_callbacks", appSecret: "cb-secret" };
const ENCRYPT_KEY = "kam-encrypt-key";
const VERIFICATION_TOKEN = "kam-verification-token";
const WANG = { open_id: "ou_wangfang", user_id: "wangfang", union_id: "on_wangfang", name: "王芳" };

/** What the fake service under test answers to the next callback. */
type Reply = { status?: number; body?: unknown; raw?: string; delayMs?: number };
type Received = { headers: IncomingHttpHeaders; raw: string };

let sandbox: RunningSandbox;
let client: lark.Client;
let receiver: { url: string; received: Received[]; reply: Reply; close(): Promise<void> };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await sandbox.stop();
});
beforeEach(async () => {
  await control("/reset", {});
  await control("/seed/org", { users: [WANG] });
  await control("/delivery", {
    cardUrl: receiver.url,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
  });
  receiver.received.length = 0;
  receiver.reply = { body: {} };
  client = new lark.Client({
    ...APP,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
    cache: new lark.DefaultCache(),
  });
});

async function listen(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/card`;
  return { url, close: () => new Promise<void>((done) => server.close(() => done())) };
}

async function startReceiver() {
  const received: Received[] = [];
  const state = { reply: {} as Reply };
  const server = await listen(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    received.push({ headers: req.headers, raw });
    const { status = 200, body = {}, raw: rawReply, delayMs = 0 } = state.reply;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(status, { "content-type": "application/json" }).end(rawReply ?? JSON.stringify(body));
  });
  return {
    ...server,
    received,
    get reply() {
      return state.reply;
    },
    set reply(r: Reply) {
      state.reply = r;
    },
  };
}

async function control(path: string, body: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

const visitCard = (title: string) => ({
  schema: "2.0",
  config: { update_multi: true },
  header: { title: { tag: "plain_text", content: title }, template: "blue" },
  body: {
    elements: [
      { tag: "markdown", content: "**华润万家** 本周需拜访" },
      {
        tag: "button",
        name: "log_visit",
        text: { tag: "plain_text", content: "记录拜访" },
        behaviors: [{ type: "callback", value: { action: "visit.log", record: "rec1" } }],
      },
    ],
  },
});

async function sendVisitCard() {
  const res = await client.im.message.create({
    params: { receive_id_type: "open_id" },
    data: {
      receive_id: WANG.open_id,
      msg_type: "interactive",
      content: JSON.stringify(visitCard("拜访提醒")),
    },
  });
  return res.data!;
}

type ClickResult = {
  eventId: string;
  token: string;
  cardUpdated: boolean;
  toast?: unknown;
  error?: { code: number };
};
const click = (messageId: string, extra: Record<string, unknown> = {}) =>
  control(`/cards/${messageId}/action`, {
    operatorOpenId: WANG.open_id,
    name: "log_visit",
    ...extra,
  }) as Promise<ClickResult>;

function decrypted(r: Received) {
  return JSON.parse(decryptPayload(ENCRYPT_KEY, (JSON.parse(r.raw) as { encrypt: string }).encrypt));
}

async function messageView(messageId: string) {
  const res = await fetch(`${sandbox.url}/_sandbox/messages`);
  const { items } = (await res.json()) as {
    items: { message_id: string; content: unknown; revisions: unknown[]; callbacks: { toast?: unknown }[] }[];
  };
  return items.find((m) => m.message_id === messageId)!;
}

describe("card.action.trigger delivery", () => {
  it("is signed and encrypted, and carries the documented schema 2.0 envelope", async () => {
    const m = await sendVisitCard();
    const result = await click(m.message_id!);
    const [req] = receiver.received;
    const ts = req!.headers["x-lark-request-timestamp"] as string;
    const nonce = req!.headers["x-lark-request-nonce"] as string;
    expect(req!.headers["x-lark-signature"]).toBe(signPayload(ts, nonce, ENCRYPT_KEY, req!.raw));
    const payload = decrypted(req!);
    expect(payload).toMatchObject({
      schema: "2.0",
      header: {
        event_id: result.eventId,
        event_type: "card.action.trigger",
        token: VERIFICATION_TOKEN,
        app_id: APP.appId,
      },
      event: {
        operator: { open_id: WANG.open_id, user_id: WANG.user_id, union_id: WANG.union_id },
        token: result.token,
        action: { tag: "button", name: "log_visit", value: { action: "visit.log", record: "rec1" } },
        host: "im_message",
        context: { open_message_id: m.message_id, open_chat_id: m.chat_id },
      },
    });
    expect(result.token).toMatch(/^c-/);
    // Card callbacks stamp create_time in microseconds (events use milliseconds).
    const created = Number((payload as { header: { create_time: string } }).header.create_time);
    expect(String(created)).toMatch(/^\d{16}$/);
    expect(Math.abs(created / 1000 - Number(ts) * 1000)).toBeLessThan(60_000);
  });

  it("decrypts with the SDK's own AESCipher", async () => {
    const m = await sendVisitCard();
    await click(m.message_id!);
    const { encrypt } = JSON.parse(receiver.received[0]!.raw) as { encrypt: string };
    expect(JSON.parse(new lark.AESCipher(ENCRYPT_KEY).decrypt(encrypt))).toEqual(
      decrypted(receiver.received[0]!),
    );
  });

  it("is accepted by the SDK's CardActionHandler, whose toast the sandbox records", async () => {
    const seen: unknown[] = [];
    const handler = new lark.CardActionHandler(
      {
        encryptKey: ENCRYPT_KEY,
        verificationToken: VERIFICATION_TOKEN,
        loggerLevel: lark.LoggerLevel.error,
        logger: quiet,
      },
      async (data: { action?: { value?: unknown } }) => {
        seen.push(data.action?.value);
        return { toast: { type: "success", content: "已记录" } };
      },
    );
    const sdkReceiver = await listen(lark.adaptDefault("/card", handler));
    await control("/delivery", { cardUrl: sdkReceiver.url });
    const m = await sendVisitCard();
    const result = await click(m.message_id!);
    await sdkReceiver.close();
    expect(seen).toEqual([{ action: "visit.log", record: "rec1" }]);
    expect(result).toMatchObject({ toast: { type: "success", content: "已记录" }, cardUpdated: false });
  });

  it("replaces the card with a raw card answer and records the toast", async () => {
    const m = await sendVisitCard();
    receiver.reply = {
      body: { toast: { type: "info", content: "已更新" }, card: { type: "raw", data: visitCard("已拜访") } },
    };
    const result = await click(m.message_id!);
    expect(result).toMatchObject({ cardUpdated: true, toast: { content: "已更新" } });
    const view = await messageView(m.message_id!);
    expect(view.content).toEqual(visitCard("已拜访"));
    expect(view.revisions).toMatchObject([{ via: "callback" }]);
    expect(view.callbacks).toMatchObject([{ toast: { content: "已更新" } }]);
  });

  it("passes form values on a form submit", async () => {
    const m = await sendVisitCard();
    await click(m.message_id!, {
      name: "submit",
      formValue: { notes: "客户满意", next: "2026-12-01" },
      value: { action: "visit.submit" },
    });
    expect(decrypted(receiver.received[0]!).event.action).toMatchObject({
      name: "submit",
      form_value: { notes: "客户满意", next: "2026-12-01" },
      value: { action: "visit.submit" },
    });
  });
});

describe("failed callbacks", () => {
  it("records 200341 when the receiver answers after the deadline", async () => {
    const m = await sendVisitCard();
    receiver.reply = { delayMs: 300, body: {} };
    const result = await click(m.message_id!, { deadlineMs: 100 });
    expect(result.error?.code).toBe(200341);
  });

  it("records 200671 for an HTTP 500", async () => {
    const m = await sendVisitCard();
    receiver.reply = { status: 500, body: { error: "boom" } };
    expect((await click(m.message_id!)).error?.code).toBe(200671);
  });

  it("records 200672 for a body that is not JSON, 200673 for a bad card, 200830 for a 1.0 card on a 2.0 card", async () => {
    const m = await sendVisitCard();
    receiver.reply = { raw: "ok" };
    expect((await click(m.message_id!)).error?.code).toBe(200672);
    receiver.reply = { body: { card: { type: "raw", data: { nonsense: true } } } };
    expect((await click(m.message_id!)).error?.code).toBe(200673);
    receiver.reply = { body: { card: { type: "raw", data: { elements: [{ tag: "hr" }] } } } };
    expect((await click(m.message_id!)).error?.code).toBe(200830);
    expect((await messageView(m.message_id!)).content).toEqual(visitCard("拜访提醒"));
  });

  it("records 200340 when no card callback URL is configured", async () => {
    await control("/delivery", { cardUrl: null });
    const m = await sendVisitCard();
    expect((await click(m.message_id!)).error?.code).toBe(200340);
  });

  it("replays the same envelope with the same event_id", async () => {
    const m = await sendVisitCard();
    const first = await click(m.message_id!);
    const replay = (await control(`/callbacks/${first.eventId}/replay`, {})) as ClickResult;
    expect(replay.eventId).toBe(first.eventId);
    const [a, b] = receiver.received.map((r) => decrypted(r));
    expect(b.header.event_id).toBe(a.header.event_id);
    expect(b.event.token).toBe(a.event.token);
  });
});

describe("delayed card update with the callback token", () => {
  const update = (token: string, card: unknown) =>
    client.request<{ code: number; msg: string }>({
      method: "POST",
      url: "/open-apis/interactive/v1/card/update",
      data: { token, card },
    });

  it("updates the card twice, then refuses the token (300040)", async () => {
    const m = await sendVisitCard();
    const { token } = await click(m.message_id!);
    expect((await update(token, visitCard("处理中"))).code).toBe(0);
    expect((await update(token, visitCard("已完成"))).code).toBe(0);
    expect((await update(token, visitCard("再一次"))).code).toBe(300040);
    const view = await messageView(m.message_id!);
    expect(view.content).toEqual(visitCard("已完成"));
    expect(view.revisions).toHaveLength(2);
  });

  it("refuses a token after 30 minutes (300030) and a malformed one (300020)", async () => {
    const m = await sendVisitCard();
    const { token } = await click(m.message_id!);
    expect((await update("not-a-token", visitCard("x"))).code).toBe(300020);
    await control("/clock", { advanceMs: 31 * 60_000 });
    expect((await update(token, visitCard("x"))).code).toBe(300030);
  });
});
