import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeishuClient, type FeishuClient } from "../../src/feishu/client.ts";
import { FeishuApiError } from "../../src/feishu/errors.ts";
import { silentLogger } from "../../src/logger.ts";
import { SeedOrgSchema, seedOrg } from "../../src/sandbox/org.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

const APP = { appId: "cli_kam_messenger", appSecret: "messenger-secret" };
const card = (title: string) => ({
  schema: "2.0",
  config: { update_multi: true },
  header: { title: { tag: "plain_text", content: title }, template: "blue" },
  body: { elements: [{ tag: "markdown", content: `**${title}**` }] },
});
const toAlice = { receiveIdType: "open_id", receiveId: "ou_alice" } as const;

let sandbox: RunningSandbox;
let client: FeishuClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
  const team = Array.from({ length: 120 }, (_, i) => ({
    open_id: `ou_m${i}`,
    name: `经理${i}`,
    department_ids: ["od_team"],
    leader_user_id: "ou_boss",
  }));
  seedOrg(
    sandbox.state,
    SeedOrgSchema.parse({
      departments: [
        { open_department_id: "od_kam", name: "大客户部" },
        { open_department_id: "od_team", name: "华东组", parent_department_id: "od_kam" },
      ],
      users: [
        { open_id: "ou_boss", name: "老板", department_ids: ["od_kam"] },
        {
          open_id: "ou_alice",
          name: "Alice",
          email: "alice@example.com",
          department_ids: ["od_kam"],
          leader_user_id: "ou_boss",
        },
        { open_id: "ou_gone", name: "离职者", department_ids: ["od_kam"], resigned: true },
        ...team,
      ],
    }),
  );
  client = createFeishuClient({
    domain: sandbox.url,
    ...APP,
    logger: silentLogger,
    retry: { baseDelayMs: 20 },
  });
});
afterAll(async () => {
  await sandbox.stop();
});

const live = () => [...sandbox.state.messages.values()].filter((m) => !m.deleted);

describe("messenger against the sandbox", () => {
  it("sends a card once per uuid, however often it is asked", async () => {
    const before = live().length;
    const first = await client.messenger.sendCard({
      ...toAlice,
      card: card("拜访提醒"),
      uuid: "reminder:rec1:2026-11-24",
    });
    const again = await client.messenger.sendCard({
      ...toAlice,
      card: card("拜访提醒"),
      uuid: "reminder:rec1:2026-11-24",
    });
    expect(again.messageId).toBe(first.messageId);
    expect(live().length).toBe(before + 1);
  });

  it("hashes an effect key longer than 50 characters into a valid uuid", async () => {
    const key = `greeting:${"rec".repeat(30)}:2026-11-24`;
    const sent = await client.messenger.sendText({ ...toAlice, text: "生日快乐", uuid: key });
    const stored = sandbox.state.messages.get(sent.messageId)!;
    expect(stored.uuid!.length).toBeLessThanOrEqual(50);
  });

  it("keeps to 5 messages a second for one user, so the sandbox never answers 230020", async () => {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.messenger.sendText({ ...toAlice, text: `#${i}`, uuid: `burst:${i}` }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sandbox.state.callLog.some((e) => e.code === 230020)).toBe(false);
  });

  it("patches, replies to and recalls a card", async () => {
    const { messageId } = await client.messenger.sendCard({ ...toAlice, card: card("v1"), uuid: "flow:1" });
    await client.messenger.patchCard(messageId, card("v2"));
    expect(sandbox.state.messages.get(messageId)!.content).toContain("v2");
    const reply = await client.messenger.reply({ messageId, text: "已记录", uuid: "flow:1:reply" });
    expect(sandbox.state.messages.get(reply.messageId)!.parent_id).toBe(messageId);
    await client.messenger.recall(messageId);
    expect(sandbox.state.messages.get(messageId)!.deleted).toBe(true);
  });

  it("updates a card with a callback token", async () => {
    const { messageId } = await client.messenger.sendCard({
      ...toAlice,
      card: card("待处理"),
      uuid: "token:1",
    });
    const now = sandbox.state.clock.now();
    const token = "c-testtoken1";
    sandbox.state.cardTokens.set(token, {
      token,
      appId: APP.appId,
      messageId,
      issuedAt: now,
      expiresAt: now + 60_000,
      uses: 0,
    });
    await client.messenger.updateCardByToken(token, card("已处理"));
    expect(sandbox.state.messages.get(messageId)!.content).toContain("已处理");
  });

  it("refuses to send without a uuid", async () => {
    await expect(client.messenger.sendText({ ...toAlice, text: "x", uuid: "" })).rejects.toThrow(/uuid/);
  });

  it("explains a departed user with 230013 and a hint", async () => {
    const err = await client.messenger
      .sendText({ receiveIdType: "open_id", receiveId: "ou_gone", text: "x", uuid: "gone:1" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err.code).toBe(230013);
    expect(err.hint).toMatch(/可用范围/);
    expect(err.context.receiveId).toBe("ou_gone");
  });
});

describe("contacts against the sandbox", () => {
  it("returns a user with leader and departments, and asks Feishu only once within the TTL", async () => {
    const before = client.metrics.callsByApi["contact.user.get"] ?? 0;
    const alice = await client.contacts.getUser("ou_alice");
    expect(alice).toMatchObject({
      openId: "ou_alice",
      name: "Alice",
      leaderUserId: "ou_boss",
      departmentIds: ["od_kam"],
    });
    await client.contacts.getUser("ou_alice");
    expect(client.metrics.callsByApi["contact.user.get"]).toBe(before + 1);
  });

  it("looks many people up 50 a call, skipping those cached and those it cannot see", async () => {
    const team = Array.from({ length: 120 }, (_, i) => `ou_m${i}`);
    const before = client.metrics.callsByApi["contact.user.batch"] ?? 0;
    await client.contacts.getUser("ou_alice");
    const found = await client.contacts.getUsers([...team.slice(0, 100), "ou_alice", "ou_nobody"]);
    expect(found.size).toBe(101);
    expect(found.get("ou_alice")?.name).toBe("Alice");
    expect(found.has("ou_nobody")).toBe(false);
    // 101 to ask (Alice was cached): three calls of at most 50.
    expect(client.metrics.callsByApi["contact.user.batch"]).toBe(before + 3);
    await client.contacts.getUsers(team.slice(0, 100));
    expect(client.metrics.callsByApi["contact.user.batch"]).toBe(before + 3);
  });

  it("lists a department's direct members over every page", async () => {
    const members = await client.contacts.usersInDepartment("od_team");
    expect(members).toHaveLength(120);
    expect(client.metrics.callsByApi["contact.user.find_by_department"]).toBe(3);
  });
});
