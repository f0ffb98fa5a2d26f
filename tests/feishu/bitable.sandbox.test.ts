import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BitableGateway } from "../../src/feishu/bitable.ts";
import { createFeishuClient, type FeishuClient } from "../../src/feishu/client.ts";
import { decodeRecord } from "../../src/feishu/codecs.ts";
import { FeishuApiError } from "../../src/feishu/errors.ts";
import { silentLogger } from "../../src/logger.ts";
import { appOperator, createBase, createTable, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { FaultRuleSchema } from "../../src/sandbox/faults.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

const APP = { appId: "cli_kam_bitable", appSecret: "bitable-secret" };
const FIELDS = [
  { field_name: "客户编号", type: 1 },
  { field_name: "客户名称", type: 1 },
  { field_name: "价值分", type: 2 },
];

let sandbox: RunningSandbox;
let appToken: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
  appToken = createBase(sandbox.state, { name: "测试 base" }).app_token;
});
afterAll(async () => {
  await sandbox.stop();
});

let tables = 0;
function newTable(): string {
  return createTable(sandbox.state, appToken, { name: `客户${++tables}`, fields: FIELDS }).table_id;
}
function seed(tableId: string, n: number): string[] {
  const records = Array.from({ length: n }, (_, i) => ({ fields: { 客户编号: `C${i}`, 价值分: i } }));
  return writeRecords(sandbox.state, appToken, tableId, records, appOperator(APP.appId)).records.map(
    (r) => r.record_id,
  );
}
function rowsIn(tableId: string) {
  return [...sandbox.state.bases.get(appToken)!.tables.get(tableId)!.records.values()];
}
function newClient(): { client: FeishuClient; gw: BitableGateway } {
  const client = createFeishuClient({
    domain: sandbox.url,
    ...APP,
    logger: silentLogger,
    retry: { baseDelayMs: 20 },
  });
  return { client, gw: client.bitable(appToken) };
}
const conflictsOn = (tableId: string) =>
  sandbox.state.callLog.filter((e) => e.code === 1254291 && e.path.includes(tableId)).length;
const rows = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ 客户编号: `${tag}${i}`, 价值分: i }));

describe("Bitable gateway against the sandbox", () => {
  it("lands exactly 5,000 rows through 20 % injected faults, without duplicates", async () => {
    const tableId = newTable();
    const { client, gw } = newClient();
    sandbox.state.faults.set([
      FaultRuleSchema.parse({ api: "bitable.appTableRecord.*", rate: 0.2, codes: [99991400, 1254291] }),
    ]);
    const progress: number[] = [];
    try {
      const created = await gw.batchCreate(tableId, rows(5_000, "F"), {
        idempotencyKey: "test:faults",
        onProgress: (done) => progress.push(done),
      });
      expect(created).toHaveLength(5_000);
    } finally {
      sandbox.state.faults.set([]);
    }
    const codes = rowsIn(tableId).map((r) => [...r.fields.values()][0]);
    expect(codes).toHaveLength(5_000);
    expect(new Set(codes).size).toBe(5_000);
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(client.metrics.callsByApi["bitable.record.batch_create"]).toBe(5 + client.metrics.retries);
  });

  it("repeats no chunk when a crashed run is started again with the same key", async () => {
    const tableId = newTable();
    const { gw } = newClient();
    const data = rows(2_500, "R");
    await gw.batchCreate(tableId, data.slice(0, 1_000), { idempotencyKey: "import:2026-11" });
    const again = await gw.batchCreate(tableId, data, { idempotencyKey: "import:2026-11" });
    expect(again).toHaveLength(2_500);
    expect(rowsIn(tableId)).toHaveLength(2_500);
  });

  it("pages 1,234 rows in ⌈1234/500⌉ = 3 searches", async () => {
    const tableId = newTable();
    seed(tableId, 1_234);
    const { client, gw } = newClient();
    const pages: number[] = [];
    for await (const page of gw.searchPages(tableId)) pages.push(page.length);
    expect(pages).toEqual([500, 500, 234]);
    expect(await gw.searchAll(tableId, { fieldNames: ["客户编号"] })).toHaveLength(1_234);
    expect(client.metrics.callsByApi["bitable.record.search"]).toBe(6);
  });

  it("never meets a write conflict when two callers update one table at once", async () => {
    const tableId = newTable();
    const ids = seed(tableId, 3_000);
    const { client, gw } = newClient();
    const update = (part: string[], tag: string) =>
      gw.batchUpdate(
        tableId,
        part.map((record_id) => ({ record_id, fields: { 客户名称: tag } })),
      );
    const [a, b] = await Promise.all([update(ids.slice(0, 1_500), "A"), update(ids.slice(1_500), "B")]);
    expect(a + b).toBe(3_000);
    expect(conflictsOn(tableId)).toBe(0);
    expect(client.metrics.faults["1254291"]).toBeUndefined();
  });

  it("does meet write conflicts when two separate clients skip the shared lock (so the test above means something)", async () => {
    const tableId = newTable();
    const ids = seed(tableId, 200);
    const clients = [newClient().gw, newClient().gw];
    // Both hold a token before the race starts, so they really send at the same moment.
    await Promise.all(clients.map((gw) => gw.listFields(tableId)));
    const held = sandbox.state.limits.writeMsBase;
    sandbox.state.limits.writeMsBase = 300;
    try {
      // Without the shared lock a caller may even run out of retries: only the conflicts matter here.
      await Promise.allSettled(
        clients.map((gw, i) =>
          gw.batchUpdate(
            tableId,
            ids.slice(i * 100, (i + 1) * 100).map((record_id) => ({ record_id, fields: { 客户名称: "x" } })),
          ),
        ),
      );
    } finally {
      sandbox.state.limits.writeMsBase = held;
    }
    expect(conflictsOn(tableId)).toBeGreaterThan(0);
  });

  it("gets records in chunks of 100 and deletes in chunks of 500", async () => {
    const tableId = newTable();
    const ids = seed(tableId, 1_200);
    const { client, gw } = newClient();
    expect(await gw.batchGet(tableId, ids.slice(0, 250))).toHaveLength(250);
    expect(client.metrics.callsByApi["bitable.record.batch_get"]).toBe(3);
    expect(await gw.batchDelete(tableId, ids)).toBe(1_200);
    expect(client.metrics.callsByApi["bitable.record.batch_delete"]).toBe(3);
    expect(rowsIn(tableId)).toHaveLength(0);
  });

  it("creates one record once per idempotency key", async () => {
    const tableId = newTable();
    const { gw } = newClient();
    const first = await gw.createOne(
      tableId,
      { 客户编号: "ONE" },
      { idempotencyKey: "visit:rec1:2026-11-24" },
    );
    const second = await gw.createOne(
      tableId,
      { 客户编号: "ONE" },
      { idempotencyKey: "visit:rec1:2026-11-24" },
    );
    expect(second.record_id).toBe(first.record_id);
    expect(rowsIn(tableId)).toHaveLength(1);
  });

  it("creates, lists and updates tables and fields", async () => {
    const { gw } = newClient();
    const { table_id } = await gw.createTable("联系人", [{ field_name: "姓名", type: 1 }]);
    expect((await gw.listTables()).find((t) => t.table_id === table_id)?.name).toBe("联系人");
    const phone = await gw.createField(table_id, {
      field_name: "手机",
      type: 13,
      description: "主要联系方式",
    });
    expect(phone).toMatchObject({ field_name: "手机", type: 13, description: "主要联系方式" });
    const renamed = await gw.updateField(table_id, phone.field_id, { field_name: "手机号", type: 13 });
    expect(renamed.field_name).toBe("手机号");
    const fields = await gw.listFields(table_id);
    expect(fields.map((f) => f.field_name)).toEqual(["姓名", "手机号"]);
    expect(fields[0]?.is_primary).toBe(true);
  });

  it("reads what it wrote back through the codecs", async () => {
    const tableId = newTable();
    const { gw } = newClient();
    await gw.batchCreate(tableId, [{ 客户编号: "K1", 客户名称: "华为", 价值分: 87.5 }], {
      idempotencyKey: "codec",
    });
    const [rec] = await gw.searchAll(tableId);
    const template = [
      { key: "code", name: "客户编号", type: 1 },
      { key: "name", name: "客户名称", type: 1 },
      { key: "score", name: "价值分", type: 2 },
    ];
    expect(decodeRecord(template, rec!.fields)).toEqual({
      values: { code: "K1", name: "华为", score: 87.5 },
      problems: [],
    });
  });

  it("explains wrong app credentials instead of failing obscurely", async () => {
    const client = createFeishuClient({
      domain: sandbox.url,
      appId: APP.appId,
      appSecret: "wrong",
      logger: silentLogger,
    });
    const err = await client
      .bitable(appToken)
      .listTables()
      .catch((e) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err.hint).toMatch(/FEISHU_APP_SECRET/);
  });

  it("fails with a FeishuApiError naming the table and the code", async () => {
    const { gw } = newClient();
    const err = await gw.searchAll("tblMissing").catch((e) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err.context).toMatchObject({ appToken, tableId: "tblMissing" });
    expect([1254004, 1254041]).toContain(err.code);
  });
});
