import { type CareAccount, type CareContact, contactsByAccount } from "./care-book.ts";
import { type CarePolicy, occasionsFor } from "./care-policy.ts";
import { fillTemplate, templateFor } from "./care-templates.ts";
import { addDays } from "./dates.ts";
import {
  anniversaryYearsOn,
  birthdayOf,
  birthdayYearOn,
  type DayFacts,
  dayFacts,
  OCCASION_LABELS,
  type OccasionCode,
} from "./occasions.ts";
import type { IsoDate, Tier } from "./types.ts";

export type GreetingPlanItem = {
  contact: CareContact;
  account: CareAccount;
  tier: Tier;
  /** Suggested text, plain (the card escapes it). */
  message: string;
};

/** One card: one owner, one occasion on one day. */
export type GreetingPlanCard = {
  ownerId: string;
  occasion: OccasionCode;
  label: string;
  /** The day the occasion falls on. */
  date: IsoDate;
  /** The year the care log counts it for (a 农历 birthday: its lunar year). */
  year: number;
  items: GreetingPlanItem[];
};

export type GreetingPlan = {
  today: IsoDate;
  cards: GreetingPlanCard[];
  /** Accounts with something to greet for but no owner to tell. */
  unowned: number;
};

const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

/**
 * Who to greet, on which occasion, as of `today`: a tier's occasions are looked up `leadDays` ahead
 * (A 3 days, B 1 day, C on the day by default), so each owner hears about them early enough to act.
 */
export function planGreetings(input: {
  accounts: readonly CareAccount[];
  contacts: readonly CareContact[];
  policy: CarePolicy;
  today: IsoDate;
}): GreetingPlan {
  const { policy, today } = input;
  const factsFor = tierFacts(policy, today);
  const byAccount = contactsByAccount(input.contacts);
  const cards = new Map<string, GreetingPlanCard>();
  let unowned = 0;

  for (const account of input.accounts) {
    const tier = account.tier ?? "C";
    const facts = factsFor[tier];
    const contacts = byAccount.get(account.recordId);
    if (!facts || !contacts?.length) continue;
    const wanted = occasionsFor(policy, tier);
    const found: { occasion: OccasionCode; year: number; contacts: CareContact[]; years?: number }[] = [];
    const audience = policy.audience === "all" ? contacts : leaders(contacts);
    for (const festival of facts.festivals) {
      if (wanted.has(festival)) found.push({ occasion: festival, year: facts.year, contacts: audience });
    }
    const years = wanted.has("anniversary") ? anniversaryYearsOn(account.since, facts) : 0;
    if (years > 0) found.push({ occasion: "anniversary", year: facts.year, contacts: audience, years });
    if (wanted.has("birthday")) {
      for (const contact of contacts) {
        const birthday = birthdayOf(contact.birthday, contact.birthdayCalendar);
        const year = birthday && birthdayYearOn(birthday, facts);
        if (year) found.push({ occasion: "birthday", year, contacts: [contact] });
      }
    }
    if (found.length === 0) continue;
    if (!account.ownerId) {
      unowned++;
      continue;
    }
    for (const f of found) {
      const key = `${account.ownerId}|${f.occasion}|${facts.iso}|${f.year}`;
      let card = cards.get(key);
      if (!card) {
        card = {
          ownerId: account.ownerId,
          occasion: f.occasion,
          label: OCCASION_LABELS[f.occasion],
          date: facts.iso,
          year: f.year,
          items: [],
        };
        cards.set(key, card);
      }
      const template = templateFor(policy, f.occasion, tier);
      for (const contact of f.contacts) {
        const vars = { name: contact.name, title: contact.title, company: account.name, years: f.years };
        card.items.push({ contact, account, tier, message: fillTemplate(template, vars) });
      }
    }
  }
  const list = [...cards.values()];
  for (const card of list) {
    card.items.sort(
      (a, b) =>
        TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
        cmp(a.account.name, b.account.name) ||
        cmp(a.contact.name, b.contact.name),
    );
  }
  list.sort((a, b) => cmp(a.ownerId, b.ownerId) || cmp(a.date, b.date) || cmp(a.occasion, b.occasion));
  return { today, cards: list, unowned };
}

/** The day each tier looks at, and what is true of it (shared between tiers with the same lead). */
function tierFacts(policy: CarePolicy, today: IsoDate): Record<Tier, DayFacts | undefined> {
  const memo = new Map<number, DayFacts | undefined>();
  const of = (lead: number) => {
    if (!memo.has(lead)) memo.set(lead, dayFacts(addDays(today, lead)));
    return memo.get(lead);
  };
  return { A: of(policy.leadDays.A), B: of(policy.leadDays.B), C: of(policy.leadDays.C) };
}

/** Decision makers; an account that marks none is greeted through its first contact. */
function leaders(contacts: CareContact[]): CareContact[] {
  const marked = contacts.filter((c) => c.decisionMaker);
  return marked.length > 0 ? marked : contacts.slice(0, 1);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
