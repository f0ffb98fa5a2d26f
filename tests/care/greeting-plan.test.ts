import { describe, expect, it } from "vitest";
import type { CareAccount, CareContact } from "../../src/domain/care-book.ts";
import { DEFAULT_CARE_POLICY, isCarePolicyKey, parseCarePolicyRows } from "../../src/domain/care-policy.ts";
import { addressOf, fillTemplate } from "../../src/domain/care-templates.ts";
import { planGreetings } from "../../src/domain/greeting-plan.ts";

function account(code: string, over: Partial<CareAccount> = {}): CareAccount {
  return {
    recordId: `rec${code}`,
    code,
    name: `${code} 科技有限公司`,
    ownerId: "ou_owner",
    tier: "B",
    ...over,
  };
}

function contact(name: string, code: string, over: Partial<CareContact> = {}): CareContact {
  return {
    recordId: `rec_${name}`,
    name,
    accountRecordId: `rec${code}`,
    decisionMaker: true,
    title: "采购总监",
    ...over,
  };
}

const plan = (
  accounts: CareAccount[],
  contacts: CareContact[],
  today: string,
  policy = DEFAULT_CARE_POLICY,
) => planGreetings({ accounts, contacts, policy, today });

describe("who is greeted, and when", () => {
  it("tells A accounts' owners 3 days ahead, B 1 day ahead and C on the day (春节 2026-02-17)", () => {
    const accounts = [
      account("A1", { tier: "A" }),
      account("B1", { tier: "B" }),
      account("C1", { tier: "C" }),
    ];
    const contacts = [contact("王强", "A1"), contact("李娜", "B1"), contact("张伟", "C1")];
    const names = (today: string) =>
      plan(accounts, contacts, today).cards.flatMap((c) => c.items.map((i) => i.contact.name));
    expect(names("2026-02-14")).toEqual(["王强"]);
    expect(names("2026-02-16")).toEqual(["李娜"]);
    expect(names("2026-02-17")).toEqual(["张伟"]);
    expect(names("2026-02-15")).toEqual([]);
  });

  it("gives each owner one card per occasion, listing all their contacts for it", () => {
    const accounts = [
      account("A1", { tier: "A" }),
      account("A2", { tier: "A" }),
      account("A3", { tier: "A", ownerId: "ou_other" }),
    ];
    const contacts = [contact("王强", "A1"), contact("赵敏", "A2"), contact("钱多", "A3")];
    const cards = plan(accounts, contacts, "2026-02-14").cards;
    expect(cards.map((c) => [c.ownerId, c.label, c.date, c.items.length])).toEqual([
      ["ou_other", "春节", "2026-02-17", 1],
      ["ou_owner", "春节", "2026-02-17", 2],
    ]);
  });

  it("greets decision makers for festivals, and the contact whose birthday it is", () => {
    const accounts = [account("C1", { tier: "C" })];
    const contacts = [
      contact("王强", "C1"),
      contact("小李", "C1", { decisionMaker: false, birthday: "1990-09-25", birthdayCalendar: "公历" }),
    ];
    const cards = plan(accounts, contacts, "2026-09-25").cards;
    expect(cards.map((c) => [c.label, c.items.map((i) => i.contact.name)])).toEqual([
      ["生日", ["小李"]],
      ["中秋节", ["王强"]],
    ]);
  });

  it("counts a 农历 birthday for its lunar year, on the day the lunar date falls", () => {
    const contacts = [contact("王强", "C1", { birthday: "1980-08-15", birthdayCalendar: "农历" })];
    const cards = plan([account("C1", { tier: "C" })], contacts, "2026-09-25").cards;
    expect(cards.find((c) => c.occasion === "birthday")).toMatchObject({ date: "2026-09-25", year: 2026 });
  });

  it("marks cooperation anniversaries with the number of years", () => {
    const cards = plan(
      [account("A1", { tier: "A", since: "2019-06-01" })],
      [contact("王强", "A1")],
      "2026-05-29",
    ).cards;
    expect(cards[0]).toMatchObject({ occasion: "anniversary", date: "2026-06-01" });
    expect(cards[0]!.items[0]!.message).toContain("合作 7 周年");
  });

  it("leaves out occasions the tier does not get, and counts accounts without an owner", () => {
    const accounts = [account("C1", { tier: "C" }), account("A1", { tier: "A", ownerId: undefined })];
    const result = plan(accounts, [contact("王强", "C1"), contact("李娜", "A1")], "2026-10-01");
    expect(result.cards).toEqual([]);
    const early = plan(accounts, [contact("王强", "C1"), contact("李娜", "A1")], "2026-09-28");
    expect(early.unowned).toBe(1);
  });
});

describe("the care policy from 设置", () => {
  it("reads lead days, occasions, templates and survey rules, and reports bad rows", () => {
    const { policy, problems } = parseCarePolicyRows([
      { key: "care.leadDays.A", value: "5" },
      { key: "care.occasions.C", value: "春节、生日" },
      { key: "care.template.春节.A", value: "{call}，新年好！{company}" },
      { key: "care.survey.everyMonths.B", value: "3" },
      { key: "care.survey.minGapDays", value: "abc" },
      { key: "care.leadDays.D", value: "1" },
      { key: "tier.method", value: "rank" },
    ]);
    expect(policy.leadDays).toEqual({ A: 5, B: 1, C: 0 });
    expect(policy.occasions.C).toEqual(["spring", "birthday"]);
    expect(policy.templates["spring.A"]).toBe("{call}，新年好！{company}");
    expect(policy.survey.everyMonths.B).toBe(3);
    expect(policy.survey.minGapDays).toBe(60);
    expect(problems.map((p) => p.key)).toEqual(["care.survey.minGapDays", "care.leadDays.D"]);
  });

  it("owns the care. keys only (the main policy parser skips them)", () => {
    expect(isCarePolicyKey("care.leadDays.A")).toBe(true);
    expect(isCarePolicyKey("care.survey.alertNps")).toBe(true);
    expect(isCarePolicyKey("survey.alertNps")).toBe(false);
    expect(isCarePolicyKey("cadence.A")).toBe(false);
  });

  it("uses a 设置 template for its tier and occasion", () => {
    const { policy } = parseCarePolicyRows([{ key: "care.template.spring.A", value: "{call}，新年好！" }]);
    const cards = plan([account("A1", { tier: "A" })], [contact("王强", "A1")], "2026-02-14", policy);
    expect(cards.cards[0]!.items[0]!.message).toBe("王总，新年好！");
  });
});

describe("suggested texts", () => {
  it("address people by surname and title, or by name when the title gives no form", () => {
    expect(addressOf("王强", "采购总监")).toBe("王总");
    expect(addressOf("欧阳明月", "采购经理")).toBe("欧阳经理");
    expect(addressOf("李娜", "工程师")).toBe("李娜");
    expect(addressOf("Alice Wang", "总经理")).toBe("Alice Wang");
  });

  it("fill name, title and company as plain text, leaving unknown placeholders visible", () => {
    const text = fillTemplate("{call}（{title}）·{company}·{oops}", {
      name: "王强",
      title: "总经理",
      company: "<b>X</b>",
    });
    expect(text).toBe("王总（总经理）·<b>X</b>·{oops}");
  });
});
