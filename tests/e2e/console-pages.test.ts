import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { startWorld, type World } from "../support/world.ts";

/** The console's pages and its API without a browser: escaping, paging, cell writes, the service link. */
const EVIL = `<img src=x onerror="alert(1)">`;

let world: World;
let tableId = "";
const url = (path: string) => `${world.sandbox.url}${path}`;
const get = async (path: string) => {
  const res = await fetch(url(path));
  return { status: res.status, text: await res.text() };
};
const post = async (path: string, body: unknown) => {
  const res = await fetch(url(path), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const state = () => world.sandbox.state;
const users = () => [...state().users.values()];

beforeAll(async () => {
  world = await startWorld();
  seedOrg(state(), { demo: true, managers: 4, teams: 2, seed: 7, merge: false });
  tableId = createTable(state(), world.appToken, {
    name: "客户",
    fields: [
      { field_name: "名称", type: 1 },
      { field_name: "金额", type: 2 },
      { field_name: "日期", type: 5 },
    ],
  }).table_id;
  const rows = Array.from({ length: 150 }, (_, i) => ({ fields: { 名称: i === 0 ? EVIL : `客户${i + 1}` } }));
  writeRecords(state(), world.appToken, tableId, rows, { open_id: users()[0]!.open_id });
});
afterAll(() => world.stop());

describe("console pages", () => {
  it("escapes customer text in table cells", async () => {
    const page = await get(`/console/tables/${world.appToken}/${tableId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(EVIL);
    expect(page.text).toContain("&lt;img src=x onerror=");
  });

  it("escapes message text in a chat", async () => {
    const to = users()[3]!;
    await world.client.messenger.sendText({
      receiveIdType: "open_id",
      receiveId: to.open_id,
      uuid: "x1",
      text: EVIL,
    });
    const page = await get(`/console/chats/u/${to.open_id}`);
    expect(page.text).not.toContain(EVIL);
    expect(page.text).toContain("&lt;img");
  });

  it("shows a table 100 rows a page", async () => {
    const rowsOn = (html: string) => html.match(/<tr data-record-id=/g)?.length ?? 0;
    expect(rowsOn((await get(`/console/tables/${world.appToken}/${tableId}`)).text)).toBe(100);
    expect(rowsOn((await get(`/console/tables/${world.appToken}/${tableId}?page=2`)).text)).toBe(50);
  });

  it("lists a group chat and offers its members to act as", async () => {
    const [a, b] = users().slice(-2);
    const chat = await post("/_sandbox/chats", { name: `群 ${EVIL}`, members: [a!.open_id, b!.open_id] });
    await world.client.messenger.sendText({
      receiveIdType: "chat_id",
      receiveId: String(chat.body.chat_id),
      uuid: "g1",
      text: "大家好",
    });
    const list = await get("/console/chats");
    expect(list.text).toContain(`data-key="group:${chat.body.chat_id}"`);
    expect(list.text).not.toContain(EVIL);
    const page = await get(`/console/chats/g/${chat.body.chat_id}`);
    const options = page.text.match(/<select id="act-as">(.*?)<\/select>/)?.[1] ?? "";
    expect(options.match(/<option/g)?.length).toBe(2);
    expect(options).toContain(a!.open_id);
    expect(page.text).toContain("大家好");
  });

  it("answers 404 for an unknown person or table", async () => {
    expect((await get("/console/chats/u/ou_nobody")).status).toBe(404);
    expect((await get(`/console/tables/${world.appToken}/tblNope`)).status).toBe(404);
  });
});

describe("console cell edits", () => {
  const recordId = () => [...state().bases.get(world.appToken)!.tables.get(tableId)!.records.keys()][1]!;
  const edit = (field: string, value: string | boolean, operatorOpenId?: string) =>
    post("/console/api/cell", {
      appToken: world.appToken,
      tableId,
      recordId: recordId(),
      field,
      value,
      operatorOpenId,
    });

  it("passes Feishu's validation error through", async () => {
    const res = await edit("金额", "lots");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1254015);
  });

  it("writes a number and a Shanghai date as the default team leader", async () => {
    expect((await edit("金额", "12.5")).body).toMatchObject({ ok: true, text: "12.5" });
    expect((await edit("日期", "2026-03-01")).body).toMatchObject({ ok: true, text: "2026-03-01" });
    const row = state().bases.get(world.appToken)!.tables.get(tableId)!.records.get(recordId())!;
    expect([...row.fields.values()]).toContain(Date.parse("2026-03-01T00:00:00+08:00"));
    expect(state().users.get(row.last_modified_by!)?.job_title).toMatch(/总监/);
  });

  it("writes as the chosen person", async () => {
    const manager = users().at(-1)!;
    expect((await edit("名称", "新名字", manager.open_id)).body).toMatchObject({
      ok: true,
      by: manager.name,
    });
  });
});

describe("service link and jobs", () => {
  it("refuses to run a job before a service is linked", async () => {
    expect((await post("/console/api/jobs/sync", {})).status).toBe(409);
  });

  it("checks the link and never shows the token", async () => {
    expect((await post("/_sandbox/service", { url: "javascript:alert(1)", adminToken: "t" })).status).toBe(
      400,
    );
    expect((await post("/_sandbox/service", { url: "http://127.0.0.1:9" })).status).toBe(400);
    const linked = await post("/_sandbox/service", { url: "http://127.0.0.1:9/", adminToken: "secret-t" });
    expect(linked.body).toEqual({ url: "http://127.0.0.1:9", adminTokenSet: true });
    expect(JSON.stringify((await (await fetch(url("/_sandbox/service"))).json()) as unknown)).not.toContain(
      "secret-t",
    );
  });

  it("reports an unreachable service as status 0", async () => {
    const res = await post("/console/api/jobs/sync", {});
    expect(res.body).toMatchObject({ job: "sync", status: 0 });
  });
});
