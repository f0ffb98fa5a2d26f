import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CardElement } from "../../src/cards/types.ts";
import { type DigestReport, digestReport } from "../../src/digest/digest-data.ts";
import { DEFAULT_RISK_THRESHOLD } from "../../src/digest/settings.ts";
import { digestJob, readDigestInputs } from "../../src/jobs/digest.ts";
import { RUN_AT, WEEK } from "./demo-digest-book.ts";
import { type DigestWorld, startDigestWorld } from "./digest-world.ts";

/**
 * The digest's numbers against an independent computation: the sandbox's tables read raw, loaded into an
 * in-memory SQLite, and counted with plain SQL following the documented definitions.
 */

type Cell = unknown;
const text = (v: Cell): string | null =>
  typeof v === "string"
    ? v
    : Array.isArray(v)
      ? v.map((s) => (s as { text?: string }).text ?? "").join("") || null
      : null;
const day = (v: Cell): string | null =>
  typeof v === "number" ? new Date(v + 8 * 3_600_000).toISOString().slice(0, 10) : null;
const person = (v: Cell): string | null =>
  Array.isArray(v) ? ((v[0] as { id?: string })?.id ?? null) : null;

function loadSql(world: DigestWorld) {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE accounts (code TEXT, owner TEXT, tier TEXT, spend REAL, next_due TEXT, visit_state TEXT, risk REAL);
           CREATE TABLE history (code TEXT, from_tier TEXT, to_tier TEXT, date TEXT, seq INTEGER);
           CREATE TABLE visits (code TEXT, date TEXT);`);
  const addAccount = db.prepare("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const { fields: f } of world.rows("accounts")) {
    addAccount.run(
      text(f.客户编号),
      person(f.负责人),
      text(f.等级),
      typeof f.近12月采购额 === "number" ? f.近12月采购额 : 0,
      day(f.下次拜访),
      text(f.拜访状态),
      typeof f.风险分 === "number" ? f.风险分 : null,
    );
  }
  const addChange = db.prepare("INSERT INTO history VALUES (?, ?, ?, ?, ?)");
  world.rows("tierHistory").forEach(({ fields: f }, i) => {
    addChange.run(text(f.客户编号), text(f.原等级), text(f.新等级), day(f.日期), i);
  });
  const addVisit = db.prepare("INSERT INTO visits VALUES (?, ?)");
  for (const { fields: f } of world.rows("visits")) addVisit.run(text(f.客户编号), day(f.拜访日期));
  return db;
}

const TIERS_AT_WEEK_END = `
  WITH later AS (
    SELECT code, from_tier, ROW_NUMBER() OVER (PARTITION BY code ORDER BY date, seq) AS rn
    FROM history WHERE date > @end)
  SELECT tier, COUNT(*) AS n FROM (
    SELECT CASE WHEN l.code IS NULL THEN a.tier ELSE NULLIF(l.from_tier, '无') END AS tier
    FROM accounts a LEFT JOIN later l ON l.code = a.code AND l.rn = 1)
  WHERE tier IS NOT NULL GROUP BY tier`;

const TOP_20_SHARE = `
  WITH ranked AS (
    SELECT spend, ROW_NUMBER() OVER (ORDER BY spend DESC) AS rk, COUNT(*) OVER () AS n
    FROM accounts WHERE spend > 0)
  SELECT ROUND(1000.0 * SUM(CASE WHEN rk <= (n + 4) / 5 THEN spend ELSE 0 END) / SUM(spend)) / 10.0 AS share
  FROM ranked`;

const COMPLIANCE = `
  WITH visited AS (SELECT DISTINCT code FROM visits WHERE date BETWEEN @start AND @end)
  SELECT a.owner AS managerId,
         SUM(CASE WHEN v.code IS NOT NULL OR a.next_due <= @end THEN 1 ELSE 0 END) AS due,
         SUM(CASE WHEN v.code IS NOT NULL THEN 1 ELSE 0 END) AS done,
         SUM(CASE WHEN a.visit_state IN ('逾期', '升级') THEN 1 ELSE 0 END) AS overdue
  FROM accounts a LEFT JOIN visited v ON v.code = a.code
  WHERE a.owner IS NOT NULL GROUP BY a.owner ORDER BY a.owner`;

describe("digest numbers against SQL over the sandbox's tables", () => {
  let world: DigestWorld;
  let db: Database.Database;
  let report: DigestReport;
  let companyCard: { body: { elements: CardElement[] } };

  beforeAll(async () => {
    world = await startDigestWorld({ accounts: 300 });
    db = loadSql(world);
    const services = world.services();
    const { book, settings } = await readDigestInputs(services);
    report = digestReport(book, { week: WEEK, riskThreshold: settings.riskThreshold });
    await digestJob.run(services, { now: RUN_AT, dryRun: false, force: false, trigger: "cli" });
    const sent = [...world.sandbox.state.messages.values()].find((m) => m.chat_id === world.chatId);
    companyCard = JSON.parse(sent!.content);
  }, 60_000);
  afterAll(async () => {
    db.close();
    await world.stop();
  });

  const chartOf = (type: string) =>
    companyCard.body.elements.find(
      (e) => e.tag === "chart" && (e.chart_spec as { type?: string }).type === type,
    )!.chart_spec as { data: { values: Record<string, unknown>[] } };

  it("counts tiers at the end of the week as SQL does, in the data and on the card's pie", () => {
    const rows = db.prepare(TIERS_AT_WEEK_END).all({ end: WEEK.end }) as { tier: string; n: number }[];
    const expected = { A: 0, B: 0, C: 0, ...Object.fromEntries(rows.map((r) => [r.tier, r.n])) };
    expect(report.data.tiers).toEqual(expected);
    const pie = chartOf("pie").data.values.map((v) => [v.tier, v.count]);
    expect(Object.fromEntries(pie)).toEqual(expected);
    // The Monday move is undone: the counts differ from a plain GROUP BY on 等级.
    const now = db.prepare("SELECT tier, COUNT(*) AS n FROM accounts GROUP BY tier").all();
    expect(now).not.toEqual(rows);
  });

  it("gives the top 20 % share of spend that SQL gives, in words on the card", () => {
    const { share } = db.prepare(TOP_20_SHARE).get() as { share: number };
    expect(share).toBeGreaterThan(30);
    const line = JSON.stringify(companyCard);
    expect(line).toContain(`前 20% 贡献 ${share}%`);
  });

  it("counts visits done, due and overdue per manager as SQL does", () => {
    const rows = db.prepare(COMPLIANCE).all({ start: WEEK.start, end: WEEK.end });
    const ours = report.compliance
      .map(({ managerId, due, done, overdue }) => ({ managerId, due, done, overdue }))
      .sort((a, b) => (a.managerId < b.managerId ? -1 : 1));
    expect(ours).toEqual(rows);
    expect(ours.reduce((n, r) => n + r.done, 0)).toBeGreaterThan(0);
  });

  it("draws each manager's compliance rate on the card as done / due", () => {
    const rows = db.prepare(COMPLIANCE).all({ start: WEEK.start, end: WEEK.end }) as {
      managerId: string;
      due: number;
      done: number;
    }[];
    const name = (id: string) => world.sandbox.state.users.get(id)!.name;
    const expected = Object.fromEntries(
      rows.map((r) => [name(r.managerId), r.due ? Math.round((1000 * r.done) / r.due) / 10 : 100]),
    );
    const drawn = Object.fromEntries(chartOf("bar").data.values.map((v) => [v.manager, v.rate]));
    expect(drawn).toEqual(expected);
  });

  it("lists as at risk exactly the accounts at or above the threshold", () => {
    const { n } = db
      .prepare("SELECT COUNT(*) AS n FROM accounts WHERE risk >= ?")
      .get(DEFAULT_RISK_THRESHOLD) as { n: number };
    expect(n).toBeGreaterThan(0);
    expect(report.data.atRisk).toHaveLength(n);
  });
});
