import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBase } from "../../src/sandbox/bitable/tables.ts";
import { demoOrg } from "../../src/sandbox/demo-org.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";

/** The SDK logs every failed call; the failures here are the point, so keep the output clean. */
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const APP = { appId: "cli_sandbox_control", appSecret: "control-secret" };
const ZHOU = { open_id: "ou_zhoujie", name: "周杰", email: "jie.zhou@example.com" };

let sandbox: RunningSandbox;
let client: lark.Client;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await call("POST", "/reset");
  await call("POST", "/seed/org", { users: [ZHOU] });
  client = new lark.Client({
    ...APP,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
    cache: new lark.DefaultCache(),
  });
});

type ControlBody = {
  items: { content: { text: string } }[];
  now: number;
  iso: string;
  error: string;
} & Record<string, unknown>;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ControlBody };
}

const sendText = (text: string, uuid?: string) =>
  client.im.message.create({
    params: { receive_id_type: "open_id" },
    data: {
      receive_id: ZHOU.open_id,
      msg_type: "text",
      content: JSON.stringify({ text }),
      ...(uuid ? { uuid } : {}),
    },
  });

describe("demo org chart", () => {
  it("has one head, a leader per team reporting to the head, and managers reporting to their team leader", () => {
    const { users, departments } = demoOrg(42, { managers: 20, teams: 3 });
    const [head, ...rest] = users;
    const leaders = rest.filter((u) => u.leader_user_id === head!.open_id);
    const managers = rest.filter((u) => leaders.some((l) => l.open_id === u.leader_user_id));
    expect(head!.leader_user_id).toBeUndefined();
    expect(leaders).toHaveLength(3);
    expect(managers).toHaveLength(20);
    expect(departments).toHaveLength(4);
    expect(departments.slice(1).map((d) => d.leader_user_id)).toEqual(leaders.map((l) => l.open_id));
    for (const u of users) {
      expect(u.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(u.open_id).toMatch(/^ou_[0-9a-f]{32}$/);
      expect(u.email).toMatch(/^[a-z]+\.[a-z]+\d*@example\.com$/);
    }
    expect(new Set(users.map((u) => u.name)).size).toBe(users.length);
  });

  it("is the same for the same seed and differs for another", () => {
    expect(demoOrg(7)).toEqual(demoOrg(7));
    expect(demoOrg(8).users[0]!.open_id).not.toBe(demoOrg(7).users[0]!.open_id);
  });

  it("is seeded through the control API", async () => {
    const seeded = await call("POST", "/seed/org", { demo: true, managers: 20, teams: 3, seed: 42 });
    expect(seeded.body).toMatchObject({ users: 24, departments: 4 });
    expect((await call("GET", "/state")).body).toMatchObject({ users: 24, departments: 4 });
  });
});

describe("control API", () => {
  it("reset clears messages and the org but keeps the app and its token working", async () => {
    await sendText("before");
    await call("POST", "/reset");
    expect((await call("GET", "/state")).body).toMatchObject({ apps: 1, users: 0, messages: 0 });
    await call("POST", "/seed/org", { users: [ZHOU] });
    expect((await sendText("after")).code).toBe(0);
  });

  it("lists sent messages by receiver and since, with parsed content", async () => {
    await sendText("一");
    const { body: clock } = await call("POST", "/clock", { advanceMs: 60_000 });
    await sendText("二");
    const all = await call("GET", `/messages?receive_id=${ZHOU.email}`);
    expect(all.body.items.map((m) => m.content.text)).toEqual(["一", "二"]);
    const recent = await call("GET", `/messages?since=${clock.now}`);
    expect(recent.body.items).toHaveLength(1);
  });

  it("shows the call log since a time", async () => {
    const since = Date.now();
    await sendText("logged");
    const { body } = await call("GET", `/calls?since=${since}&api=im.message.create`);
    expect(body.items).toMatchObject([{ api: "im.message.create", status: 200, code: 0, kind: "api" }]);
  });

  it("sets the clock from an ISO date or milliseconds", async () => {
    const iso = await call("POST", "/clock", { now: "2026-11-24T09:00:00+08:00" });
    expect(iso.body.iso).toMatch(/^2026-11-24T01:00:0/);
    const ms = await call("POST", "/clock", { now: Date.UTC(2027, 0, 1) });
    expect((await call("GET", "/clock")).body.now).toBeGreaterThanOrEqual(ms.body.now);
  });

  it("injects faults until they are cleared", async () => {
    await call("POST", "/faults", [{ api: "im.message.create", codes: [230020] }]);
    // Injected codes ride on HTTP 200 (the guard's choice), so the SDK resolves rather than throws.
    const failed = await sendText("x").then(
      (r) => r.code,
      (e) => e.response.data.code,
    );
    expect(failed).toBe(230020);
    await call("DELETE", "/faults");
    expect((await sendText("y")).code).toBe(0);
  });

  it("turns rate limits off", async () => {
    await call("POST", "/limits", { rateLimits: false });
    for (let i = 0; i < 7; i++) expect((await sendText(`#${i}`)).code).toBe(0);
    await call("POST", "/limits", { rateLimits: true });
  });

  it("registers another app whose credentials then work", async () => {
    await call("POST", "/apps", { appId: "cli_second", appSecret: "s2" });
    const second = new lark.Client({
      appId: "cli_second",
      appSecret: "s2",
      domain: sandbox.url,
      logger: quiet,
      cache: new lark.DefaultCache(),
    });
    const res = await second.im.message.create({
      params: { receive_id_type: "open_id" },
      data: { receive_id: ZHOU.open_id, msg_type: "text", content: JSON.stringify({ text: "hi" }) },
    });
    expect(res.code).toBe(0);
  });

  it("lists bases with their tables", async () => {
    const base = createBase(sandbox.state, { name: "大客户台账" });
    const { body } = await call("GET", "/bases");
    expect(body.items).toContainEqual({ app_token: base.app_token, name: "大客户台账", tables: [] });
  });

  it("answers 404 for a click on a message it does not have", async () => {
    const res = await call("POST", "/cards/om_missing/action", { operatorOpenId: ZHOU.open_id });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/om_missing/);
  });
});

describe("control API validation", () => {
  it.each([
    ["/clock", { now: "next tuesday" }],
    ["/clock", {}],
    ["/faults", [{ api: "im.*", rate: 2 }]],
    ["/seed/org", { users: [{ name: "无邮箱", email: "not-an-email" }] }],
    ["/delivery", { cardUrl: "not a url" }],
    ["/apps", { appId: "cli_x" }],
    ["/cards/om_x/action", { value: {} }],
    ["/limits", { rateLimits: "no" }],
    ["/clock", "{not json"],
  ])("answers 400 with a message for POST %s %j", async (path, body) => {
    const res = await call("POST", path, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.error.length).toBeGreaterThan(10);
  });
});
