import { dayOf, isoFromParts, isoOf } from "../domain/dates.ts";
import type { AccountProfile } from "./demo-accounts.ts";
import type { Random } from "./prng.ts";
import type { ContactRow, SurveyRow } from "./rows.ts";

const COMPLAINTS: readonly string[] = [
  "交付连续两次延期，影响了我们的生产计划。",
  "售后响应太慢，问题拖了两周才有人处理。",
  "价格比同行高，性价比一般。",
  "上次批次有质量问题，退换货流程很繁琐。",
  "对接人员频繁更换，沟通成本高。",
];

const PRAISE: readonly string[] = [
  "服务响应很快，非常满意。",
  "客户经理专业负责，合作愉快。",
  "产品质量稳定，希望继续保持。",
];

const SUGGESTIONS: readonly string[] = [
  "希望能提供更详细的对账单。",
  "建议增加线上下单渠道。",
  "期待更多新品技术培训。",
];

/** Half-year campaigns: H1 goes out late June, H2 mid December; the last two sent before today. */
function campaigns(todayDay: number): { name: string; startDay: number }[] {
  const year = Number(isoOf(todayDay).slice(0, 4));
  const all: { name: string; startDay: number }[] = [];
  for (const y of [year - 2, year - 1, year]) {
    all.push({ name: `${y}H1`, startDay: dayOf(isoFromParts(y, 6, 20)) });
    all.push({ name: `${y}H2`, startDay: dayOf(isoFromParts(y, 12, 10)) });
  }
  return all.filter((c) => c.startDay <= todayDay).slice(-2);
}

function score(random: Random, mood: number): number {
  return Math.min(5, Math.max(1, Math.round(mood + 0.6 * random.normal())));
}

function commentFor(random: Random, overall: number, nps: number): string | undefined {
  if (overall <= 2 || nps <= 4) return random.pick(COMPLAINTS);
  if (overall >= 5 && random.chance(0.3)) return random.pick(PRAISE);
  if (random.chance(0.2)) return random.pick(SUGGESTIONS);
  return undefined;
}

/** One answer per responding account and campaign; a few accounts are unhappy and say why. */
export function demoSurveys(
  random: Random,
  profiles: readonly AccountProfile[],
  contacts: readonly ContactRow[],
  todayDay: number,
): SurveyRow[] {
  const contactsOf = new Map<string, ContactRow[]>();
  for (const c of contacts) contactsOf.set(c.accountCode, [...(contactsOf.get(c.accountCode) ?? []), c]);
  const moods = new Map(
    profiles.map((p) => [
      p.row.code,
      random.chance(0.07) ? random.between(1.6, 2.6) : random.between(3.4, 4.7),
    ]),
  );
  const rows: SurveyRow[] = [];
  for (const campaign of campaigns(todayDay)) {
    let n = 0;
    for (const profile of profiles) {
      const respondRate = profile.yearlySpend > 500_000 ? 0.6 : 0.3;
      if (profile.firstOrderDay > campaign.startDay || !random.chance(respondRate)) continue;
      const contact = random.pick(contactsOf.get(profile.row.code) ?? []);
      if (!contact) continue;
      const mood = moods.get(profile.row.code) ?? 4;
      const overall = score(random, mood);
      const nps = Math.min(10, Math.max(0, Math.round(2 * overall - 0.5 + 1.2 * random.normal())));
      const comment = commentFor(random, overall, nps);
      n++;
      rows.push({
        answerId: `SV-${campaign.name}-${String(n).padStart(4, "0")}`,
        account: profile.row.code,
        accountCode: profile.row.code,
        contact: contact.name,
        date: isoOf(Math.min(todayDay, campaign.startDay + random.int(0, 14))),
        overall,
        product: score(random, mood),
        service: score(random, mood),
        responsiveness: score(random, mood),
        nps,
        ...(comment ? { comment } : {}),
        campaign: campaign.name,
      });
    }
  }
  return rows;
}
