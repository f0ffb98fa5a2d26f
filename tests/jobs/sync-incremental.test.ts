import { describe, expect, it } from "vitest";
import { syntheticBook } from "../../bench/synthetic-book.ts";
import { type BookInput, computeBook } from "../../src/domain/engine.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import type { Account } from "../../src/domain/types.ts";
import { freezeBook, patchBook, resultsAt } from "../../src/jobs/sync/frozen-book.ts";

function book(): BookInput {
  const b = syntheticBook({ accounts: 2_000, orders: 20_000, managers: 40, seed: 11 });
  return { ...b, policy: DEFAULT_POLICY };
}

describe("the incremental recompute (frozen book)", () => {
  it("gives every account what the full engine gives it when nothing changed", () => {
    const input = book();
    const frozen = freezeBook(input);
    const all = input.accounts.map((_, i) => i);
    expect(resultsAt(frozen, all)).toEqual(computeBook(input).results);
  });

  it("gives touched accounts exactly the full engine's results after their rows change", () => {
    const input = book();
    const frozen = freezeBook(input);
    const touched = new Set(["C000007", "C000100", "C001500", "C001999"]);
    // Orders tripled or dropped, a visit logged, a survey answered, a rating changed, an owner removed.
    const orders = input.orders
      .filter((o, i) => !(touched.has(o.accountId) && i % 5 === 0))
      .map((o) => (touched.has(o.accountId) ? { ...o, amount: o.amount * 3 } : o));
    const visits = [
      ...input.visits,
      { id: "V-new", accountId: "C000100", date: input.now, type: "executive" as const },
    ];
    const surveys = [
      ...input.surveys,
      {
        id: "S-new",
        accountId: "C001500",
        date: input.now,
        overall: 2,
        product: 2,
        service: 2,
        responsiveness: 2,
        nps: 3,
      },
    ];
    const accounts = input.accounts.map((a): Account => {
      if (a.id === "C000007") return { ...a, potential: 5 };
      if (a.id === "C001999") return { ...a, ownerId: undefined };
      return a;
    });
    const changed: BookInput = { ...input, accounts, orders, visits, surveys };

    const positions = patchBook(frozen, {
      accounts: accounts.filter((a) => touched.has(a.id)),
      orders: orders.filter((o) => touched.has(o.accountId)),
      visits: visits.filter((v) => touched.has(v.accountId)),
      surveys: surveys.filter((s) => touched.has(s.accountId)),
    });
    expect(positions).toHaveLength(4);
    const full = computeBook(changed).results.filter((r) => touched.has(r.accountId));
    expect(resultsAt(frozen, positions!)).toEqual(full);
  });

  it("asks for a full recompute when an account is new to the book", () => {
    const input = book();
    const frozen = freezeBook(input);
    const stranger: Account = { id: "C999999", name: "新客户" };
    expect(patchBook(frozen, { accounts: [stranger], orders: [], visits: [], surveys: [] })).toBeUndefined();
  });
});
