import { describe, expect, it } from "vitest";
import type { DigestAccount, DigestBook, TierChange } from "../../src/digest/book.ts";
import { visitCompliance } from "../../src/digest/compliance.ts";
import { digestData, problemLines } from "../../src/digest/digest-data.ts";
import { leaderTeams } from "../../src/digest/leaders.ts";
import { satisfactionByMonth } from "../../src/digest/satisfaction.ts";
import { digestSettings, tableViews } from "../../src/digest/settings.ts";
import { movesInWeek, tiersAt } from "../../src/digest/tiers.ts";
import { isoWeekLabel, reportWeekBefore } from "../../src/digest/week.ts";

const WEEK = reportWeekBefore("2026-11-30");
const account = (code: string, over: Partial<DigestAccount> = {}): DigestAccount => ({
  code,
  name: `客户 ${code}`,
  ownerId: "ou_a",
  tier: "B",
  windowSpend: 100,
  riskFlags: "",
  dataProblems: "",
  ...over,
});
const change = (accountCode: string, from: TierChange["from"], to: TierChange["to"], date: string) => ({
  accountCode,
  ...(from ? { from } : {}),
  to,
  reason: `${from ?? "无"}→${to}`,
  date,
});

describe("the reported week", () => {
  it("is the whole ISO week before the run's week", () => {
    expect(WEEK).toEqual({ label: "2026-W48", start: "2026-11-23", end: "2026-11-29" });
    expect(reportWeekBefore("2026-12-06")).toEqual(WEEK);
    expect(reportWeekBefore("2027-01-04").label).toBe("2026-W53");
  });

  it("names ISO weeks by the year of their Thursday", () => {
    expect(isoWeekLabel("2027-01-01")).toBe("2026-W53");
    expect(isoWeekLabel("2025-12-29")).toBe("2026-W01");
    expect(isoWeekLabel("2026-01-05")).toBe("2026-W02");
  });
});

describe("tiers and moves", () => {
  const accounts = [account("C1", { tier: "A" }), account("C2", { tier: "C" }), account("C3", { tier: "B" })];

  it("undoes changes dated after the day, latest first", () => {
    const changes = [change("C1", "C", "B", "2026-11-24"), change("C1", "B", "A", "2026-11-30")];
    const tiers = tiersAt(accounts, changes, WEEK.end);
    expect(tiers.get("C1")).toBe("B");
    expect(tiersAt(accounts, changes, "2026-11-22").get("C1")).toBe("C");
  });

  it("nets each account's moves in the week and leaves out first tiers and round trips", () => {
    const moves = movesInWeek(
      accounts,
      [
        change("C1", "C", "B", "2026-11-23"),
        change("C1", "B", "A", "2026-11-27"),
        change("C2", undefined, "C", "2026-11-24"),
        change("C3", "B", "C", "2026-11-24"),
        change("C3", "C", "B", "2026-11-26"),
        change("C2", "B", "C", "2026-11-30"),
      ],
      WEEK,
    );
    expect(moves).toEqual([{ accountId: "C1", name: "客户 C1", from: "C", to: "A", reason: "B→A" }]);
  });
});

describe("visit compliance", () => {
  it("counts due by the week's Sunday or visited in the week, done when visited", () => {
    const accounts = [
      account("C1", { nextVisitDue: "2026-11-25" }),
      account("C2", { nextVisitDue: "2026-11-29", visitState: "到期" }),
      account("C3", { nextVisitDue: "2026-12-20" }),
      account("C4", { nextVisitDue: "2026-10-01", visitState: "升级" }),
      account("C5", { nextVisitDue: "2026-12-01", ownerId: "ou_b" }),
    ];
    const visits = [
      { accountCode: "C3", date: "2026-11-24" },
      { accountCode: "C3", date: "2026-11-25" },
      { accountCode: "C1", date: "2026-11-22" },
    ];
    const rows = visitCompliance(accounts, visits, WEEK, [
      { id: "ou_a", name: "甲" },
      { id: "ou_b", name: "乙" },
    ]);
    expect(rows).toEqual([
      { managerId: "ou_a", manager: "甲", due: 4, done: 1, overdue: 1 },
      { managerId: "ou_b", manager: "乙", due: 0, done: 0, overdue: 0 },
    ]);
  });
});

describe("satisfaction", () => {
  it("gives NPS as % promoters − % detractors and CSAT as % satisfied, per month", () => {
    const s = (date: string, overall: number, nps: number) => ({ accountCode: "C1", date, overall, nps });
    const months = satisfactionByMonth(
      [s("2026-11-02", 5, 10), s("2026-11-10", 4, 9), s("2026-11-20", 2, 3), s("2026-11-21", 3, 7)],
      "2026-11-29",
      2,
    );
    expect(months).toEqual([
      { month: "2026-10", answers: 0 },
      { month: "2026-11", answers: 4, nps: 25, csat: 50, meanCsat: 3.5 },
    ]);
  });
});

describe("leaders", () => {
  it("makes everyone above an owner a leader of that owner, and survives a loop", () => {
    const up: Record<string, string> = { m1: "l1", m2: "l1", m3: "l2", l1: "head", l2: "head", head: "m1" };
    const teams = leaderTeams(["m1", "m2", "m3", "m1"], (id) => up[id]);
    expect(Object.fromEntries(teams)).toEqual({
      head: ["m1", "m2", "m3"],
      l1: ["m1", "m2", "m3"],
      l2: ["m3"],
      m1: ["m2", "m3"],
    });
  });
});

describe("digest data", () => {
  const book: DigestBook = {
    accounts: [
      account("C1", { tier: "A", windowSpend: 900, risk: 70, riskFlags: "拜访已逾期 20 天，需升级" }),
      account("C2", {
        tier: "C",
        windowSpend: 100,
        ownerId: "ou_b",
        dataProblems: "坏行\n…另有 4 条问题 / 4 more",
      }),
    ],
    tierChanges: [],
    visits: [],
    surveys: [],
  };

  it("keeps a leader's digest to their team's accounts", () => {
    const d = digestData(book, { week: WEEK, leader: { openId: "ou_l", managerIds: ["ou_b"] } });
    expect(d.tiers).toEqual({ A: 0, B: 0, C: 1 });
    expect(d.revenues).toEqual([100]);
    expect(d.atRisk).toEqual([]);
    expect(d.dataProblems).toBe(5);
  });

  it("lists accounts at or above the risk threshold with their flags, health = 100 − risk", () => {
    const d = digestData(book, { week: WEEK, riskThreshold: 70 });
    expect(d.atRisk).toEqual([
      { accountId: "C1", name: "客户 C1", tier: "A", health: 30, reason: "拜访已逾期 20 天，需升级" },
    ]);
    expect(d.tiersLastWeek).toEqual(d.tiers);
  });

  it("counts the sync's problem lines, including its “N more” line", () => {
    expect(problemLines("a\n\nb\n…另有 7 条问题 / 7 more")).toBe(9);
  });
});

describe("settings and links", () => {
  it("reads the digest's 设置 rows and reports bad ones", () => {
    const s = digestSettings([
      { key: "digest.chatId", value: "oc_abc123" },
      { key: "digest.riskThreshold", value: "abc" },
      { key: "digest.tenantUrl", value: "https://acme.feishu.cn/" },
      { key: "cadence.A", value: "14" },
    ]);
    expect(s).toMatchObject({ chatId: "oc_abc123", riskThreshold: 50, tenantUrl: "https://acme.feishu.cn" });
    expect(s.problems).toHaveLength(1);
  });

  it("links tables in the tenant's Feishu, in the sandbox console, or not at all", () => {
    const tables = [{ name: "客户", en: "Accounts", tableId: "tbl1" }];
    const base = { domain: "http://127.0.0.1:3001", appToken: "bascn1", tables, locale: "zh_cn" as const };
    expect(tableViews({ ...base, mode: "feishu", tenantUrl: "https://acme.feishu.cn" })).toEqual([
      { label: "客户", url: "https://acme.feishu.cn/base/bascn1?table=tbl1" },
    ]);
    expect(tableViews({ ...base, mode: "sandbox", locale: "en_us" })).toEqual([
      { label: "Accounts", url: "http://127.0.0.1:3001/console/tables/bascn1/tbl1" },
    ]);
    expect(tableViews({ ...base, mode: "feishu" })).toEqual([]);
  });
});
