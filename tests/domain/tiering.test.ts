import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { classify, type TierResult } from "../../src/domain/tiering.ts";
import type { Account, Tier } from "../../src/domain/types.ts";
import { accountId, anAccount, anOrder, NOW, policyWith, spendBook } from "./factories.ts";

const ORDINAL: Record<Tier, number> = { A: 0, B: 1, C: 2 };
const spends = (min: number, maxLength = 120) =>
  fc.array(fc.integer({ min, max: 5_000_000 }), { minLength: 1, maxLength });

function run(accounts: Account[], orders = spendBook([]).orders, policy = DEFAULT_POLICY) {
  return classify({ accounts, orders, policy, now: NOW });
}

function byId(results: TierResult[]) {
  return new Map(results.map((r) => [r.accountId, r]));
}

describe("classify: the numbers", () => {
  it("gives every account exactly one tier", () => {
    fc.assert(
      fc.property(spends(0), (list) => {
        const { accounts, orders } = spendBook(list);
        const results = run(accounts, orders);
        expect(results.map((r) => r.accountId)).toEqual(accounts.map((a) => a.id));
        for (const r of results) expect(["A", "B", "C"]).toContain(r.tier);
      }),
    );
  });

  it("sizes A and B within one account of their rank bands", () => {
    const bands = fc.record({
      A: fc.double({ min: 0.01, max: 0.4, noNaN: true }),
      B: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    });
    fc.assert(
      fc.property(spends(1, 300), bands, (list, band) => {
        const policy = policyWith({ tier: { bands: { rank: band } } });
        const { accounts, orders } = spendBook(list);
        const results = run(accounts, orders, policy);
        const count = (t: Tier) => results.filter((r) => r.rawTier === t).length;
        expect(Math.abs(count("A") - list.length * band.A)).toBeLessThanOrEqual(1);
        expect(Math.abs(count("B") - list.length * band.B)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("never gives more spend a lower tier under the rank method", () => {
    fc.assert(
      fc.property(spends(0), (list) => {
        const { accounts, orders } = spendBook(list);
        const results = run(accounts, orders);
        for (let i = 0; i < list.length; i++) {
          for (let j = 0; j < list.length; j++) {
            if (list[i]! > list[j]!)
              expect(ORDINAL[results[i]!.tier]).toBeLessThanOrEqual(ORDINAL[results[j]!.tier]);
          }
        }
      }),
    );
  });

  it("does not depend on the order of accounts or orders", () => {
    const book = fc
      .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 })
      .chain((list) => {
        const { accounts, orders } = spendBook(list);
        const split = orders.flatMap((o) => [
          { ...o, amount: o.amount / 2 },
          { ...o, id: `${o.id}b`, amount: o.amount / 2 },
        ]);
        return fc.tuple(
          fc.constant({ accounts, orders: split }),
          fc.shuffledSubarray(accounts, { minLength: accounts.length }),
          fc.shuffledSubarray(split, { minLength: split.length }),
        );
      });
    fc.assert(
      fc.property(book, ([original, accounts, orders]) => {
        const a = byId(run(original.accounts, original.orders));
        const b = byId(run(accounts, orders));
        expect(b).toEqual(a);
      }),
    );
  });

  it("puts accounts with no spend in the window in C, whatever the bands", () => {
    const policy = policyWith({ tier: { bands: { rank: { A: 0.5, B: 0.5 } } } });
    const { accounts, orders } = spendBook([100, 0, 0, 0]);
    const results = run(accounts, orders, policy);
    expect(results.map((r) => r.rawTier)).toEqual(["A", "C", "C", "C"]);
    expect(results[1]!.reason).toBe("近12个月无采购，定为 C 类");
  });

  it("counts the trailing 12 months: now's day in, the day 12 months earlier out", () => {
    const accounts = [anAccount("C1"), anAccount("C2"), anAccount("C3")];
    const orders = [
      anOrder("C1", "2025-11-25", 500),
      anOrder("C2", "2025-11-26", 200),
      anOrder("C3", NOW, 300),
    ];
    const results = byId(run(accounts, orders));
    expect(results.get("C1")!.spend).toBe(0);
    expect(results.get("C2")!.spend).toBe(200);
    expect(results.get("C3")!.spend).toBe(300);
  });

  it("breaks ties in spend by account id", () => {
    const { accounts, orders } = spendBook(Array(20).fill(100));
    const results = run([...accounts].reverse(), orders);
    expect(results.find((r) => r.rawTier === "A")!.accountId).toBe(accountId(0));
  });

  it("ranks by cumulative share of spend under the cumulative method", () => {
    const policy = policyWith({ tier: { method: "cumulative" } });
    const { accounts, orders } = spendBook([50, 30, 10, 5, 5]);
    expect(run(accounts, orders, policy).map((r) => r.rawTier)).toEqual(["A", "A", "B", "B", "C"]);
  });

  it("says where the account ranks when it is promoted", () => {
    const list = Array.from({ length: 32 }, (_, i) => 1000 - i);
    const { accounts, orders } = spendBook(list);
    accounts[0] = { ...accounts[0]!, previous: { tier: "B" } };
    expect(run(accounts, orders)[0]!.reason).toBe("近12个月采购额排名前 3.1%，升为 A 类");
  });

  it("skips an order whose amount is not a number and reports it on the account", () => {
    const accounts = [anAccount("C1")];
    const result = run(accounts, [
      anOrder("C1", "2026-05-01", Number.NaN),
      anOrder("C1", "2026-05-02", 10),
    ])[0]!;
    expect(result.spend).toBe(10);
    expect(result.problems.map((p) => p.code)).toEqual(["amount_invalid"]);
    expect(result.problems[0]!.message).toContain("金额不是数字 / ");
  });
});
