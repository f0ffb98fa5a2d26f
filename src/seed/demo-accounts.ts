import { dayOf, isoOf } from "../domain/dates.ts";
import {
  BRAND_WORDS,
  CITIES,
  COMPANY_SUFFIXES,
  INDUSTRY_PHRASES,
  INDUSTRY_WEIGHTS,
  type Industry,
} from "./names.ts";
import type { Random } from "./prng.ts";
import type { AccountRow } from "./rows.ts";

export type Manager = { open_id: string; name: string; leaderOpenId?: string };

export type Lifecycle = "steady" | "growing" | "declining" | "new" | "dormant";

/** What the order, visit and survey generators need to know about an account beyond its row. */
export type AccountProfile = {
  row: AccountRow;
  /** Brand + trade, e.g. "恒瑞精密制造", used in visit titles. */
  shortName: string;
  /** Yearly spend at full run rate, CNY. */
  yearlySpend: number;
  lifecycle: Lifecycle;
  /** Day numbers bounding when this account orders. */
  firstOrderDay: number;
  lastOrderDay: number;
  marginRate: number;
};

const LIFECYCLES: readonly Lifecycle[] = ["steady", "growing", "declining", "new", "dormant"];
const LIFECYCLE_WEIGHTS = [62, 10, 13, 8, 7];

/** Median yearly spend and spread; σ ≈ 1.55 puts ~80 % of spend in the top 20 % of accounts. */
export const MEDIAN_YEARLY_SPEND = 240_000;
const SPEND_SIGMA = 1.55;

const OVERRIDES: readonly { tier: "A" | "B" | "C"; reason: string; untilDays?: [number, number] }[] = [
  { tier: "A", reason: "集团战略客户，签有三年框架协议", untilDays: [120, 365] },
  { tier: "A", reason: "董事长亲自对接的客户" },
  { tier: "B", reason: "新品导入期，总部要求重点培育", untilDays: [60, 180] },
  { tier: "A", reason: "竞品正在争夺，临时提级维护", untilDays: [30, 120] },
  { tier: "C", reason: "客户要求降低拜访频次，仅保留电话沟通" },
];

function companyName(
  random: Random,
  taken: Set<string>,
): { name: string; short: string; industry: Industry; city: string } {
  const industries = Object.keys(INDUSTRY_WEIGHTS) as Industry[];
  const weights = industries.map((i) => INDUSTRY_WEIGHTS[i]);
  for (let attempt = 0; ; attempt++) {
    const { city } = random.weighted(
      CITIES,
      CITIES.map((c) => c.weight),
    );
    const industry = random.weighted(industries, weights);
    const brand = random.pick(BRAND_WORDS);
    const phrase = random.pick(INDUSTRY_PHRASES[industry]);
    // Past a few collisions the lists are running dry; a branch number keeps names unique at any book size.
    const branch = attempt < 20 ? "" : `第${attempt - 19}分公司`;
    const name = `${city}${brand}${phrase}${random.pick(COMPANY_SUFFIXES)}${branch}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, short: `${brand}${phrase}`, industry, city };
  }
}

/** Leaders own half as many accounts as the people they lead. */
function ownerSlots(managers: readonly Manager[]): Manager[] {
  const leaders = new Set(managers.map((m) => m.leaderOpenId).filter(Boolean));
  return managers.flatMap((m) => (leaders.has(m.open_id) ? [m] : [m, m]));
}

function rating(random: Random): number {
  return random.weighted([1, 2, 3, 4, 5], [1, 3, 5, 3, 1.5]);
}

export function demoAccounts(
  random: Random,
  options: { count: number; managers: readonly Manager[]; today: string; windowStartDay: number },
): AccountProfile[] {
  const todayDay = dayOf(options.today);
  const taken = new Set<string>();
  const width = Math.max(4, String(options.count).length);
  const slots = ownerSlots(options.managers);
  const ownerOrder = random.shuffle([...Array(options.count).keys()]);
  const ownerOf = new Map(
    ownerOrder.map((accountIndex, i) => [accountIndex, slots[i % slots.length] as Manager]),
  );

  const profiles: AccountProfile[] = [];
  for (let i = 0; i < options.count; i++) {
    const company = companyName(random, taken);
    const region = CITIES.find((c) => c.city === company.city)?.region ?? "华东";
    const lifecycle = random.weighted(LIFECYCLES, LIFECYCLE_WEIGHTS);
    const sinceDay = lifecycle === "new" ? todayDay - random.int(20, 300) : todayDay - random.int(365, 3650);
    const firstOrderDay = Math.max(sinceDay, options.windowStartDay);
    const lastOrderDay = lifecycle === "dormant" ? todayDay - random.int(150, 420) : todayDay;
    const row: AccountRow = {
      code: `C${String(i + 1).padStart(width, "0")}`,
      name: company.name,
      owner: ownerOf.get(i)?.open_id,
      industry: company.industry,
      region,
      since: isoOf(sinceDay),
      strategicFit: rating(random),
      potential: rating(random),
    };
    profiles.push({
      row,
      shortName: company.short,
      yearlySpend: MEDIAN_YEARLY_SPEND * Math.exp(SPEND_SIGMA * random.normal()),
      lifecycle,
      firstOrderDay,
      lastOrderDay: Math.max(firstOrderDay, lastOrderDay),
      marginRate: random.between(0.08, 0.3),
    });
  }
  pinSomeTiers(random, profiles, todayDay);
  return profiles;
}

function pinSomeTiers(random: Random, profiles: AccountProfile[], todayDay: number): void {
  const count = Math.min(profiles.length, Math.max(3, Math.round(profiles.length * 0.02)));
  for (const [n, profile] of random.shuffle(profiles).slice(0, count).entries()) {
    const pin = OVERRIDES[n % OVERRIDES.length] as (typeof OVERRIDES)[number];
    profile.row.tierOverride = pin.tier;
    profile.row.overrideReason = pin.reason;
    if (pin.untilDays) profile.row.overrideUntil = isoOf(todayDay + random.int(...pin.untilDays));
  }
}
