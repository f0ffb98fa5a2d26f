import { isoOf } from "../domain/dates.ts";
import type { AccountProfile } from "./demo-accounts.ts";
import type { Random } from "./prng.ts";
import type { VisitRow, VisitType } from "./rows.ts";

type Tier = "A" | "B" | "C";

const CADENCE: Record<Tier, number> = { A: 14, B: 30, C: 90 };

const TYPE_MIX: Record<Tier, { types: VisitType[]; weights: number[] }> = {
  A: { types: ["上门", "电话", "线上会议"], weights: [55, 20, 25] },
  B: { types: ["上门", "电话", "线上会议"], weights: [35, 35, 30] },
  C: { types: ["电话", "线上会议", "上门"], weights: [50, 30, 20] },
};

const TOPICS: Record<VisitType, readonly string[]> = {
  电话: ["电话回访", "订单跟进", "付款进度沟通", "交期确认"],
  上门: ["季度业务回顾", "新品介绍", "现场技术交流", "年度合同沟通"],
  高层拜访: ["高层战略会谈", "年度合作规划", "高层互访"],
  线上会议: ["线上需求对接", "项目周会", "方案评审"],
};

const SUMMARIES: readonly string[] = [
  "客户对上季度交付整体满意，提出希望缩短交期。",
  "沟通了明年的采购计划，预计采购量与今年持平。",
  "客户正在评估替代供应商，价格是主要顾虑。",
  "介绍了新产品线，客户技术部门有兴趣试用。",
  "对账完成，确认了两笔逾期款项的付款时间。",
  "客户新任采购负责人到岗，建立了联系。",
  "讨论了质量问题的整改方案，客户认可处理进度。",
  "客户计划扩产，可能增加采购品类。",
];

const NEXT_STEPS: readonly string[] = [
  "一周内发送报价单",
  "安排技术工程师上门",
  "提交年度框架协议草案",
  "跟进样品测试结果",
  "邀请客户参加新品发布会",
  "与财务确认回款计划",
  "整理会议纪要并发给客户",
];

/** The tier the account will most likely land in: pinned tier, else its spend rank (5 % A, next 15 % B). */
export function likelyTiers(profiles: readonly AccountProfile[]): Map<string, Tier> {
  const ranked = [...profiles].sort((a, b) => b.yearlySpend - a.yearlySpend);
  const tiers = new Map<string, Tier>();
  for (const [i, p] of ranked.entries()) {
    const share = i / ranked.length;
    tiers.set(p.row.code, p.row.tierOverride ?? (share < 0.05 ? "A" : share < 0.2 ? "B" : "C"));
  }
  return tiers;
}

/**
 * Visits over the last `months` (at most 12): on cadence with some slack for
 * most accounts, one in seven overdue, a few small ones never visited.
 */
export function demoVisits(
  random: Random,
  profiles: readonly AccountProfile[],
  window: { startDay: number; todayDay: number },
): VisitRow[] {
  const tiers = likelyTiers(profiles);
  const rows: VisitRow[] = [];
  const horizon = Math.max(window.startDay, window.todayDay - 365);
  for (const profile of profiles) {
    const tier = tiers.get(profile.row.code) ?? "C";
    const cadence = CADENCE[tier];
    if (tier === "C" && random.chance(0.06)) continue;
    const overdue = random.chance(0.14);
    const firstGap = overdue ? cadence + random.int(5, 60) : random.int(0, Math.round(cadence * 0.9));
    const dates: number[] = [];
    for (let day = window.todayDay - firstGap; day >= Math.max(horizon, profile.firstOrderDay - 30); ) {
      dates.push(day);
      day -= Math.max(3, Math.round(cadence * random.between(0.6, 1.1)));
    }
    dates.reverse();
    for (const [k, day] of dates.entries()) {
      const executive = tier === "A" && k % 6 === 5;
      const type = executive ? "高层拜访" : random.weighted(TYPE_MIX[tier].types, TYPE_MIX[tier].weights);
      const last = k === dates.length - 1;
      rows.push({
        title: `${profile.shortName} ${random.pick(TOPICS[type])}`,
        account: profile.row.code,
        accountCode: profile.row.code,
        date: isoOf(day),
        type,
        visitor: profile.row.owner ?? "",
        summary: random.pick(SUMMARIES),
        nextStep: random.pick(NEXT_STEPS),
        ...(last ? { nextContact: isoOf(day + cadence) } : {}),
        source: "演示数据",
      });
    }
  }
  return rows;
}
