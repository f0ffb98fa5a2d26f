import { describe, expect, it } from "vitest";
import { csvTable, parseCsv } from "../../src/import/csv.ts";
import type { ColumnMapping } from "../../src/import/mapping.ts";
import { type OrderImportPlan, planOrderImport } from "../../src/import/orders.ts";

const HEADER = "Order ID,Customer ID,Customer Name,Order Date,Sales,Profit";
const MAPPING: ColumnMapping = {
  customerId: "Customer ID",
  customerName: "Customer Name",
  orderId: "Order ID",
  date: "Order Date",
  amount: "Sales",
  margin: "Profit",
  dateFormat: "auto",
};

/** A small ERP export: the header plus the given lines. */
function importLines(lines: string[], mapping: Partial<ColumnMapping> = {}, today = "2025-11-25") {
  return planOrderImport(
    csvTable(parseCsv([HEADER, ...lines].join("\n"))),
    { ...MAPPING, ...mapping },
    { today },
  );
}

function planOf(lines: string[], mapping: Partial<ColumnMapping> = {}): OrderImportPlan {
  const result = importLines(lines, mapping);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("planOrderImport", () => {
  it("merges lines that share an Order ID, summing amount and margin and counting lines", () => {
    const plan = planOf([
      "SO-1,C1,苏州恒瑞,2025-03-01,100.5,10",
      "SO-2,C2,杭州华晟,2025-03-02,50,5",
      'SO-1,C1,苏州恒瑞,2025-03-01,"1,000",(2)',
    ]);
    expect(plan.orders).toEqual([
      {
        orderId: "SO-1",
        accountCode: "C1",
        accountName: "苏州恒瑞",
        date: "2025-03-01",
        amount: 1100.5,
        margin: 8,
        lines: 2,
      },
      {
        orderId: "SO-2",
        accountCode: "C2",
        accountName: "杭州华晟",
        date: "2025-03-02",
        amount: 50,
        margin: 5,
        lines: 1,
      },
    ]);
    expect(plan.stats).toMatchObject({
      lines: 3,
      acceptedLines: 3,
      orders: 2,
      accounts: 2,
      totalAmount: 1150.5,
      totalMargin: 13,
    });
  });

  it("lists each customer once, in first-seen order, keeping the first name seen", () => {
    const plan = planOf([
      "A,C2,乙公司,2025-01-01,1,",
      "B,C1,甲公司,2025-01-01,1,",
      "C,C2,乙公司（新名）,2025-01-02,1,",
    ]);
    expect(plan.accounts).toEqual([
      { code: "C2", name: "乙公司" },
      { code: "C1", name: "甲公司" },
    ]);
    expect(plan.stats.nameConflicts).toBe(1);
  });

  it("rejects a line whose customer differs from its order's first line", () => {
    const plan = planOf(["SO-1,C1,甲,2025-03-01,100,", "SO-1,C9,乙,2025-03-01,40,"]);
    expect(plan.orders).toMatchObject([{ orderId: "SO-1", amount: 100, lines: 1 }]);
    expect(plan.rejected).toMatchObject([{ line: 3, code: "customer_conflict", orderId: "SO-1" }]);
    expect(plan.rejected[0]?.reason).toMatch(/^订单 SO-1 在第 2 行属于客户 C1.* \/ order SO-1 belongs to C1/);
  });

  it("rejects a line whose date differs from its order's first line", () => {
    const plan = planOf(["SO-1,C1,甲,2025-03-01,100,", "SO-1,C1,甲,2025-03-05,40,"]);
    expect(plan.rejected).toMatchObject([{ line: 3, code: "date_conflict" }]);
  });

  it("rejects future dates, missing ids and bad amounts with the line number", () => {
    const plan = planOf([
      "SO-1,C1,甲,2025-03-01,100,1",
      "SO-2,C1,甲,2026-01-01,100,1",
      ",C1,甲,2025-03-01,100,1",
      "SO-3,,甲,2025-03-01,100,1",
      "SO-4,C1,甲,2025-03-01,一百,1",
      "SO-5,C1,甲,2025-03-01,100,n/a",
      "SO-6,C1,甲,someday,100,1",
      "SO-7,C1",
    ]);
    expect(plan.rejected.map((r) => [r.line, r.code])).toEqual([
      [3, "date_future"],
      [4, "order_id_missing"],
      [5, "customer_id_missing"],
      [6, "amount_invalid"],
      [7, "margin_invalid"],
      [8, "date_invalid"],
      [9, "columns_missing"],
    ]);
    for (const r of plan.rejected) expect(r.reason).toMatch(/^\P{ASCII}.* \/ [ -~]+/u);
    expect(plan.orders.map((o) => o.orderId)).toEqual(["SO-1"]);
    expect(plan.stats).toMatchObject({ lines: 8, acceptedLines: 1, rejectedLines: 7 });
  });

  it("counts lines inside multi-line quoted fields when reporting a rejection", () => {
    const plan = planOf(['SO-1,C1,"甲\n公司",2025-03-01,100,1', "SO-2,C1,甲,2025-03-01,bad,1"]);
    expect(plan.rejected).toMatchObject([{ line: 4, code: "amount_invalid" }]);
  });

  it("leaves margin out when the file has no margin column, or a line has none", () => {
    const { margin: _, ...noMargin } = MAPPING;
    const a = planOrderImport(csvTable(parseCsv(`${HEADER}\nSO-1,C1,甲,2025-03-01,100,5`)), noMargin, {
      today: "2025-11-25",
    });
    expect(a.ok && a.value.orders[0]).not.toHaveProperty("margin");
    const b = planOf(["SO-1,C1,甲,2025-03-01,100,5", "SO-1,C1,甲,2025-03-01,100,"]);
    expect(b.orders[0]).toMatchObject({ amount: 200, lines: 2 });
    expect(b.orders[0]?.margin).toBeUndefined();
  });

  it("detects D/M/Y from the column and reports why", () => {
    const plan = planOf(["SO-1,C1,甲,1/2/2025,1,", "SO-2,C1,甲,30/1/2025,1,"]);
    expect(plan.orders.map((o) => o.date)).toEqual(["2025-02-01", "2025-01-30"]);
    expect(plan.stats.dateFormat).toMatchObject({ option: "auto", used: "dmy" });
    expect(plan.stats.dateFormat.note).toMatch(/第 3 行/);
  });

  it("fails the whole plan on an ambiguous date column, unless a dateFormat is given", () => {
    const lines = ["SO-1,C1,甲,1/2/2025,1,", "SO-2,C1,甲,3/4/2025,1,"];
    expect(importLines(lines)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/dateFormat=mdy or dmy/),
    });
    expect(planOf(lines, { dateFormat: "mdy" }).orders.map((o) => o.date)).toEqual([
      "2025-01-02",
      "2025-03-04",
    ]);
  });

  it("rejects year-last dates line by line when the mapping says ymd", () => {
    const plan = planOf(["SO-1,C1,甲,2025年3月4日,1,", "SO-2,C1,甲,3/4/2025,1,"], { dateFormat: "ymd" });
    expect(plan.orders.map((o) => o.date)).toEqual(["2025-03-04"]);
    expect(plan.rejected).toMatchObject([{ line: 3, code: "date_invalid" }]);
  });

  it("fails the whole plan when a mapped column is absent", () => {
    expect(importLines(["SO-1,C1,甲,2025-03-01,1,"], { amount: "Amount" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/available headers/),
    });
  });

  it("refuses a malformed today", () => {
    expect(importLines([], {}, "today")).toMatchObject({ ok: false });
  });
});
