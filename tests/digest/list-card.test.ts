import { describe, expect, it } from "vitest";
import { validateCard } from "../../src/cards/validate.ts";
import { buildDigestListCards, type DigestLists, MAX_LIST_PAGES } from "../../src/digest/list-card.ts";

function lists(atRisk: number, moves: number): DigestLists {
  return {
    week: "2026-W48",
    scope: "company",
    title: "全公司",
    tiers: { A: 10, B: 30, C: 160 },
    tierSpendShare: { A: 61.2, B: 25.1, C: 13.7 },
    atRisk: Array.from({ length: atRisk }, (_, i) => ({
      accountId: `C${i}`,
      name: `风险客户${i} 精密制造有限公司`,
      tier: (["A", "B", "C"] as const)[i % 3]!,
      health: i % 60,
      reason: "近90天采购额下降 41%；拜访已逾期 21 天，需升级",
    })),
    moves: Array.from({ length: moves }, (_, i) => ({
      accountId: `M${i}`,
      name: `变动客户${i}`,
      from: i % 2 ? "A" : "C",
      to: "B",
      reason: "近12月采购额变化",
    })),
    compliance: [{ managerId: "ou_a", manager: "王芳", due: 8, done: 6, overdue: 2 }],
    months: [{ month: "2026-11", answers: 12, nps: 25, csat: 75, meanCsat: 3.92 }],
  };
}

describe("the 完整列表 cards", () => {
  it("fit a short list on one page, every account named", () => {
    const [page, ...rest] = buildDigestListCards(lists(12, 5));
    expect(rest).toEqual([]);
    expect(validateCard(page)).toEqual([]);
    const text = JSON.stringify(page);
    for (let i = 0; i < 12; i++) expect(text).toContain(`风险客户${i} `);
    expect(text).toContain("完整列表 · 2026-W48 · 全公司（1/1）");
    expect(text).toContain("王芳：已访 6 / 应访 8（75%）· 逾期 2");
  });

  it("page a long list into numbered cards that each pass the card rules", () => {
    const pages = buildDigestListCards(lists(600, 150));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(validateCard(p)).toEqual([]);
      expect(JSON.stringify(p.header)).toContain(`（${i + 1}/${pages.length}）`);
    });
    const all = pages.map((p) => JSON.stringify(p)).join("");
    expect(all).toContain("风险客户599 ");
    expect(all).toContain("变动客户149");
  });

  it(`stop at ${MAX_LIST_PAGES} pages and point to the base for the rest`, () => {
    const pages = buildDigestListCards(lists(20_000, 0));
    expect(pages).toHaveLength(MAX_LIST_PAGES);
    expect(JSON.stringify(pages.at(-1))).toContain("其余内容请在多维表格中查看");
    for (const p of pages) expect(validateCard(p)).toEqual([]);
  });
});
