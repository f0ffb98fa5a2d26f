import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argsort } from "../../src/domain/argsort.ts";
import { percentiles } from "../../src/domain/percentile.ts";

const value = fc.oneof(
  fc.double({ noDefaultInfinity: false }),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e15),
);

describe("argsort", () => {
  it("orders positions as a comparison sort would, dropping NaN", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (list) => {
        const values = Float64Array.from(list);
        const expected = list
          .map((v, i) => ({ v, i }))
          .filter(({ v }) => !Number.isNaN(v))
          .sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.i - b.i))
          .map(({ i }) => i);
        expect(Array.from(argsort(values))).toEqual(expected);
      }),
    );
  });
});

describe("percentiles", () => {
  it("gives ties the same percentile and spans 0 to 1", () => {
    const { pct } = percentiles(Float64Array.from([10, 20, 20, 30]));
    expect(Array.from(pct)).toEqual([0, 0.5, 0.5, 1]);
  });

  it("gives a missing value the book's median percentile and marks it", () => {
    const { pct, missing } = percentiles(Float64Array.from([1, Number.NaN, 2, 3]));
    expect(pct[1]).toBe(0.5);
    expect(Array.from(missing)).toEqual([0, 1, 0, 0]);
  });

  it("matches counting values below and equal", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 200 }), (list) => {
        const { pct } = percentiles(Float64Array.from(list));
        for (const [i, v] of list.entries()) {
          const below = list.filter((x) => x < v).length;
          const equal = list.filter((x) => x === v).length;
          expect(pct[i]).toBeCloseTo((below + (equal - 1) / 2) / (list.length - 1), 12);
        }
      }),
    );
  });

  it("takes the median percentile between the two middle values of an even book", () => {
    const { pct, medianPct } = percentiles(Float64Array.from([1, 2, 3, 4, Number.NaN]));
    expect(medianPct).toBeCloseTo((1 / 3 + 2 / 3) / 2);
    expect(pct[4]).toBe(medianPct);
  });
});
