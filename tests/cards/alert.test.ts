import { describe, expect, it } from "vitest";
import { buildLowScoreAlertCard } from "../../src/cards/alert.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buttonsOf, callbackValues } from "./card-walk.ts";
import { alertInput } from "./factories.ts";

describe("low-score alert card", () => {
  it("shows scores, health, the customer's words and the risk flags", () => {
    const text = JSON.stringify(buildLowScoreAlertCard(alertInput()));
    expect(text).toContain("总体 2/5 · NPS 3/10 · 健康度 42");
    expect(text).toContain("“响应太慢，问题拖了两周”");
    expect(text).toContain("**风险信号**：满意度低 · 拜访逾期");
  });

  it("offers 创建跟进 and 已处理 keyed by the alert", () => {
    const card = buildLowScoreAlertCard(alertInput());
    expect(buttonsOf(card).map((b) => (b.text as { content: string }).content)).toEqual([
      "创建跟进",
      "已处理",
    ]);
    expect(callbackValues(card)).toEqual([
      { action: "alert.followup", alertId: "al1", accountId: "C1", k: "alert.followup:al1" },
      { action: "alert.done", alertId: "al1", accountId: "C1", k: "alert.done:al1" },
    ]);
    expect(card.header?.template).toBe("red");
  });

  it("says who handled it instead of the buttons", () => {
    const card = buildLowScoreAlertCard(
      alertInput({ outcome: { kind: "followup", by: "张三", at: "2026-11-24T10:02" } }),
    );
    expect(buttonsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("已创建跟进 ✓ 张三 11-24 10:02");
    expect(card.header?.template).toBe("green");
  });

  it("says when the customer left no comment", () => {
    expect(JSON.stringify(buildLowScoreAlertCard(alertInput({ comment: "  " })))).toContain("（未留言）");
    expect(validateCard(buildLowScoreAlertCard(alertInput()))).toEqual([]);
  });
});
