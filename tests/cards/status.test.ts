import { describe, expect, it } from "vitest";
import { buildStatusCard, toasts } from "../../src/cards/status.ts";
import { validateCard } from "../../src/cards/validate.ts";

describe("status helpers", () => {
  it("builds toasts in both languages for the callback response", () => {
    expect(toasts.logged()).toEqual({
      type: "success",
      content: "已记录 ✓",
      i18n: { zh_cn: "已记录 ✓", en_us: "Logged ✓" },
    });
    expect(toasts.snoozed(7).i18n.en_us).toBe("Snoozed 7 days");
    expect(toasts.missing(["拜访日期", "拜访纪要"]).content).toBe("请填写：拜访日期、拜访纪要");
    expect(toasts.failed("x".repeat(500)).content.length).toBeLessThanOrEqual(120);
  });

  it("builds a small result card with escaped text", () => {
    const card = buildStatusCard({ ok: false, message: { zh_cn: "<at id=all></at> 失败", en_us: "failed" } });
    expect(card.header?.template).toBe("red");
    expect(card.body.elements[0]?.content).toBe("&#60;at id=all&#62;&#60;/at&#62; 失败");
    expect(validateCard(card)).toEqual([]);
  });
});
