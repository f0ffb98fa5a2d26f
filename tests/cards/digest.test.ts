import { describe, expect, it } from "vitest";
import { byteLength, countComponents } from "../../src/cards/budget.ts";
import { buildDigestCard } from "../../src/cards/digest.ts";
import { revenueConcentration } from "../../src/cards/digest-charts.ts";
import type { CardElement } from "../../src/cards/types.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buttonsOf, callbackValues } from "./card-walk.ts";
import { digestData } from "./factories.ts";

const charts = (card: ReturnType<typeof buildDigestCard>) =>
  card.body.elements.filter((e) => e.tag === "chart").map((e) => e.chart_spec as Record<string, unknown>);

describe("revenue concentration", () => {
  it("gives the share of the top 5 % and 20 % of accounts", () => {
    const c = revenueConcentration([
      50,
      10,
      10,
      10,
      10,
      5,
      5,
      0,
      -3,
      Number.NaN,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(c.total).toBe(100);
    expect(c.top5).toBe(50);
    expect(c.top20).toBe(60);
  });

  it("cuts ranked accounts into ten groups whose running share ends at 100 %", () => {
    const c = revenueConcentration(Array.from({ length: 2000 }, (_, i) => 2000 - i));
    expect(c.buckets).toHaveLength(10);
    expect(c.buckets.at(-1)?.cumulative).toBe(100);
    expect(c.buckets[0]?.label).toBe("前 0–10%");
    expect(c.buckets.map((b) => b.share)).toEqual([...c.buckets.map((b) => b.share)].sort((a, b) => b - a));
  });

  it("copes with no revenue at all", () => {
    expect(revenueConcentration([])).toEqual({ total: 0, top5: 0, top20: 0, buckets: [] });
  });
});

describe("digest card", () => {
  const card = buildDigestCard(digestData(200, 5));

  it("draws tier distribution (pie), Pareto (bar + line on two axes), compliance (bar) and satisfaction (line)", () => {
    const specs = charts(card);
    expect(specs.map((s) => s.type)).toEqual(["pie", "common", "bar", "line"]);
    const pareto = specs[1] as {
      series: { type: string }[];
      axes: { orient: string; seriesIndex?: number[] }[];
    };
    expect(pareto.series.map((s) => s.type)).toEqual(["bar", "line"]);
    expect(pareto.axes.filter((a) => a.seriesIndex).map((a) => a.orient)).toEqual(["left", "right"]);
  });

  it("states the change against last week and the concentration in words", () => {
    const text = JSON.stringify(card);
    expect(text).toContain("较上周：**A** 20（+2） · **B** 60（-1） · **C** 120（-1）");
    expect(text).toMatch(/前 5% 客户贡献 [\d.]+% 收入，前 20% 贡献 [\d.]+%/);
    expect(text).toContain("数据问题：7 条待处理");
  });

  it("lists moves up and down with reasons, and at-risk accounts in a table", () => {
    const text = JSON.stringify(card);
    expect(text).toContain("**升级 ↑**");
    expect(text).toContain("**降级 ↓**");
    expect(text).toContain("近 12 个月收入增长 35%");
    const table = card.body.elements.find((e) => e.tag === "table") as CardElement & { rows: unknown[] };
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it("opens Bitable views by URL and asks for the full list by callback", () => {
    const urls = buttonsOf(card).flatMap((b) =>
      (b.behaviors as { type: string; default_url?: string }[])
        .filter((x) => x.type === "open_url")
        .map((x) => x.default_url),
    );
    expect(urls).toHaveLength(2);
    expect(callbackValues(card)).toEqual([
      { action: "digest.list", week: "2026-W48", k: "digest.list:2026-W48" },
    ]);
  });

  it("drops view links that are not http(s)", () => {
    const c = buildDigestCard(digestData(10, 2, { views: [{ label: "x", url: "javascript:alert(1)" }] }));
    expect(JSON.stringify(c)).not.toContain("javascript:");
  });

  it("labels charts and tables in the reader's locale", () => {
    const en = buildDigestCard(digestData(50, 3, { locale: "en_us" }));
    expect(JSON.stringify(charts(en)[1])).toContain("Cumulative %");
    expect(JSON.stringify(en)).toContain('"display_name":"Account"');
  });

  it("fits 2,000 accounts and 30 managers within 200 components and 30 KB", () => {
    const big = buildDigestCard(digestData(2000, 30));
    expect(validateCard(big)).toEqual([]);
    expect(countComponents(big)).toBeLessThanOrEqual(200);
    expect(byteLength(big)).toBeLessThanOrEqual(30 * 1024);
    const compliance = charts(big)[2] as { data: { values: unknown[] } };
    expect(compliance.data.values).toHaveLength(30);
    expect(JSON.stringify(big)).toMatch(/还有 \d+ 个未显示/);
  });

  it("says so when nothing moved and nobody is at risk", () => {
    const quiet = buildDigestCard(digestData(10, 1, { moves: [], atRisk: [], dataProblems: 0 }));
    const text = JSON.stringify(quiet);
    expect(text).toContain("本周无分级变动");
    expect(text).toContain("本周无风险客户");
    expect(text).toContain("数据问题：无");
    expect(validateCard(quiet)).toEqual([]);
  });
});
