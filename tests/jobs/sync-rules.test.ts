import { describe, expect, it } from "vitest";
import { summaryLines } from "../../src/cli/sync-command.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import type { Problem } from "../../src/domain/types.ts";
import { loadTemplate, tableByKey } from "../../src/feishu/template.ts";
import { problemText } from "../../src/jobs/sync/account-fields.ts";
import { changedCells, decimalsOf } from "../../src/jobs/sync/diff.ts";
import { createEchoMemo } from "../../src/jobs/sync/echo-memo.ts";
import { hysteresisPeriod, loadBaseline, previousOf, saveBaseline } from "../../src/jobs/sync/hysteresis.ts";
import { resolvePolicy } from "../../src/jobs/sync/policy-source.ts";
import { addTouched, emptyTouched, type RecordChanged } from "../../src/jobs/sync/record-events.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const accounts = tableByKey(loadTemplate(), "accounts");
const fields = new Map(accounts.fields.map((f) => [f.key, f]));

describe("the diff", () => {
  it("reads the precision from the field's formatter", () => {
    expect([decimalsOf("0"), decimalsOf("0.0"), decimalsOf("0.00"), decimalsOf("0.0%")]).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it("compares numbers as the field shows them, dates by day and text trimmed", () => {
    const held = {
      score: 73.2,
      windowSpend: 1200.004,
      rankPct: 0.1234,
      nextVisitDue: "2026-12-01",
      riskFlags: "  近90天采购额下降 40%\n",
      npsClass: null,
    };
    const wanted = {
      score: 73.24,
      windowSpend: 1200,
      rankPct: 0.12341,
      nextVisitDue: "2026-12-01",
      riskFlags: "近90天采购额下降 40%",
      npsClass: null,
    };
    expect(changedCells(fields, held, wanted)).toEqual({});
    expect(changedCells(fields, held, { score: 73.26, rankPct: 0.1236, nextVisitDue: "2026-12-02" })).toEqual(
      {
        score: 73.3,
        rankPct: 0.124,
        nextVisitDue: "2026-12-02",
      },
    );
  });

  it("clears a cell that should be empty and leaves an empty one alone", () => {
    expect(changedCells(fields, { lastCsat: 4 }, { lastCsat: null })).toEqual({ lastCsat: null });
    expect(changedCells(fields, {}, { lastCsat: null, dataProblems: "" })).toEqual({});
  });
});

describe("数据问题", () => {
  const problem = (i: number): Problem => ({
    code: "amount_invalid",
    message: `订单 SO-${i}：金额不是数字 / x`,
  });

  it("holds one line per distinct problem and says how many more there are", () => {
    const text = problemText([...Array.from({ length: 14 }, (_, i) => problem(i)), problem(0)])!;
    const lines = text.split("\n");
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe("…另有 4 条问题 / 4 more");
    expect(problemText([])).toBeNull();
  });
});

describe("the policy in force", () => {
  const rows = (value: string) => [
    { key: "cadence.A", value, rowId: "rec1" },
    { key: "cadence.B", value: "20", rowId: "rec2" },
  ];

  it("a bad row keeps its key's last valid value; the other rows apply", () => {
    const lastValid = resolvePolicy(rows("10")).policy;
    const outcome = resolvePolicy(rows("十天"), lastValid);
    expect(outcome.valid).toBe(true);
    expect(outcome.policy.cadence).toMatchObject({ A: 10, B: 20 });
    expect(outcome.problems).toEqual([
      expect.objectContaining({ rowId: "rec1", field: "cadence.A", code: "policy_row_invalid" }),
    ]);
  });

  it("rows that break a rule together leave the last valid policy whole", () => {
    const lastValid = resolvePolicy([{ key: "cadence.A", value: "10" }]).policy;
    const outcome = resolvePolicy([{ key: "overdueDays", value: "30" }], lastValid);
    expect(outcome.valid).toBe(false);
    expect(outcome.policy).toEqual(lastValid);
    expect(outcome.problems[0]).toMatchObject({ code: "policy_invalid" });
  });

  it("no rows at all is the default policy", () => {
    expect(resolvePolicy([]).policy).toEqual(DEFAULT_POLICY);
  });
});

describe("the hysteresis baseline", () => {
  it("is noted at the period's first sight and reused by every rerun of the period", async () => {
    const ledger = openSqliteLedger(":memory:");
    const first = await loadBaseline(ledger, "2026-11-03");
    expect(previousOf(first, "C1", { tier: "A", belowBandPeriods: 0 })).toEqual({
      tier: "A",
      belowBandPeriods: 0,
    });
    await saveBaseline(ledger, first);
    // The first run wrote "still A, 1 period below"; a rerun must not read that back as the start.
    const rerun = await loadBaseline(ledger, "2026-11-20");
    expect(previousOf(rerun, "C1", { tier: "A", belowBandPeriods: 1 })).toEqual({
      tier: "A",
      belowBandPeriods: 0,
    });
    const nextMonth = await loadBaseline(ledger, "2026-12-01");
    expect(previousOf(nextMonth, "C1", { tier: "A", belowBandPeriods: 1 })).toEqual({
      tier: "A",
      belowBandPeriods: 1,
    });
    expect(hysteresisPeriod("2026-12-01")).toBe("2026-12");
  });
});

describe("change events", () => {
  const tierField = fields.get("tier")!;
  const nameField = fields.get("name")!;
  const table = {
    key: "accounts",
    fieldsById: new Map([
      ["fldTier", tierField],
      ["fldName", nameField],
    ]),
  };
  const edit = (operator: string, cells: { field_id: string; field_value: string }[]): RecordChanged => ({
    file_token: "bascn",
    table_id: "tblAcc",
    operator_id: { open_id: operator },
    action_list: [{ record_id: "rec1", action: "record_edited", before_value: [], after_value: cells }],
  });

  it("drop our own computed writes, by operator or because the new value is what we wrote", () => {
    const echoes = createEchoMemo();
    echoes.remember("rec1", fields, { tier: "B" });
    const ctx = { table, ownOperator: "ou_bot_cli_x", echoes, tz: "Asia/Shanghai" };
    const touched = emptyTouched();
    addTouched(edit("ou_bot_cli_x", [{ field_id: "fldTier", field_value: '"A"' }]), ctx, touched);
    addTouched(edit("ou_someone", [{ field_id: "fldTier", field_value: '"B"' }]), ctx, touched);
    expect(touched).toMatchObject({ echoes: 2, accountRecords: new Set() });
  });

  it("recompute an account when a person changes its inputs or overwrites a computed cell", () => {
    const ctx = { table, ownOperator: "ou_bot_cli_x", echoes: createEchoMemo(), tz: "Asia/Shanghai" };
    const touched = emptyTouched();
    addTouched(edit("ou_someone", [{ field_id: "fldTier", field_value: '"A"' }]), ctx, touched);
    expect(touched.accountRecords).toEqual(new Set(["rec1"]));
    const byApp = emptyTouched();
    addTouched(
      edit("ou_bot_cli_x", [{ field_id: "fldName", field_value: '[{"type":"text","text":"新名"}]' }]),
      ctx,
      byApp,
    );
    expect(byApp.accountRecords).toEqual(new Set(["rec1"]));
  });
});

describe("kam sync's printout", () => {
  it("lists what a dry run would change, and says that nothing was written", () => {
    const lines = summaryLines({
      mode: "full",
      dryRun: true,
      day: "2026-11-24",
      accountRows: 3,
      orders: 10,
      visits: 2,
      surveys: 1,
      tiers: { A: 1, B: 1, C: 1 },
      tierChanges: 1,
      changedAccounts: 1,
      changedCells: 2,
      readCalls: 6,
      writeCalls: 0,
      writtenCells: 0,
      historyRows: 0,
      problems: 1,
      problemsByCode: { owner_missing: 1 },
      orphanOrders: 0,
      policyProblems: [],
      preview: [{ code: "C0001", field: "等级", from: "B", to: "A" }],
      ms: 1200,
    });
    expect(lines[0]).toContain("nothing written");
    expect(lines.join("\n")).toContain("C0001");
    expect(lines.join("\n")).toMatch(/等级: B → A/);
    expect(lines.join("\n")).toContain("owner_missing 1");
  });
});
