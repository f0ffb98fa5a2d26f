import { describe, expect, it } from "vitest";
import { byteLength } from "../../src/cards/budget.ts";
import { buildEscalationCard } from "../../src/cards/escalation.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { escalationInput } from "./factories.ts";

type Table = { columns: { display_name: string }[]; rows: Record<string, unknown>[] };
const tableOf = (card: ReturnType<typeof buildEscalationCard>) =>
  card.body.elements.find((e) => e.tag === "table") as unknown as Table;

describe("escalation card", () => {
  it("tells the leader which of a manager's accounts are escalated, most overdue first", () => {
    const card = buildEscalationCard(escalationInput(3));
    expect(card.header).toMatchObject({ template: "red", title: { content: "拜访升级 · 张三" } });
    expect(JSON.stringify(card)).toContain("赵六，**张三** 有 3 个客户的拜访已逾期升级");
    const table = tableOf(card);
    expect(table.columns.map((c) => c.display_name)).toEqual([
      "客户",
      "分级",
      "上次拜访",
      "逾期天数",
      "下一步",
    ]);
    expect(table.rows.map((r) => r.days_overdue)).toEqual([22, 21, 20]);
    expect(table.rows[0]).toMatchObject({
      account: "客户2 科技有限公司",
      tier: [{ text: "C", color: "neutral" }],
    });
  });

  it("keeps 500 escalated accounts within 30 KB and counts the rest", () => {
    const card = buildEscalationCard(escalationInput(500));
    expect(validateCard(card)).toEqual([]);
    expect(byteLength(card)).toBeLessThanOrEqual(30 * 1024);
    const shown = tableOf(card).rows.length;
    expect(JSON.stringify(card)).toContain(`还有 ${500 - shown} 个未显示`);
  });
});
