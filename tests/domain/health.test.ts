import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.ts";
import { assessHealth } from "../../src/domain/health.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import type { Order, SurveyAnswer } from "../../src/domain/types.ts";
import { anAccount, anOrder, aSurvey, NOW } from "./factories.ts";

const account = anAccount("C1");
const health = (extra: Partial<Parameters<typeof assessHealth>[0]> = {}) =>
  assessHealth({ account, orders: [], surveys: [], now: NOW, policy: DEFAULT_POLICY, ...extra });
const codes = (h: ReturnType<typeof health>) => h.flags.map((f) => f.code);

/** One order every `every` days, the last `daysAgo` days before now. */
function steadyOrders(count: number, every: number, daysAgo: number, amount = 100): Order[] {
  return Array.from({ length: count }, (_, i) => anOrder("C1", addDays(NOW, -daysAgo - i * every), amount));
}

describe("assessHealth", () => {
  it("is calm for an account with nothing wrong", () => {
    expect(health({ orders: steadyOrders(10, 10, 2) })).toEqual({ risk: 0, flags: [] });
  });

  it("flags falling spend: last 90 days against the 90 before", () => {
    const orders = [anOrder("C1", addDays(NOW, -100), 1000), anOrder("C1", addDays(NOW, -10), 550)];
    const h = health({ orders });
    expect(h.flags).toContainEqual({ code: "spend_drop", text: "近90天采购额下降 45%", points: 30 });
  });

  it("does not flag a drop smaller than the policy's", () => {
    const orders = [anOrder("C1", addDays(NOW, -100), 1000), anOrder("C1", addDays(NOW, -10), 800)];
    expect(codes(health({ orders }))).not.toContain("spend_drop");
  });

  it("flags an account silent for more than twice its usual interval", () => {
    const h = health({ orders: steadyOrders(6, 10, 25) });
    expect(h.flags.find((f) => f.code === "order_silence")?.text).toBe("已 25 天未下单（通常约 10 天一单）");
  });

  it("does not flag silence within twice the usual interval", () => {
    expect(codes(health({ orders: steadyOrders(6, 10, 15) }))).not.toContain("order_silence");
  });

  it("does not guess a usual interval from too few orders", () => {
    expect(codes(health({ orders: steadyOrders(2, 10, 300) }))).not.toContain("order_silence");
  });

  it("flags an overdue and an escalated visit differently", () => {
    expect(codes(health({ visitPlan: { state: "overdue", daysOverdue: 5 } }))).toEqual(["visit_overdue"]);
    const escalated = health({ visitPlan: { state: "escalate", daysOverdue: 20 } });
    expect(escalated.flags).toEqual([
      { code: "visit_escalate", text: "拜访已逾期 20 天，需升级", points: 20 },
    ]);
  });

  it("flags low satisfaction and a detractor from the latest survey only", () => {
    const surveys: SurveyAnswer[] = [
      aSurvey("C1", "2026-06-01", { overall: 5, nps: 10 }),
      aSurvey("C1", "2026-10-01", { overall: 2, nps: 4 }),
    ];
    const h = health({ surveys });
    expect(h.flags.map((f) => f.text)).toEqual(["最近一次满意度 2/5", "最近一次 NPS 4 分（贬损者）"]);
    const recovered = health({ surveys: [...surveys, aSurvey("C1", "2026-11-01", { overall: 4, nps: 9 })] });
    expect(recovered.flags).toEqual([]);
  });

  it("flags open complaints, with capped points", () => {
    const h = health({ openComplaints: 3 });
    expect(h.flags).toEqual([{ code: "open_complaints", text: "有 3 个未关闭投诉", points: 20 }]);
  });

  it("caps risk at 100", () => {
    const orders = [...steadyOrders(6, 10, 120, 1000), anOrder("C1", addDays(NOW, -200), 1)];
    const h = health({
      orders,
      surveys: [aSurvey("C1", "2026-11-01", { overall: 1, nps: 0 })],
      visitPlan: { state: "escalate", daysOverdue: 30 },
      openComplaints: 2,
    });
    expect(h.flags.reduce((sum, f) => sum + f.points, 0)).toBeGreaterThan(100);
    expect(h.risk).toBe(100);
  });
});
