import { describe, expect, it } from "vitest";
import { both, messageKeys, t } from "../../src/cards/i18n.ts";

describe("i18n", () => {
  it("fills variables, zh_cn by default", () => {
    expect(t("row.daysOverdue", { days: 3 })).toBe("逾期 3 天");
    expect(t("row.daysOverdue", { days: 3 }, "en_us")).toBe("3 days overdue");
  });

  it("leaves unknown placeholders visible rather than guessing", () => {
    expect(t("row.daysOverdue")).toBe("逾期 {days} 天");
  });

  it("does not re-read placeholders inside values", () => {
    expect(t("row.nextStep", { text: "{days}" })).toBe("下一步：{days}");
  });

  it("has both languages, with the same placeholders, for every message", () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of messageKeys()) {
      const l = both(key);
      expect(l.zh_cn, key).not.toBe("");
      expect(l.en_us, key).not.toBe("");
      expect(vars(l.zh_cn), key).toEqual(vars(l.en_us));
    }
  });
});
