import { describe, expect, it } from "vitest";
import { dayOf } from "../../src/domain/dates.ts";
import { type DemoBook, demoBook } from "../../src/seed/demo-book.ts";

const TODAY = "2025-11-25";
const managers = [
  { open_id: "ou_lead", name: "王总监" },
  { open_id: "ou_a", name: "李娜", leaderOpenId: "ou_lead" },
  { open_id: "ou_b", name: "陈强", leaderOpenId: "ou_lead" },
  { open_id: "ou_c", name: "赵敏", leaderOpenId: "ou_lead" },
];

const book = demoBook({ managers, today: TODAY });

function spendByAccount(b: DemoBook): number[] {
  const spend = new Map<string, number>(b.accounts.map((a) => [a.code, 0]));
  for (const o of b.orders) spend.set(o.accountCode, (spend.get(o.accountCode) ?? 0) + o.amount);
  return [...spend.values()].sort((x, y) => y - x);
}

function topFifthShare(b: DemoBook): number {
  const spend = spendByAccount(b);
  const total = spend.reduce((s, x) => s + x, 0);
  return spend.slice(0, Math.round(spend.length * 0.2)).reduce((s, x) => s + x, 0) / total;
}

describe("demoBook determinism", () => {
  it("gives an identical book for the same seed", () => {
    expect(demoBook({ managers, today: TODAY })).toEqual(book);
  });

  it("gives a different book for a different seed", () => {
    const other = demoBook({ seed: 7, managers, today: TODAY });
    expect(other.accounts.map((a) => a.name)).not.toEqual(book.accounts.map((a) => a.name));
    expect(other.orders.length).not.toBe(book.orders.length);
  });
});

describe("demoBook shape", () => {
  it("has 300 accounts with unique codes and unique company names", () => {
    expect(book.accounts).toHaveLength(300);
    expect(new Set(book.accounts.map((a) => a.code)).size).toBe(300);
    expect(new Set(book.accounts.map((a) => a.name)).size).toBe(300);
    expect(book.accounts[0]?.name).toMatch(/^\p{Script=Han}+$/u);
  });

  it("makes 8–15k orders with unique ERP-style ids", () => {
    expect(book.orders.length).toBeGreaterThanOrEqual(8_000);
    expect(book.orders.length).toBeLessThanOrEqual(15_000);
    expect(new Set(book.orders.map((o) => o.orderId)).size).toBe(book.orders.length);
    expect(book.orders.filter((o) => !/^SO-\d{4}-\d{6}$/.test(o.orderId))).toEqual([]);
  });

  it("gives every account 2–4 contacts, with book-unique names", () => {
    const perAccount = new Map<string, number>();
    for (const c of book.contacts) perAccount.set(c.accountCode, (perAccount.get(c.accountCode) ?? 0) + 1);
    expect(perAccount.size).toBe(300);
    for (const n of perAccount.values()) expect(n >= 2 && n <= 4).toBe(true);
    expect(new Set(book.contacts.map((c) => c.name)).size).toBe(book.contacts.length);
  });

  it("marks roughly 30 % of birthdays as lunar", () => {
    const lunar = book.contacts.filter((c) => c.birthdayCalendar === "农历").length / book.contacts.length;
    expect(lunar).toBeGreaterThan(0.2);
    expect(lunar).toBeLessThan(0.4);
  });

  it("spreads owners over every manager, leaders owning fewer", () => {
    const owned = new Map<string, number>();
    for (const a of book.accounts) owned.set(a.owner ?? "", (owned.get(a.owner ?? "") ?? 0) + 1);
    expect([...owned.keys()].sort()).toEqual(managers.map((m) => m.open_id).sort());
    expect(owned.get("ou_lead")).toBeLessThan(owned.get("ou_a") ?? 0);
  });

  it("pins a few tiers by hand, each with a reason", () => {
    const pinned = book.accounts.filter((a) => a.tierOverride);
    expect(pinned.length).toBeGreaterThanOrEqual(3);
    expect(pinned.length).toBeLessThan(30);
    for (const a of pinned) expect(a.overrideReason).toBeTruthy();
  });

  it("dates cooperation starts within the last ten years", () => {
    for (const a of book.accounts) {
      const age = dayOf(TODAY) - dayOf(a.since);
      expect(age > 0 && age <= 3650).toBe(true);
    }
  });
});

describe("demoBook orders", () => {
  const accounts = new Map(book.accounts.map((a) => [a.code, a]));

  it("references an existing account in every order, never before it started", () => {
    const stray = book.orders.filter((o) => {
      const account = accounts.get(o.accountCode);
      return !account || o.account !== o.accountCode || o.date < account.since;
    });
    expect(stray).toEqual([]);
  });

  it("keeps orders inside the last 24 months and not after today", () => {
    const dates = book.orders.map((o) => o.date).sort();
    expect(dates[0]! >= "2023-11-26").toBe(true);
    expect(dates.at(-1)! <= TODAY).toBe(true);
  });

  it("keeps margins between 5 % and 35 % of the amount", () => {
    const off = book.orders.filter(
      (o) => !(o.amount > 0 && o.margin / o.amount >= 0.0499 && o.margin / o.amount <= 0.3501),
    );
    expect(off).toEqual([]);
  });

  it("puts 65–90 % of spend in the top 20 % of accounts, for several seeds", () => {
    expect(topFifthShare(book)).toBeGreaterThan(0.65);
    expect(topFifthShare(book)).toBeLessThan(0.9);
    for (const seed of [1, 2, 3, 5, 8]) {
      const share = topFifthShare(demoBook({ seed, managers, today: TODAY }));
      expect(share).toBeGreaterThan(0.65);
      expect(share).toBeLessThan(0.9);
    }
  });

  it("dips in February for the Spring Festival", () => {
    const byMonth = new Array(12).fill(0);
    for (const o of book.orders) byMonth[Number(o.date.slice(5, 7)) - 1] += 1;
    expect(byMonth[1]).toBeLessThan(byMonth[2] * 0.7);
  });

  it("includes dormant accounts that stopped ordering months ago", () => {
    const last = new Map<string, string>();
    for (const o of book.orders)
      if (o.date > (last.get(o.accountCode) ?? "")) last.set(o.accountCode, o.date);
    const dormant = [...last.values()].filter((d) => dayOf(TODAY) - dayOf(d) > 150);
    expect(dormant.length).toBeGreaterThan(5);
  });
});
