import type { VisitState } from "../../domain/cadence.ts";
import type { AccountResult, NpsClass } from "../../domain/engine.ts";
import type { Problem } from "../../domain/types.ts";
import type { FieldValue } from "../../feishu/codecs.ts";

/** The accounts fields the sync writes (`computed: true` in bitable-templates/base.json). */
export const COMPUTED_KEYS = [
  "tier",
  "score",
  "scoreExplain",
  "windowSpend",
  "rankPct",
  "belowBandPeriods",
  "lastVisit",
  "nextVisitDue",
  "visitState",
  "risk",
  "riskFlags",
  "lastCsat",
  "npsClass",
  "dataProblems",
] as const;

export type ComputedKey = (typeof COMPUTED_KEYS)[number];

/** Domain values by template key, as the codecs read and write them; null clears the cell. */
export type ComputedValues = Record<ComputedKey, FieldValue>;

export const VISIT_STATE_NAMES: Record<VisitState, string> = {
  ok: "正常",
  upcoming: "即将到期",
  due: "到期",
  overdue: "逾期",
  escalate: "升级",
};

export const NPS_CLASS_NAMES: Record<NpsClass, string> = {
  promoter: "推荐者",
  passive: "被动者",
  detractor: "贬损者",
};

/** A text cell people read: more than this is noise, and Bitable cells are not a log. */
const MAX_PROBLEM_LINES = 10;
const MAX_PROBLEM_CHARS = 1_000;

/** One line per distinct problem, Chinese first (the domain's messages are "中文 / English"), capped. */
export function problemText(problems: readonly Problem[]): string | null {
  const lines = [...new Set(problems.map((p) => p.message.trim()).filter(Boolean))];
  if (lines.length === 0) return null;
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (kept.length === MAX_PROBLEM_LINES || chars + line.length > MAX_PROBLEM_CHARS) break;
    kept.push(line);
    chars += line.length + 1;
  }
  const more = lines.length - kept.length;
  if (more > 0) kept.push(`…另有 ${more} 条问题 / ${more} more`);
  return kept.join("\n");
}

/**
 * What the sync wants the account's computed cells to hold. The tier's reason goes into 评分说明
 * next to the score's, since the template has no field of its own for it; a pin reads
 * "等级：手动锁定为 A 类：<why>".
 */
export function computedValuesOf(result: AccountResult): ComputedValues {
  return {
    tier: result.tier,
    score: result.score,
    scoreExplain: `等级：${result.reason}\n评分：${result.explanation || "—"}`,
    windowSpend: result.spend,
    rankPct: result.rankPct,
    belowBandPeriods: result.belowBandPeriods,
    lastVisit: result.lastVisit ?? null,
    nextVisitDue: result.nextVisitDue,
    visitState: VISIT_STATE_NAMES[result.visitState],
    risk: result.risk,
    riskFlags: result.flags.length ? result.flags.map((f) => f.text).join("；") : null,
    lastCsat: result.lastCsat ?? null,
    npsClass: result.npsClass ? NPS_CLASS_NAMES[result.npsClass] : null,
    dataProblems: problemText(result.problems),
  };
}
