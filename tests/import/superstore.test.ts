import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { csvTable, parseCsv } from "../../src/import/csv.ts";
import { parseMapping } from "../../src/import/mapping.ts";
import { planOrderImport } from "../../src/import/orders.ts";

const text = readFileSync(new URL("../../../shared/data/superstore-orders.csv", import.meta.url), "utf8");
const MAP =
  "customerId=Customer ID,customerName=Customer Name,orderId=Order ID,date=Order Date,amount=Sales,margin=Profit";

function mapping() {
  const parsed = parseMapping(MAP);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function plan() {
  const result = planOrderImport(csvTable(parseCsv(text)), mapping(), { today: "2025-11-25" });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/**
 * The independent side: this file quotes every value and never has `","`
 * inside one, so a line split on `","` is enough. SQLite does the sums.
 */
function loadIntoSqlite(): Database.Database {
  const db = new Database(":memory:");
  const lines = text.split("\n").filter((l) => l !== "");
  const headers = lines[0]!.slice(1, -1).split('","');
  db.exec(`CREATE TABLE lines (${headers.map((h) => `"${h}"`).join(", ")})`);
  const insert = db.prepare(`INSERT INTO lines VALUES (${headers.map(() => "?").join(", ")})`);
  db.transaction(() => {
    for (const l of lines.slice(1)) {
      const values = l
        .slice(1, -1)
        .split('","')
        .map((v) => v.replaceAll('""', '"'));
      if (values.length !== headers.length) throw new Error(`loader assumption broken: ${l}`);
      insert.run(values);
    }
  })();
  return db;
}

describe("importing the Superstore order file", () => {
  const result = plan();
  const db = loadIntoSqlite();

  it("parses all 9,994 order lines and rejects none", () => {
    expect(parseCsv(text)).toHaveLength(9_995);
    expect(result.stats.lines).toBe(9_994);
    expect(result.rejected).toEqual([]);
  });

  it("finds 793 distinct customers, first-seen names kept", () => {
    expect(result.accounts).toHaveLength(793);
    expect(result.accounts[0]).toEqual({ code: "CG-12520", name: "Claire Gute" });
    const sql = db.prepare(`SELECT COUNT(DISTINCT "Customer ID") AS n FROM lines`).get() as { n: number };
    expect(sql.n).toBe(793);
  });

  it("merges the lines into 5,009 orders, as many as distinct Order IDs", () => {
    const sql = db.prepare(`SELECT COUNT(DISTINCT "Order ID") AS n FROM lines`).get() as { n: number };
    expect(sql.n).toBe(5_009);
    expect(result.orders).toHaveLength(5_009);
    expect(result.orders.reduce((s, o) => s + o.lines, 0)).toBe(9_994);
  });

  it("reads the US dates as M/D/Y and says why", () => {
    expect(result.stats.dateFormat.used).toBe("mdy");
    expect(result.stats.firstDate).toBe("2014-01-03");
    expect(result.stats.lastDate).toBe("2017-12-30");
    expect(result.orders[0]).toMatchObject({ orderId: "CA-2016-152156", date: "2016-11-08", lines: 2 });
  });

  it("sums each customer's sales and profit exactly as SQL does", () => {
    const ours = new Map<string, { sales: number; profit: number }>();
    for (const o of result.orders) {
      const s = ours.get(o.accountCode) ?? { sales: 0, profit: 0 };
      ours.set(o.accountCode, { sales: s.sales + o.amount, profit: s.profit + (o.margin ?? Number.NaN) });
    }
    const rows = db
      .prepare(`SELECT "Customer ID" AS id, SUM(Sales) AS sales, SUM(Profit) AS profit FROM lines GROUP BY 1`)
      .all() as { id: string; sales: number; profit: number }[];
    expect(rows).toHaveLength(ours.size);
    for (const row of rows) {
      expect(Math.abs((ours.get(row.id)?.sales ?? Number.NaN) - row.sales), row.id).toBeLessThan(1e-6);
      expect(Math.abs((ours.get(row.id)?.profit ?? Number.NaN) - row.profit), row.id).toBeLessThan(1e-6);
    }
  });

  it("totals 2,297,200.86 in sales and 286,397.02 in profit", () => {
    const sql = db.prepare(`SELECT SUM(Sales) AS sales, SUM(Profit) AS profit FROM lines`).get() as {
      sales: number;
      profit: number;
    };
    expect(result.stats.totalAmount).toBeCloseTo(sql.sales, 6);
    expect(result.stats.totalAmount).toBeCloseTo(2_297_200.8603, 4);
    expect(result.stats.totalMargin).toBeCloseTo(286_397.0217, 4);
  });

  it("gives the same plan twice", () => {
    expect(plan()).toEqual(result);
  });

  it("rejects every line when today is before the file's dates", () => {
    const early = planOrderImport(csvTable(parseCsv(text)), mapping(), { today: "2013-12-31" });
    expect(early.ok && early.value.rejected.every((r) => r.code === "date_future")).toBe(true);
    expect(early.ok && early.value.orders).toEqual([]);
  });
});
