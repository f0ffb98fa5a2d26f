import { type CareAccount, type CareContact, contactsByAccount } from "./care-book.ts";
import type { CarePolicy } from "./care-policy.ts";
import { addDays, addMonths, daysBetween, isoFromParts } from "./dates.ts";
import type { IsoDate, Tier } from "./types.ts";

export type SurveyTarget = { kind: "chat"; chatId: string } | { kind: "owner"; ownerId: string };

export type SurveyPlanItem = {
  /** `<campaign>.<account code>.<contact record id>`: names the survey in keys and in the card. */
  surveyId: string;
  campaign: string;
  account: CareAccount;
  contact: CareContact;
  tier: Tier;
  /** The account's external group when linked, else the owner (who forwards it to the customer). */
  target: SurveyTarget;
};

export type SurveyHistory = {
  /** Campaigns already sent, as `<account code>|<campaign>`. */
  sent: ReadonlySet<string>;
  /** The last day each contact (record id) was sent a survey or answered one. */
  lastSurveyed: ReadonlyMap<string, IsoDate>;
};

export type SurveyPlan = {
  today: IsoDate;
  items: SurveyPlanItem[];
  skipped: {
    notYet: number;
    alreadySent: number;
    recentlySurveyed: number;
    noTarget: number;
    noContact: number;
  };
};

/** The campaign `today` belongs to: 2026 (yearly), 2026H1, 2026Q2, 2026-05 (monthly), or 2026M2-3. */
export function campaignOf(
  today: IsoDate,
  everyMonths: number,
): { name: string; start: IsoDate; end: IsoDate } {
  const year = Number(today.slice(0, 4));
  const index = Math.floor((Number(today.slice(5, 7)) - 1) / everyMonths);
  const start = isoFromParts(year, index * everyMonths + 1, 1);
  const end = addDays(addMonths(start, everyMonths), -1);
  const names: Record<number, string> = {
    12: `${year}`,
    6: `${year}H${index + 1}`,
    3: `${year}Q${index + 1}`,
    1: start.slice(0, 7),
  };
  return { name: names[everyMonths] ?? `${year}M${everyMonths}-${index + 1}`, start, end };
}

export function surveyIdOf(campaign: string, accountCode: string, contactRecordId: string): string {
  return `${campaign}.${accountCode}.${contactRecordId}`;
}

export function parseSurveyId(
  surveyId: string,
): { campaign: string; accountCode: string; contactRecordId: string } | undefined {
  const first = surveyId.indexOf(".");
  const last = surveyId.lastIndexOf(".");
  if (first <= 0 || last <= first + 1 || last === surveyId.length - 1) return undefined;
  return {
    campaign: surveyId.slice(0, first),
    accountCode: surveyId.slice(first + 1, last),
    contactRecordId: surveyId.slice(last + 1),
  };
}

/**
 * Which accounts get a survey card today. Each tier has its campaign period (A quarterly, B half-yearly,
 * C yearly by default); within a campaign an account's send day is spread over the first `spreadDays`
 * by a hash of its code, so a quarter does not open with one burst, and a day missed is caught up later.
 * The contact asked is the first (decision makers first) not surveyed within `minGapDays`.
 */
export function planSurveys(input: {
  accounts: readonly CareAccount[];
  contacts: readonly CareContact[];
  history: SurveyHistory;
  policy: CarePolicy;
  today: IsoDate;
}): SurveyPlan {
  const { history, today } = input;
  const rules = input.policy.survey;
  const byAccount = contactsByAccount(input.contacts);
  const skipped = { notYet: 0, alreadySent: 0, recentlySurveyed: 0, noTarget: 0, noContact: 0 };
  const items: SurveyPlanItem[] = [];
  const campaigns = new Map<number, ReturnType<typeof campaignOf>>();
  for (const account of input.accounts) {
    const tier = account.tier ?? "C";
    const every = rules.everyMonths[tier];
    let campaign = campaigns.get(every);
    if (!campaign) {
      campaign = campaignOf(today, every);
      campaigns.set(every, campaign);
    }
    if (history.sent.has(`${account.code}|${campaign.name}`)) {
      skipped.alreadySent++;
      continue;
    }
    const spread = Math.max(1, Math.min(rules.spreadDays, daysBetween(campaign.start, campaign.end) + 1));
    if (daysBetween(campaign.start, today) < hash(`${account.code}|${campaign.name}`) % spread) {
      skipped.notYet++;
      continue;
    }
    const target: SurveyTarget | undefined = account.chatId
      ? { kind: "chat", chatId: account.chatId }
      : account.ownerId
        ? { kind: "owner", ownerId: account.ownerId }
        : undefined;
    if (!target) {
      skipped.noTarget++;
      continue;
    }
    const contacts = byAccount.get(account.recordId) ?? [];
    if (contacts.length === 0) {
      skipped.noContact++;
      continue;
    }
    const contact = contacts.find((c) => {
      const last = history.lastSurveyed.get(c.recordId);
      return last === undefined || daysBetween(last, today) >= rules.minGapDays;
    });
    if (!contact) {
      skipped.recentlySurveyed++;
      continue;
    }
    const surveyId = surveyIdOf(campaign.name, account.code, contact.recordId);
    items.push({ surveyId, campaign: campaign.name, account, contact, tier, target });
  }
  return { today, items, skipped };
}

export type SurveyScores = {
  overall: number;
  product: number;
  service: number;
  responsiveness: number;
  nps: number;
};

export type NpsClass = "推荐者" | "被动者" | "贬损者";

/** Promoters 9–10, passives 7–8, detractors 0–6. */
export function npsClassOf(nps: number): NpsClass {
  return nps >= 9 ? "推荐者" : nps >= 7 ? "被动者" : "贬损者";
}

/** An answer the owner and the owner's leader must hear about: NPS ≤ 6 or any item ≤ 2 by default. */
export function isLowScore(s: SurveyScores, rules: CarePolicy["survey"]): boolean {
  const items = [s.overall, s.product, s.service, s.responsiveness];
  return s.nps <= rules.alertNps || items.some((x) => x <= rules.alertItem);
}

/** FNV-1a: a stable spread that does not change between runs or processes. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
