import { describe, expect, it } from "vitest";
import type { CareAccount, CareContact } from "../../src/domain/care-book.ts";
import { DEFAULT_CARE_POLICY } from "../../src/domain/care-policy.ts";
import {
  campaignOf,
  isLowScore,
  npsClassOf,
  parseSurveyId,
  planSurveys,
  type SurveyHistory,
} from "../../src/domain/survey-plan.ts";

const none: SurveyHistory = { sent: new Set(), lastSurveyed: new Map() };

function book(n: number, over: Partial<CareAccount> = {}) {
  const accounts: CareAccount[] = Array.from({ length: n }, (_, i) => ({
    recordId: `recA${i}`,
    code: `K${i}`,
    name: `客户${i}`,
    ownerId: "ou_owner",
    tier: "A",
    ...over,
  }));
  const contacts: CareContact[] = accounts.flatMap((a, i) => [
    { recordId: `recC${i}a`, name: `甲${i}`, accountRecordId: a.recordId, decisionMaker: true },
    { recordId: `recC${i}b`, name: `乙${i}`, accountRecordId: a.recordId, decisionMaker: false },
  ]);
  return { accounts, contacts };
}

describe("survey campaigns", () => {
  it("names campaigns by tier period: A quarterly, B half-yearly, C yearly", () => {
    expect(campaignOf("2026-05-12", 3)).toEqual({ name: "2026Q2", start: "2026-04-01", end: "2026-06-30" });
    expect(campaignOf("2026-05-12", 6).name).toBe("2026H1");
    expect(campaignOf("2026-05-12", 12).name).toBe("2026");
    expect(parseSurveyId("2026Q2.K.1.recC1")).toEqual({
      campaign: "2026Q2",
      accountCode: "K.1",
      contactRecordId: "recC1",
    });
  });

  it("spreads a campaign's accounts over its first 20 days, so no day gets them all", () => {
    const { accounts, contacts } = book(200);
    const count = (today: string) =>
      planSurveys({ accounts, contacts, history: none, policy: DEFAULT_CARE_POLICY, today }).items.length;
    expect(count("2026-04-01")).toBeGreaterThan(0);
    expect(count("2026-04-01")).toBeLessThan(40);
    expect(count("2026-04-20")).toBe(200);
  });

  it("sends once per account and campaign, to the group when linked, else to the owner", () => {
    const { accounts, contacts } = book(2);
    accounts[0]!.chatId = "oc_group";
    const history: SurveyHistory = { sent: new Set(["K1|2026Q2"]), lastSurveyed: new Map() };
    const result = planSurveys({
      accounts,
      contacts,
      history,
      policy: DEFAULT_CARE_POLICY,
      today: "2026-06-01",
    });
    expect(result.items.map((i) => [i.account.code, i.target, i.surveyId])).toEqual([
      ["K0", { kind: "chat", chatId: "oc_group" }, "2026Q2.K0.recC0a"],
    ]);
    expect(result.skipped.alreadySent).toBe(1);
  });

  it("asks the next contact when the first was surveyed within the minimum gap, and nobody when all were", () => {
    const { accounts, contacts } = book(1);
    const recent = (ids: string[]) => ({
      sent: new Set<string>(),
      lastSurveyed: new Map(ids.map((id) => [id, "2026-05-01"])),
    });
    const plan = (h: SurveyHistory) =>
      planSurveys({ accounts, contacts, history: h, policy: DEFAULT_CARE_POLICY, today: "2026-06-01" });
    expect(plan(recent(["recC0a"])).items[0]!.contact.name).toBe("乙0");
    expect(plan(recent(["recC0a", "recC0b"])).skipped.recentlySurveyed).toBe(1);
  });
});

describe("answers", () => {
  it("class NPS 9–10 as promoters, 7–8 passives, 0–6 detractors", () => {
    expect([10, 9, 8, 7, 6, 0].map(npsClassOf)).toEqual([
      "推荐者",
      "推荐者",
      "被动者",
      "被动者",
      "贬损者",
      "贬损者",
    ]);
  });

  it("call an answer low at NPS ≤ 6 or any item ≤ 2", () => {
    const ok = { overall: 4, product: 4, service: 3, responsiveness: 3, nps: 7 };
    const rules = DEFAULT_CARE_POLICY.survey;
    expect(isLowScore(ok, rules)).toBe(false);
    expect(isLowScore({ ...ok, nps: 6 }, rules)).toBe(true);
    expect(isLowScore({ ...ok, service: 2 }, rules)).toBe(true);
  });
});
