import type { SatisfactionPoint } from "../cards/digest.ts";
import { percent } from "../cards/format.ts";
import { addMonths } from "../domain/dates.ts";
import type { IsoDate } from "../domain/types.ts";
import type { SurveyFact } from "./book.ts";

/** One calendar month of 满意度调查 answers. */
export type MonthSatisfaction = {
  /** yyyy-mm */
  month: string;
  answers: number;
  /** % promoters (推荐意愿 9–10) − % detractors (0–6), rounded; undefined without an NPS answer. */
  nps?: number;
  /** % of answers with 总体满意度 4 or 5 (one decimal): what the chart draws next to NPS on 0–100. */
  csat?: number;
  /** Mean 总体满意度 (1–5, two decimals). */
  meanCsat?: number;
};

/** The `months` calendar months ending with the month of `end`, oldest first; answers after `end` are left out. */
export function satisfactionByMonth(
  surveys: readonly SurveyFact[],
  end: IsoDate,
  months = 12,
): MonthSatisfaction[] {
  const first = addMonths(`${end.slice(0, 7)}-01`, -(months - 1)).slice(0, 7);
  const byMonth = new Map<string, { nps: number[]; overall: number[]; answers: number }>();
  for (let i = 0; i < months; i++) {
    byMonth.set(addMonths(`${first}-01`, i).slice(0, 7), { nps: [], overall: [], answers: 0 });
  }
  for (const s of surveys) {
    if (s.date > end) continue;
    const bucket = byMonth.get(s.date.slice(0, 7));
    if (!bucket) continue;
    bucket.answers++;
    if (s.nps !== undefined && s.nps >= 0 && s.nps <= 10) bucket.nps.push(s.nps);
    if (s.overall !== undefined && s.overall >= 1 && s.overall <= 5) bucket.overall.push(s.overall);
  }
  return [...byMonth].map(([month, b]) => {
    const out: MonthSatisfaction = { month, answers: b.answers };
    if (b.nps.length > 0) {
      const promoters = b.nps.filter((n) => n >= 9).length;
      const detractors = b.nps.filter((n) => n <= 6).length;
      out.nps = Math.round(((promoters - detractors) * 100) / b.nps.length);
    }
    if (b.overall.length > 0) {
      out.csat = percent(b.overall.filter((o) => o >= 4).length, b.overall.length);
      out.meanCsat = Math.round((b.overall.reduce((s, o) => s + o, 0) / b.overall.length) * 100) / 100;
    }
    return out;
  });
}

/** Months with answers, as the digest card's trend points. */
export function satisfactionPoints(months: readonly MonthSatisfaction[]): SatisfactionPoint[] {
  return months
    .filter((m) => m.nps !== undefined || m.csat !== undefined)
    .map((m) => ({
      period: m.month,
      ...(m.nps !== undefined ? { nps: m.nps } : {}),
      ...(m.csat !== undefined ? { csat: m.csat } : {}),
    }));
}
