import { describe, expect, it } from "vitest";
import { dayOf } from "../../src/domain/dates.ts";
import { demoBook } from "../../src/seed/demo-book.ts";

const TODAY = "2025-11-25";
const managers = [
  { open_id: "ou_a", name: "李娜" },
  { open_id: "ou_b", name: "陈强" },
];
const book = demoBook({ seed: 11, managers, today: TODAY });

describe("demoBook visits", () => {
  it("uses all four visit types, none in the future", () => {
    expect(new Set(book.visits.map((v) => v.type))).toEqual(
      new Set(["电话", "上门", "高层拜访", "线上会议"]),
    );
    for (const v of book.visits) expect(v.date <= TODAY).toBe(true);
  });

  it("visits big accounts more often than small ones", () => {
    const spend = new Map<string, number>();
    for (const o of book.orders) spend.set(o.accountCode, (spend.get(o.accountCode) ?? 0) + o.amount);
    const ranked = book.accounts.map((a) => a.code).sort((a, b) => (spend.get(b) ?? 0) - (spend.get(a) ?? 0));
    const visits = (codes: string[]) =>
      book.visits.filter((v) => codes.includes(v.accountCode)).length / codes.length;
    expect(visits(ranked.slice(0, 15))).toBeGreaterThan(3 * visits(ranked.slice(-150)));
  });

  it("leaves some accounts overdue: last visit older than 100 days", () => {
    const last = new Map<string, string>();
    for (const v of book.visits)
      if (v.date > (last.get(v.accountCode) ?? "")) last.set(v.accountCode, v.date);
    const overdue = [...last.values()].filter((d) => dayOf(TODAY) - dayOf(d) > 100);
    expect(overdue.length).toBeGreaterThan(3);
  });

  it("is made by the account's owner", () => {
    const owner = new Map(book.accounts.map((a) => [a.code, a.owner]));
    for (const v of book.visits) expect(v.visitor).toBe(owner.get(v.accountCode));
  });
});

describe("demoBook surveys", () => {
  it("answers for some accounts, with unique answer ids", () => {
    const accounts = new Set(book.surveys.map((s) => s.accountCode));
    expect(accounts.size).toBeGreaterThan(30);
    expect(accounts.size).toBeLessThan(book.accounts.length);
    expect(new Set(book.surveys.map((s) => s.answerId)).size).toBe(book.surveys.length);
  });

  it("keeps items within 1–5 and NPS within 0–10", () => {
    for (const s of book.surveys) {
      for (const item of [s.overall, s.product, s.service, s.responsiveness]) {
        expect(Number.isInteger(item) && item >= 1 && item <= 5).toBe(true);
      }
      expect(Number.isInteger(s.nps) && s.nps >= 0 && s.nps <= 10).toBe(true);
    }
  });

  it("has a few low scores, each explained in a Chinese comment", () => {
    const low = book.surveys.filter((s) => s.overall <= 2 || s.nps <= 4);
    expect(low.length).toBeGreaterThan(0);
    for (const s of low) expect(s.comment).toMatch(/\p{Script=Han}/u);
  });

  it("links each answer to a contact of the same account", () => {
    const contacts = new Map(book.contacts.map((c) => [c.name, c.accountCode]));
    for (const s of book.surveys) expect(contacts.get(s.contact)).toBe(s.accountCode);
  });
});
