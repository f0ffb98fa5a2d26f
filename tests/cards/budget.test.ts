import { describe, expect, it } from "vitest";
import { budgetFor, byteLength, countComponents, takeLargest, wireBytes } from "../../src/cards/budget.ts";
import { card, header, markdown } from "../../src/cards/elements.ts";
import { same } from "../../src/cards/i18n.ts";

const skeleton = () => card({ header: header(same("t"), "blue"), summary: same("s"), elements: [] });

describe("card budget", () => {
  it("counts every tagged object, plain_text included, but not chart data or callback values", () => {
    const button = {
      tag: "button",
      text: { tag: "plain_text", content: "b" },
      behaviors: [{ type: "callback", value: { tag: "x" } }],
    };
    const chart = { tag: "chart", chart_spec: { data: [{ tag: "not a component" }] } };
    expect(countComponents([button, chart])).toBe(3);
  });

  it("measures the escaped form the message API carries", () => {
    expect(wireBytes({ a: '"' })).toBe(byteLength({ a: '"' }) + 6);
    expect(wireBytes({ a: "汉" })).toBe(byteLength({ a: "汉" }) + 4);
  });

  it("takes the largest prefix that still fits", () => {
    const budget = budgetFor(skeleton(), { components: 10, bytes: 100_000 });
    const [n, elements] = takeLargest(budget, 50, (k) =>
      Array.from({ length: k }, () => markdown(same("x"))),
    );
    expect(n).toBe(10 - countComponents(skeleton()));
    expect(elements).toHaveLength(n);
    expect(budget.take([markdown(same("one more"))])).toBe(false);
  });

  it("takes nothing when even the empty build does not fit", () => {
    const budget = budgetFor(skeleton(), { components: 0, bytes: 0 });
    expect(takeLargest(budget, 5, () => [])).toEqual([-1, []]);
  });
});
