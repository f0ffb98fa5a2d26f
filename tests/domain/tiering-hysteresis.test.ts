import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { classify } from "../../src/domain/tiering.ts";
import type { Account, Tier } from "../../src/domain/types.ts";
import { anAccount, anOrder, NOW, policyWith, spendBook } from "./factories.ts";

const ORDINAL: Record<Tier, number> = { A: 0, B: 1, C: 2 };
const spends = (min: number, maxLength = 120) =>
  fc.array(fc.integer({ min, max: 5_000_000 }), { minLength: 1, maxLength });

function run(accounts: Account[], orders = spendBook([]).orders, policy = DEFAULT_POLICY) {
  return classify({ accounts, orders, policy, now: NOW });
}

describe("classify: hysteresis", () => {
  // 100 accounts: C0000 has the top spend, the rest are ranked below it.
  const book = (spendOfFirst: number, previous: Account["previous"]) => {
    const list = Array.from({ length: 100 }, (_, i) => (i === 0 ? spendOfFirst : 10_000 - i));
    const { accounts, orders } = spendBook(list);
    accounts[0] = { ...accounts[0]!, previous };
    return { accounts, orders };
  };

  it("upgrades at once", () => {
    const { accounts, orders } = book(1_000_000, { tier: "C", belowBandPeriods: 0 });
    const result = run(accounts, orders)[0]!;
    expect(result.tier).toBe("A");
    expect(result.changed).toBe(true);
  });

  it("never downgrades on a single dip within the margin", () => {
    const list = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 80 });
    const previous = fc.constantFrom<Tier>("A", "B", "C");
    const policy = policyWith({ hysteresis: { downgradePeriods: 2, marginPct: 1 } });
    fc.assert(
      fc.property(list, fc.array(previous, { minLength: 80, maxLength: 80 }), (spendList, tiers) => {
        const { accounts, orders } = spendBook(spendList);
        const withPrevious = accounts.map((a, i) => ({
          ...a,
          previous: { tier: tiers[i], belowBandPeriods: 0 },
        }));
        for (const [i, r] of run(withPrevious, orders, policy).entries()) {
          expect(ORDINAL[r.tier]).toBeLessThanOrEqual(ORDINAL[tiers[i]!]);
        }
      }),
    );
  });

  it("holds the tier on the first period below the band and says so", () => {
    const { accounts, orders } = book(10_000 - 5.5, { tier: "A", belowBandPeriods: 0 });
    const result = run(accounts, orders)[0]!;
    expect(result.rawTier).toBe("B");
    expect(result.tier).toBe("A");
    expect(result.belowBandPeriods).toBe(1);
    expect(result.changed).toBe(false);
    expect(result.reason).toBe("连续 1 期低于 A 类档位，暂保持 A 类");
  });

  it("downgrades on the second consecutive period below the band", () => {
    const { accounts, orders } = book(10_000 - 5.5, { tier: "A", belowBandPeriods: 1 });
    const result = run(accounts, orders)[0]!;
    expect(result.tier).toBe("B");
    expect(result.belowBandPeriods).toBe(0);
    expect(result.changed).toBe(true);
    expect(result.reason).toContain("连续 2 期低于 A 类档位，降为 B 类");
  });

  it("downgrades at once when the account falls below the band by more than the margin", () => {
    const { accounts, orders } = book(10_000 - 50.5, { tier: "A", belowBandPeriods: 0 });
    const result = run(accounts, orders)[0]!;
    expect(result.rankPct).toBeCloseTo(0.5);
    expect(result.tier).toBe("C");
    expect(result.reason).toContain("低于 A 类档位超过 5.0%，降为 C 类");
  });

  it("downgrades at once an account with no spend at all in the window", () => {
    const accounts = [anAccount("C1", { previous: { tier: "A", belowBandPeriods: 0 } }), anAccount("C2")];
    const result = run(accounts, [anOrder("C2", "2026-06-01", 10)])[0]!;
    expect([result.tier, result.reason]).toEqual(["C", "近12个月无采购，降为 C 类"]);
  });
});

describe("classify: overrides", () => {
  it("always wins while in force", () => {
    const pins = fc.array(fc.option(fc.constantFrom<Tier>("A", "B", "C")), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(pins, spends(0, 60), (pinList, spendList) => {
        const { accounts, orders } = spendBook(spendList);
        const pinned = accounts.map((a, i) => {
          const tier = pinList[i % pinList.length];
          return tier
            ? { ...a, override: { tier, reason: "集团战略", until: NOW }, previous: { tier: "C" as const } }
            : a;
        });
        for (const [i, r] of run(pinned, orders).entries()) {
          const pin = pinned[i]!.override;
          if (pin) expect([r.tier, r.overridden]).toEqual([pin.tier, true]);
        }
      }),
    );
  });

  it("gives the pin's reason", () => {
    const accounts = [anAccount("C1", { override: { tier: "A", reason: "集团战略客户" } })];
    expect(run(accounts)[0]!.reason).toBe("手动锁定为 A 类：集团战略客户");
  });

  it("ignores an expired pin and notes it", () => {
    const accounts = [anAccount("C1", { override: { tier: "A", reason: "试点", until: "2026-11-24" } })];
    const result = run(accounts)[0]!;
    expect(result.tier).toBe("C");
    expect(result.overridden).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(["override_expired"]);
  });
});
