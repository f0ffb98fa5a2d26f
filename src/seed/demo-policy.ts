import { DEFAULT_POLICY } from "../domain/policy.ts";
import type { SettingRow } from "./rows.ts";

/** Why each setting exists, in the words a sales director would use. */
const DESCRIPTIONS: Record<string, string> = {
  "tier.method": "分级方法：rank = 按排名百分比分档；cumulative = 按累计采购额占比分档",
  "tier.windowMonths": "计算采购额的滚动窗口（月）",
  "tier.bands.rank.A": "按排名分档时 A 类客户占全部客户的比例",
  "tier.bands.rank.B": "按排名分档时 B 类客户占全部客户的比例（A 类之后）",
  "tier.bands.cumulative.A": "按累计占比分档时，累计采购额达到该比例之前的客户为 A 类",
  "tier.bands.cumulative.B": "按累计占比分档时，累计采购额达到该比例之前的其余客户为 B 类",
  "weights.currentValue": "价值分权重：当前采购额",
  "weights.potential": "价值分权重：潜力评估",
  "weights.strategicFit": "价值分权重：战略匹配",
  "weights.stability": "价值分权重：合作稳定性（合作年限与下单规律）",
  "hysteresis.downgradePeriods": "连续低于档位多少期才降级，避免等级来回跳动",
  "hysteresis.marginPct": "低于档位超过该比例时立即降级",
  "cadence.A": "A 类客户拜访周期（天）",
  "cadence.B": "B 类客户拜访周期（天）",
  "cadence.C": "C 类客户拜访周期（天）",
  "executiveVisitDays.A": "A 类客户高层拜访周期（天），0 表示不要求",
  "executiveVisitDays.B": "B 类客户高层拜访周期（天），0 表示不要求",
  "executiveVisitDays.C": "C 类客户高层拜访周期（天），0 表示不要求",
  upcomingDays: "拜访到期前几天开始提醒",
  overdueDays: "超过到期日几天算逾期",
  escalateDays: "超过到期日几天升级通知主管",
  maxVisitsPerManagerPerDay: "每位客户经理每天最多提醒几次拜访",
  "quietHours.start": "免打扰开始时间（北京时间）",
  "quietHours.end": "免打扰结束时间（北京时间）",
  "risk.spendDropPct": "采购额同比下降超过该比例记为风险",
  "risk.lowCsat": "满意度低于该分数记为风险",
  "risk.lowNps": "推荐意愿低于该分数记为贬损者",
  "risk.silenceFactor": "距上次下单超过平常间隔的几倍记为沉默",
  "risk.minOrdersForSilence": "至少有几笔订单才判断沉默",
  "risk.points.spendDrop": "风险分：采购额下降",
  "risk.points.silence": "风险分：长期未下单",
  "risk.points.visitOverdue": "风险分：拜访逾期",
  "risk.points.visitEscalate": "风险分：拜访逾期已升级",
  "risk.points.lowCsat": "风险分：满意度低",
  "risk.points.detractor": "风险分：贬损者",
  "risk.points.complaint": "风险分：每条投诉",
  "risk.points.complaintsMax": "风险分：投诉累计上限",
};

function leaves(node: unknown, prefix: string): [string, string][] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" ? leaves(v, key) : [[key, String(v)] as [string, string]];
  });
}

/** One 设置 row per policy leaf, holding today's default, so the table shows every knob there is. */
export function demoPolicy(): SettingRow[] {
  return leaves(DEFAULT_POLICY, "").map(([key, value]) => ({
    key,
    value,
    description: DESCRIPTIONS[key] ?? "（暂无说明）",
  }));
}
