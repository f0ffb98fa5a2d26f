import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ReasonMemo,
  type Standing,
  type TierMove,
  tierReason,
  tierReasonMemo,
} from "../../src/domain/tier-reasons.ts";
import type { Tier } from "../../src/domain/types.ts";

const tier = fc.constantFrom<Tier>("A", "B", "C");
const periods = fc.integer({ min: 0, max: 100 });
const move: fc.Arbitrary<TierMove> = fc.oneof(
  fc.record({ kind: fc.constantFrom("new", "same", "up" as const), raw: tier }),
  fc.record({ kind: fc.constant("hold" as const), previous: tier, periods }),
  fc.record({ kind: fc.constant("down" as const), previous: tier, raw: tier, periods }),
  fc.record({
    kind: fc.constant("downMargin" as const),
    previous: tier,
    raw: tier,
    marginPct: fc.constant(0.05),
  }),
  fc.record({ kind: fc.constant("lapsed" as const), previous: tier, raw: tier }),
  fc.record({ kind: fc.constant("pinned" as const), tier, why: fc.string() }),
);
const standing = (bookSize: number): fc.Arbitrary<Standing> =>
  fc.record({
    windowMonths: fc.constant(12),
    method: fc.constant("cumulative" as const),
    spendCents: fc.integer({ min: 0, max: 3 }),
    place: fc.integer({ min: 1, max: bookSize }),
    bookSize: fc.constant(bookSize),
    cumulativeShare: fc.double({ min: 0, max: 1, noNaN: true }),
  });

describe("tier reasons", () => {
  it("reads the same from the memo as when written afresh", () => {
    const memo: ReasonMemo = new Map();
    fc.assert(
      fc.property(fc.array(fc.tuple(move, standing(2000)), { maxLength: 50 }), (cases) => {
        for (const [m, s] of cases) expect(tierReasonMemo(m, s, memo)).toBe(tierReason(m, s));
      }),
      { numRuns: 300 },
    );
  });
});
