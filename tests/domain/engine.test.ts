import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syntheticBook } from "../../bench/synthetic-book.ts";
import { planVisits } from "../../src/domain/cadence.ts";
import { type BookInput, computeBook } from "../../src/domain/engine.ts";
import { assessHealth } from "../../src/domain/health.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { scoreBook } from "../../src/domain/score.ts";
import { classify } from "../../src/domain/tiering.ts";
import { anAccount, anOrder, aSurvey, aVisit, NOW } from "./factories.ts";

function smallBook(): BookInput {
  const accounts = [
    anAccount("C1", { since: "2019-04-01", strategicFit: 5, previous: { tier: "B" } }),
    anAccount("C2", { ownerId: "ou_owner_2", potential: 4 }),
    anAccount("C3", { override: { tier: "A", reason: "集团战略" } }),
  ];
  const orders = [
    anOrder("C1", "2026-08-01", 90_000, { margin: 9_000 }),
    anOrder("C1", "2026-11-01", 20_000),
    anOrder("C2", "2026-03-01", 5_000),
    anOrder("C3", "2025-01-01", 1_000),
  ];
  const visits = [
    aVisit("C1", "2026-11-10"),
    aVisit("C1", "2026-09-01", "executive"),
    aVisit("C2", "2026-12-01"),
  ];
  const surveys = [aSurvey("C2", "2026-10-10", { overall: 2, nps: 3 })];
  return { accounts, orders, visits, surveys, policy: DEFAULT_POLICY, now: NOW, openComplaints: { C3: 1 } };
}

describe("computeBook", () => {
  it("gives the same answers as classify, scoreBook, planVisits and assessHealth", () => {
    const input = smallBook();
    const { results } = computeBook(input);
    const tiers = classify(input);
    const scores = scoreBook(input);
    for (const [i, r] of results.entries()) {
      const account = input.accounts[i]!;
      expect(r).toMatchObject({ ...tiers[i], problems: expect.any(Array) });
      expect([r.score, r.explanation]).toEqual([scores[i]!.score, scores[i]!.explanation]);
      const lastVisit = input.visits
        .filter((v) => v.accountId === account.id && v.date <= NOW)
        .map((v) => v.date)
        .sort()
        .at(-1);
      const lastExecutiveVisit = input.visits
        .filter((v) => v.accountId === account.id && v.type === "executive")
        .map((v) => v.date)
        .at(-1);
      const [plan] = planVisits({
        accounts: [{ id: account.id, tier: r.tier, since: account.since, lastVisit, lastExecutiveVisit }],
        policy: input.policy,
        now: NOW,
      });
      expect([r.cadenceDue, r.nextVisitDue, r.executiveDue, r.visitState]).toEqual([
        plan!.cadenceDue,
        plan!.nextVisitDue,
        plan!.executiveDue,
        plan!.state,
      ]);
      const health = assessHealth({
        account,
        orders: input.orders,
        surveys: input.surveys,
        visitPlan: plan,
        openComplaints: input.openComplaints?.[account.id],
        now: NOW,
        policy: input.policy,
      });
      expect({ risk: r.risk, flags: r.flags }).toEqual(health);
    }
  });

  it("summarises tiers, changes and problems", () => {
    const { results, summary } = computeBook(smallBook());
    expect(summary.accounts).toBe(3);
    expect(summary.tiers.A + summary.tiers.B + summary.tiers.C).toBe(3);
    expect(summary.changes).toBe(results.filter((r) => r.changed).length);
    expect(summary.problems).toBe(results.reduce((n, r) => n + r.problems.length, 0));
  });

  it("reports the latest survey as CSAT and NPS class", () => {
    const c2 = computeBook(smallBook()).results[1]!;
    expect([c2.lastCsat, c2.npsClass]).toEqual([2, "detractor"]);
  });

  it("ignores a visit dated after today when finding the last visit", () => {
    const c2 = computeBook(smallBook()).results[1]!;
    expect(c2.lastVisit).toBeUndefined();
  });

  it("falls back to the remembered last visit", () => {
    const input = { ...smallBook(), accounts: [anAccount("C9", { previous: { lastVisit: "2026-11-01" } })] };
    expect(computeBook(input).results[0]!.lastVisit).toBe("2026-11-01");
  });

  it("puts orders for unknown accounts on the book and bad orders on their account", () => {
    const input = smallBook();
    input.orders = [...input.orders, anOrder("C404", "2026-05-01", 10), anOrder("C2", "2026-05-01", -5)];
    const { results, problems } = computeBook(input);
    expect(problems.map((p) => p.code)).toEqual(["order_account_unknown"]);
    expect(results[1]!.problems.map((p) => p.code)).toContain("amount_negative");
  });

  it("keeps the first row of a duplicated account code and reports the second", () => {
    const input = smallBook();
    input.accounts = [...input.accounts, anAccount("C1", { name: "重复" })];
    const { results } = computeBook(input);
    expect(results).toHaveLength(3);
    expect(results[0]!.problems.map((p) => p.code)).toContain("account_duplicate");
  });

  it("notes an account with no owner", () => {
    const input = { ...smallBook(), accounts: [anAccount("C1", { ownerId: undefined })] };
    expect(computeBook(input).results[0]!.problems.map((p) => p.code)).toEqual(["owner_missing"]);
  });

  it("refuses a date it cannot read as today", () => {
    const book = computeBook({ ...smallBook(), now: "25/11/2026" });
    expect(book.results).toEqual([]);
    expect(book.problems.map((p) => p.code)).toEqual(["now_invalid"]);
  });

  it("does not depend on the order of any input list", () => {
    const base = syntheticBook({ accounts: 60, orders: 400, managers: 3, visitsPerAccount: 1, seed: 7 });
    const perm = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length });
    fc.assert(
      fc.property(
        perm(base.accounts),
        perm(base.orders),
        perm(base.visits),
        perm(base.surveys),
        (a, o, v, s) => {
          const input = { ...base, policy: DEFAULT_POLICY };
          const byId = (b: ReturnType<typeof computeBook>) => new Map(b.results.map((r) => [r.accountId, r]));
          expect(byId(computeBook({ ...input, accounts: a, orders: o, visits: v, surveys: s }))).toEqual(
            byId(computeBook(input)),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
