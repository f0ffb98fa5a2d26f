import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { scoreBook } from "../../src/domain/score.ts";
import type { Account, Order } from "../../src/domain/types.ts";
import { anAccount, anOrder, NOW, policyWith, spendBook } from "./factories.ts";

const score = (accounts: Account[], orders: Order[], policy = DEFAULT_POLICY) =>
  scoreBook({ accounts, orders, policy, now: NOW });

describe("scoreBook", () => {
  it("keeps every score between 0 and 100", () => {
    const rating = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined });
    const row = fc.record({ spend: fc.integer({ min: 0, max: 1e6 }), fit: rating, potential: rating });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), (rows) => {
        const { accounts, orders } = spendBook(rows.map((r) => r.spend));
        const rated = accounts.map((a, i) => ({
          ...a,
          strategicFit: rows[i]!.fit,
          potential: rows[i]!.potential,
        }));
        for (const r of score(rated, orders)) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it("scores more spend higher when all else is equal", () => {
    const { accounts, orders } = spendBook([100, 200, 300]);
    const [low, mid, high] = score(accounts, orders);
    expect(low!.score).toBeLessThan(mid!.score);
    expect(mid!.score).toBeLessThan(high!.score);
  });

  it("is 100 × the current-value percentiles when that is the only weight", () => {
    const policy = policyWith({ weights: { currentValue: 1, potential: 0, strategicFit: 0, stability: 0 } });
    const accounts = [anAccount("C1"), anAccount("C2")];
    const orders = [
      anOrder("C1", "2026-05-01", 100, { margin: 10 }),
      anOrder("C2", "2026-05-01", 50, { margin: 20 }),
    ];
    const [a, b] = score(accounts, orders, policy);
    // C1: spend top (1), orders tied (0.5), margin bottom (0) → 0.5·1 + 0.25·0.5 + 0.25·0
    expect(a!.score).toBe(62.5);
    expect(b!.score).toBe(37.5);
  });

  it("names the top contributing factors in Chinese", () => {
    const list = Array.from({ length: 40 }, (_, i) => 1000 + i);
    const { accounts, orders } = spendBook(list);
    const rated = accounts.map((a, i) => ({
      ...a,
      since: i === 39 ? "2021-03-01" : "2025-03-01",
      strategicFit: i === 39 ? 4 : 2,
    }));
    const best = score(rated, orders).at(-1)!;
    expect(best.explanation.split("；")[0]).toBe("采购额高(前3%)、战略匹配4/5、合作稳定(5年)");
  });

  it("counts a missing rating as the median and says so", () => {
    const { accounts, orders } = spendBook([100, 100, 100]);
    const rated = [
      { ...accounts[0]!, strategicFit: 1, potential: 3 },
      { ...accounts[1]!, strategicFit: 5, potential: 3 },
      { ...accounts[2]!, potential: 3 },
    ];
    const [, , unrated] = score(rated, orders);
    const median = score([rated[0]!, rated[1]!, { ...rated[2]!, strategicFit: 3 }], orders)[2]!;
    expect(unrated!.score).toBe(median.score);
    expect(unrated!.explanation).toContain("战略匹配");
    expect(unrated!.explanation).toMatch(/；.*战略匹配.*缺失，按中位数计$/);
  });
});
