import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRecord } from "../../src/feishu/codecs.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { csvTable, parseCsv } from "../../src/import/csv.ts";
import { parseMapping } from "../../src/import/mapping.ts";
import { planOrderImport } from "../../src/import/orders.ts";
import { runFullSync } from "../../src/jobs/sync/full-sync.ts";
import type { SyncSummary } from "../../src/jobs/sync/summary.ts";
import { type BoundBase, bindBase } from "../../src/ops/base.ts";
import { writeOrderImport } from "../../src/ops/import-orders.ts";
import { provision } from "../../src/ops/provision.ts";
import { readRecords } from "../../src/sandbox/bitable/store.ts";
import { startWorld, type World } from "../support/world.ts";
import { noonOf, syncServices } from "./sync-world.ts";

const CSV = new URL("../../../shared/data/superstore-orders.csv", import.meta.url);
const MAP =
  "customerId=Customer ID,customerName=Customer Name,orderId=Order ID,date=Order Date,amount=Sales,margin=Profit";
const NOW = "2017-12-31";

type Expected = { customer: string; spend: number; place: number; tier: "A" | "B" | "C" };

/**
 * Tiers computed without any project code: plain SQL over the raw CSV lines. Spend is 2017's sales (the
 * 12 months up to 2017-12-31); places by spend, ties by customer id; A = the first ROUND(N × 5%) places,
 * B = up to ROUND(N × (5% + 15%)) — the rounding rule domain/tiering.ts documents; no spend is C.
 */
function tiersBySql(): Expected[] {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE raw (customer TEXT, year INTEGER, sales REAL)");
  const insert = db.prepare("INSERT INTO raw VALUES (?, ?, ?)");
  const lines = readFileSync(CSV, "utf8").split(/\r?\n/).filter(Boolean).slice(1);
  db.transaction(() => {
    for (const line of lines) {
      const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"'));
      insert.run(cells[5], Number(cells[2]!.split("/")[2]), Number(cells[17]));
    }
  })();
  const rows = db
    .prepare(
      `WITH spend AS (
         SELECT customer, SUM(CASE WHEN year = 2017 THEN sales ELSE 0 END) AS spend FROM raw GROUP BY customer
       ), ranked AS (
         SELECT customer, spend,
                ROW_NUMBER() OVER (ORDER BY spend DESC, customer ASC) AS place,
                COUNT(*) OVER () AS n
         FROM spend
       )
       SELECT customer, spend, place,
              CASE WHEN spend <= 0 THEN 'C'
                   WHEN place <= ROUND(n * 0.05) THEN 'A'
                   WHEN place <= ROUND(n * (0.05 + 0.15)) THEN 'B'
                   ELSE 'C' END AS tier
       FROM ranked ORDER BY place`,
    )
    .all() as Expected[];
  db.close();
  return rows;
}

describe("tiers of the Superstore book (external data, 2017 window)", () => {
  let world: World;
  let base: BoundBase;
  let summary: SyncSummary;

  beforeAll(async () => {
    world = await startWorld();
    await provision(world.gw, loadTemplate());
    base = await bindBase(world.gw, loadTemplate());
    const mapping = parseMapping(MAP);
    if (!mapping.ok) throw new Error(mapping.error);
    const plan = planOrderImport(csvTable(parseCsv(readFileSync(CSV, "utf8"))), mapping.value, {
      today: NOW,
    });
    if (!plan.ok) throw new Error(plan.error);
    await writeOrderImport(base, plan.value, { source: "superstore-orders.csv" });
    summary = await runFullSync(syncServices(world, NOW), { now: noonOf(NOW), dryRun: false });
  }, 60_000);
  afterAll(async () => world.stop());

  it("classifies all 793 customers, and every one lands in the tier plain SQL gives it", () => {
    const expected = tiersBySql();
    expect(expected).toHaveLength(793);
    const { id, template } = base.table("accounts");
    const held = new Map(
      readRecords(world.sandbox.state, world.appToken, id).map((r) => {
        const { values } = decodeRecord(template.fields, r.fields);
        return [values.code as string, values];
      }),
    );
    expect(held.size).toBe(793);
    const wrong = expected.filter((e) => held.get(e.customer)?.tier !== e.tier);
    expect(wrong).toEqual([]);
    // The engine sums whole cents per order; SQL sums the raw lines: a few cents apart at most.
    for (const e of expected) {
      expect(Math.abs((held.get(e.customer)!.windowSpend as number) - e.spend)).toBeLessThan(0.05);
    }
    const count = (t: string) => expected.filter((e) => e.tier === t).length;
    expect(summary.tiers).toEqual({ A: count("A"), B: count("B"), C: count("C") });
    expect(summary.tiers).toEqual({ A: 40, B: 119, C: 634 });
  });

  it("reports the imported customers' missing owners as data problems, and still completes", () => {
    expect(summary.problemsByCode.owner_missing).toBe(793);
    expect(summary.changedAccounts).toBe(793);
  });
});
