import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobs } from "../../src/jobs/runner.ts";
import type { SyncSummary } from "../../src/jobs/sync/summary.ts";
import { syncJob } from "../../src/jobs/sync/sync-job.ts";
import { writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { Services } from "../../src/services.ts";
import { isWrite, noonOf, type SyncWorld, startSyncWorld, syncServices, TODAY } from "./sync-world.ts";

let world: SyncWorld;
let services: Services;
let sync: (opts?: { dryRun?: boolean }) => Promise<SyncSummary>;

beforeAll(async () => {
  world = await startSyncWorld({ accounts: 80 });
  services = syncServices(world);
  const jobs = createJobs([syncJob], services);
  let runs = 0;
  sync = async (opts = {}) => {
    // A forced rerun is keyed by its moment: each run stands for a different one on the same day.
    const now = noonOf(TODAY) + runs++;
    const outcome = await jobs.run("sync", { trigger: "cli", force: true, dryRun: opts.dryRun, now });
    if (outcome.status !== "done") throw new Error(`sync did not run: ${JSON.stringify(outcome)}`);
    return outcome.summary as SyncSummary;
  };
});
afterAll(async () => world.stop());

function account(code: string) {
  return world.rows("accounts").find((r) => r.values.code === code)!;
}

describe("sync job against the sandbox", () => {
  it("first sync writes tier, score, next visit and health to every account, and a history row each", async () => {
    const summary = await sync();
    expect(summary.accountRows).toBe(80);
    expect(summary.tiers.A + summary.tiers.B + summary.tiers.C).toBe(80);
    expect(summary.changedAccounts).toBe(80);
    expect(summary.writeCalls).toBe(2); // one batch_create of history rows, one batch_update of accounts
    for (const { values } of world.rows("accounts")) {
      expect(["A", "B", "C"]).toContain(values.tier);
      expect(values.score).toEqual(expect.any(Number));
      expect(values.nextVisitDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(["正常", "即将到期", "到期", "逾期", "升级"]).toContain(values.visitState);
      expect(values.risk).toEqual(expect.any(Number));
      expect(values.scoreExplain).toMatch(/^等级：.+\n评分：/);
      expect(values.windowSpend).toEqual(expect.any(Number));
    }
    const history = world.rows("tierHistory");
    expect(history).toHaveLength(80);
    expect(history.every((h) => h.values.from === "无" && (h.values.account as string[]).length === 1)).toBe(
      true,
    );
    expect(summary.historyRows).toBe(80);
  });

  it("a second sync over unchanged data issues no write call at all", async () => {
    const mark = world.mark();
    const summary = await sync();
    expect(world.callsSince(mark, isWrite)).toEqual([]);
    expect(summary).toMatchObject({ changedAccounts: 0, changedCells: 0, writeCalls: 0, tierChanges: 0 });
    expect(world.rows("tierHistory")).toHaveLength(80);
  });

  it("after an order amount is edited, a dry run lists the change and writes nothing", async () => {
    const code = world.book.accounts[5]!.code;
    const order = world
      .rows("orders")
      .find((o) => o.values.accountCode === code && o.values.date! > "2026-06-01")!;
    const { id } = world.base.table("orders");
    writeRecords(
      world.sandbox.state,
      world.appToken,
      id,
      [{ record_id: order.recordId, fields: { 金额: (order.values.amount as number) + 0.01 } }],
      world.person,
    );
    const mark = world.mark();
    const summary = await sync({ dryRun: true });
    expect(world.callsSince(mark, isWrite)).toEqual([]);
    expect(summary.dryRun).toBe(true);
    expect(summary.changedAccounts).toBe(1);
    expect(summary.preview).toContainEqual(expect.objectContaining({ code, field: "近12月采购额" }));
  });

  it("the real run then changes only the touched account", async () => {
    const code = world.book.accounts[5]!.code;
    const before = account(code).values.windowSpend as number;
    const mark = world.mark();
    const summary = await sync();
    expect(summary.changedAccounts).toBe(1);
    expect(summary.preview.every((p) => p.code === code)).toBe(true);
    expect(world.callsSince(mark, isWrite)).toEqual(["bitable.appTableRecord.batchUpdate"]);
    expect(account(code).values.windowSpend).toBeCloseTo(before + 0.01, 2);
  });

  it("a tier pinned in 手动等级 wins, is explained and recorded in the history", async () => {
    const c = world.rows("accounts").find((r) => r.values.tier === "C" && !r.values.tierOverride)!;
    writeRecords(
      world.sandbox.state,
      world.appToken,
      world.base.table("accounts").id,
      [{ record_id: c.recordId, fields: { 手动等级: "A", 锁定原因: "集团总部指定的战略客户" } }],
      world.person,
    );
    const summary = await sync();
    expect(summary.tierChanges).toBe(1);
    const after = account(c.values.code as string).values;
    expect(after.tier).toBe("A");
    expect(after.scoreExplain).toContain("等级：手动锁定为 A 类：集团总部指定的战略客户");
    const row = world
      .rows("tierHistory")
      .find((h) => h.values.accountCode === c.values.code && h.values.to === "A")!;
    expect(row.values).toMatchObject({ from: "C", reason: "手动锁定为 A 类：集团总部指定的战略客户" });
    expect(row.values.changeId).toBe(`tier:${c.values.code}:2026-11-24:A`);
  });
});
