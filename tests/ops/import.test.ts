import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRecord } from "../../src/feishu/codecs.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { csvTable, parseCsv } from "../../src/import/csv.ts";
import { parseMapping } from "../../src/import/mapping.ts";
import { planOrderImport } from "../../src/import/orders.ts";
import { type BoundBase, bindBase } from "../../src/ops/base.ts";
import { writeOrderImport } from "../../src/ops/import-orders.ts";
import { provision } from "../../src/ops/provision.ts";
import { startWorld, type World } from "../support/world.ts";

const CSV = new URL("../../../shared/data/superstore-orders.csv", import.meta.url);
const MAP =
  "customerId=Customer ID,customerName=Customer Name,orderId=Order ID,date=Order Date,amount=Sales,margin=Profit";

/** The CSV's own per-customer sums, computed without any project code: plain SQL over the raw lines. */
function independentSums(): Map<string, { sales: number; profit: number; lines: number }> {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE raw (customer TEXT, sales REAL, profit REAL)");
  const insert = db.prepare("INSERT INTO raw VALUES (?, ?, ?)");
  const text = readFileSync(CSV, "utf8");
  const lines = text.split(/\r?\n/).filter(Boolean).slice(1);
  db.transaction(() => {
    for (const line of lines) {
      const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"'));
      insert.run(cells[5], Number(cells[17]), Number(cells[20]));
    }
  })();
  const rows = db
    .prepare(
      "SELECT customer, SUM(sales) AS sales, SUM(profit) AS profit, COUNT(*) AS lines FROM raw GROUP BY customer",
    )
    .all() as { customer: string; sales: number; profit: number; lines: number }[];
  db.close();
  return new Map(rows.map((r) => [r.customer, r]));
}

describe("kam import orders (superstore-orders.csv)", () => {
  let world: World;
  let base: BoundBase;
  const mapping = parseMapping(MAP);
  if (!mapping.ok) throw new Error(mapping.error);
  const plan = planOrderImport(csvTable(parseCsv(readFileSync(CSV, "utf8"))), mapping.value, {
    today: "2026-11-24",
  });
  if (!plan.ok) throw new Error(plan.error);

  beforeAll(async () => {
    world = await startWorld();
    await provision(world.gw, loadTemplate());
    base = await bindBase(world.gw, loadTemplate());
  });
  afterAll(async () => world.stop());

  it("imports 793 customers and every order, rejecting nothing", async () => {
    expect(plan.value.rejected).toEqual([]);
    const summary = await writeOrderImport(base, plan.value, { source: "superstore-orders.csv" });
    expect(summary.accountsCreated).toBe(793);
    expect(summary.ordersCreated).toBe(plan.value.stats.orders);
  });

  it("writes nothing the second time", async () => {
    const summary = await writeOrderImport(base, plan.value, { source: "superstore-orders.csv" });
    expect(summary).toEqual({
      accountsCreated: 0,
      accountsExisting: 793,
      ordersCreated: 0,
      ordersExisting: plan.value.stats.orders,
    });
  });

  it("holds per-customer totals equal to the CSV's own sums", async () => {
    const orders = await world.gw.searchAll(base.table("orders").id);
    const accounts = await world.gw.searchAll(base.table("accounts").id);
    expect(accounts).toHaveLength(793);
    expect(orders).toHaveLength(plan.value.stats.orders);
    const fields = base.table("orders").template.fields;
    const totals = new Map<string, { sales: number; profit: number; lines: number }>();
    for (const rec of orders) {
      const { values, problems } = decodeRecord(fields, rec.fields);
      expect(problems).toEqual([]);
      const t = totals.get(values.accountCode as string) ?? { sales: 0, profit: 0, lines: 0 };
      t.sales += values.amount as number;
      t.profit += values.margin as number;
      t.lines += values.lines as number;
      totals.set(values.accountCode as string, t);
    }
    const expected = independentSums();
    expect(totals.size).toBe(expected.size);
    for (const [customer, e] of expected) {
      const got = totals.get(customer)!;
      expect(got.lines).toBe(e.lines);
      expect(got.sales).toBeCloseTo(e.sales, 6);
      expect(got.profit).toBeCloseTo(e.profit, 6);
    }
  });
});
