import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProblemCode } from "../../src/domain/types.ts";
import { runFullSync } from "../../src/jobs/sync/full-sync.ts";
import { LAST_VALID_POLICY_KEY } from "../../src/jobs/sync/policy-source.ts";
import type { SyncSummary } from "../../src/jobs/sync/summary.ts";
import { writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { Services } from "../../src/services.ts";
import {
  isWrite,
  noonOf,
  type SyncWorld,
  startSyncWorld,
  syncServices,
  TODAY,
  writeDirtyRows,
} from "./sync-world.ts";

/** How each problem reads in 数据问题 (the domain's Chinese wording). */
const WORDING: Partial<Record<ProblemCode, string>> = {
  amount_invalid: "金额不是数字",
  margin_invalid: "毛利不是数字",
  amount_negative: "金额为负数",
  order_future: "下单日期晚于今天",
  order_date_invalid: "下单日期无效",
  owner_missing: "未设置负责人",
  account_duplicate: "重复",
  rating_invalid: "战略匹配应为 1–5 的整数",
  since_invalid: "合作开始日期无效",
  override_expired: "手动锁定已于",
};

let world: SyncWorld;
let services: Services;
let first: SyncSummary;
const sync = () => runFullSync(services, { now: noonOf(TODAY), dryRun: false });

beforeAll(async () => {
  world = await startSyncWorld({ accounts: 40, dirty: true });
  writeDirtyRows(world, world.book.dirty!);
  services = syncServices(world);
  first = await sync();
});
afterAll(async () => world.stop());

function problemsOf(code: string): string[] {
  return world
    .rows("accounts")
    .filter((r) => r.values.code === code)
    .map((r) => String(r.values.dataProblems ?? ""));
}

describe("bad rows", () => {
  it("never stop the sync: every clean account is still classified", () => {
    expect(first.accountRows).toBe(40 + 5);
    expect(first.tiers.A + first.tiers.B + first.tiers.C).toBe(40 + 4);
    const seen = new Set<string>();
    for (const row of world.rows("accounts")) {
      const code = row.values.code as string;
      // The second row of a duplicated code gets only 数据问题: the account's cells live on its first row.
      if (seen.has(code))
        expect(row.values).toMatchObject({ tier: null, dataProblems: expect.stringContaining("重复") });
      else expect(["A", "B", "C"]).toContain(row.values.tier);
      seen.add(code);
    }
  });

  it("are reported on the account they belong to, one line per problem", () => {
    const firstCode = world.book.accounts[0]!.code;
    for (const dirty of world.book.dirty!) {
      const words = WORDING[dirty.expect];
      if (!words) continue;
      const code = String(dirty.table === "orders" ? dirty.row.accountCode : dirty.row.code);
      if (dirty.expect === "order_account_unknown") continue;
      const texts = problemsOf(dirty.table === "orders" ? firstCode : code);
      expect(texts.length, `${dirty.expect} on ${code}`).toBeGreaterThan(0);
      for (const text of texts) expect(text, `${dirty.expect}: ${dirty.note}`).toContain(words);
      if (dirty.table === "orders") expect(texts[0]).toContain(String(dirty.row.orderId));
    }
    expect(problemsOf(firstCode)[0]!.split("\n").length).toBeGreaterThanOrEqual(6);
  });

  it("are counted by code, with the order for an unknown account counted as an orphan", () => {
    for (const dirty of world.book.dirty!) {
      expect(first.problemsByCode[dirty.expect], dirty.expect).toBeGreaterThanOrEqual(1);
    }
    expect(first.orphanOrders).toBe(1);
    expect(first.problemsByCode.order_account_unknown).toBe(1);
  });

  it("an expired pin is ignored: the account is classified by the numbers", () => {
    const expired = world.book.dirty!.find((d) => d.expect === "override_expired")!;
    const row = world.rows("accounts").find((r) => r.values.code === expired.row.code)!;
    expect(row.values.tier).toBe("C");
  });
});

describe("the 设置 table", () => {
  const setPolicy = (key: string, value: string) => {
    const row = world.rows("policy").find((r) => r.values.key === key)!;
    writeRecords(
      world.sandbox.state,
      world.appToken,
      world.base.table("policy").id,
      [{ record_id: row.recordId, fields: { 值: value } }],
      world.person,
    );
    return row.recordId;
  };

  it("a valid change takes effect and is remembered as the last valid policy", async () => {
    setPolicy("cadence.A", "10");
    const summary = await sync();
    expect(summary.policyProblems).toEqual([]);
    expect(await services.ledger.get<{ cadence: { A: number } }>(LAST_VALID_POLICY_KEY)).toMatchObject({
      cadence: { A: 10 },
    });
  });

  it("an invalid row is reported with its row and key, and its last valid value stays in force", async () => {
    const rowId = setPolicy("cadence.A", "十天");
    const mark = world.mark();
    const summary = await sync();
    expect(summary.policyProblems).toEqual([
      expect.objectContaining({ row: rowId, key: "cadence.A", message: expect.stringContaining("不是数字") }),
    ]);
    // cadence.A is still 10, not the default 14: nothing to rewrite.
    expect(world.callsSince(mark, isWrite)).toEqual([]);
    expect(await services.ledger.get<{ cadence: { A: number } }>(LAST_VALID_POLICY_KEY)).toMatchObject({
      cadence: { A: 10 },
    });
  });

  it("rows that break a rule together are reported and the previous policy stays whole", async () => {
    setPolicy("cadence.A", "10");
    setPolicy("weights.currentValue", "0.9");
    const mark = world.mark();
    const summary = await sync();
    expect(summary.policyProblems.map((p) => p.message).join("\n")).toContain("评分权重之和");
    expect(world.callsSince(mark, isWrite)).toEqual([]);
  });
});
