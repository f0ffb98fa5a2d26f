import { addMonthsToDay, dayOf, isoOf } from "../src/domain/dates.ts";
import type { Account, Order, SurveyAnswer, Tier, Visit, VisitType } from "../src/domain/types.ts";

/** Mulberry32: small, fast, seeded; the same seed always gives the same book. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type SyntheticBookOptions = {
  accounts?: number;
  orders?: number;
  /** Orders are spread over this many months before `now`. */
  months?: number;
  managers?: number;
  visitsPerAccount?: number;
  surveyShare?: number;
  now?: string;
  seed?: number;
};

export type SyntheticBook = {
  accounts: Account[];
  orders: Order[];
  visits: Visit[];
  surveys: SurveyAnswer[];
  now: string;
};

/** A fresh string with the same text, as a parser would produce per row. */
function copyOf(text: string): string {
  return text.slice(0, 1) + text.slice(1);
}

const VISIT_TYPES: VisitType[] = ["phone", "onsite", "executive", "online"];
const TIERS: Tier[] = ["A", "B", "C"];

/**
 * A deterministic book: account sizes are Pareto-distributed (alpha 1.16, the
 * 80/20 shape), order counts grow with size, order amounts scatter around each
 * account's size; some accounts never order; visits and surveys are sprinkled on top.
 */
export function syntheticBook(options: SyntheticBookOptions = {}): SyntheticBook {
  const {
    accounts: accountCount = 100_000,
    orders: orderCount = 1_000_000,
    months = 24,
    managers = 800,
    visitsPerAccount = 2,
    surveyShare = 0.3,
    now = "2026-11-25",
    seed = 20_261_125,
  } = options;
  const random = seededRandom(seed);
  const nowDay = dayOf(now);
  const firstDay = addMonthsToDay(nowDay, -months) + 1;
  const span = nowDay - firstDay + 1;
  const isoByOffset = Array.from({ length: Math.max(span, 4000) }, (_, i) => isoOf(nowDay - i));

  const size = new Float64Array(accountCount);
  const accounts: Account[] = new Array(accountCount);
  for (let i = 0; i < accountCount; i++) {
    size[i] = 1 / (1 - random()) ** (1 / 1.16);
    const id = `C${String(i + 1).padStart(6, "0")}`;
    const account: Account = {
      id,
      name: `客户${i + 1}`,
      ownerId: random() < 0.99 ? `ou_mgr_${Math.floor(random() * managers)}` : undefined,
      since: isoByOffset[Math.floor(random() * 3650)],
    };
    if (random() < 0.8) account.strategicFit = 1 + Math.floor(random() * 5);
    if (random() < 0.7) account.potential = 1 + Math.floor(random() * 5);
    if (random() < 0.6) account.previous = { tier: TIERS[Math.floor(random() * 3)], belowBandPeriods: 0 };
    if (random() < 0.002) account.override = { tier: "A", reason: "集团战略客户" };
    accounts[i] = account;
  }

  // Order counts ∝ sqrt(size) among the ~90 % of accounts that buy at all.
  const weight = new Float64Array(accountCount);
  let weightSum = 0;
  for (let i = 0; i < accountCount; i++) {
    weight[i] = random() < 0.9 ? Math.sqrt(size[i]!) : 0;
    weightSum += weight[i]!;
  }
  // Which account and which day each order has; rows are then built in date
  // order, like a chronological ERP export parsed row by row: consecutive rows
  // hit unrelated accounts and each row carries its own code and date strings.
  const orderAccount = new Int32Array(orderCount);
  const orderOffset = new Int32Array(orderCount);
  let o = 0;
  for (let i = 0; i < accountCount && o < orderCount; i++) {
    const count = Math.min(orderCount - o, Math.round((orderCount * weight[i]!) / weightSum));
    for (let k = 0; k < count; k++) orderAccount[o++] = i;
  }
  while (o < orderCount) orderAccount[o++] = Math.floor(random() * accountCount);
  for (let k = 0; k < orderCount; k++) orderOffset[k] = Math.floor(random() * span);
  const chronological = Array.from({ length: orderCount }, (_, k) => k);
  chronological.sort((a, b) => orderOffset[b]! - orderOffset[a]! || a - b);

  const orders: Order[] = new Array(orderCount);
  for (let r = 0; r < orderCount; r++) {
    const k = chronological[r]!;
    const i = orderAccount[k]!;
    const amount = Math.round(size[i]! * 1000 * (0.3 + random() * 1.4) * 100) / 100;
    orders[r] = {
      id: `O${r}`,
      accountId: copyOf(accounts[i]!.id),
      date: copyOf(isoByOffset[orderOffset[k]!]!),
      amount,
      margin: random() < 0.8 ? Math.round(amount * (0.1 + random() * 0.3) * 100) / 100 : undefined,
    };
  }

  const visits: Visit[] = [];
  for (let v = 0; v < accountCount * visitsPerAccount; v++) {
    const account = accounts[Math.floor(random() * accountCount)]!;
    visits.push({
      id: `V${v}`,
      accountId: account.id,
      date: isoByOffset[Math.floor(random() * 365)]!,
      type: VISIT_TYPES[Math.floor(random() * VISIT_TYPES.length)]!,
      visitorId: account.ownerId,
    });
  }
  const surveys: SurveyAnswer[] = [];
  for (let s = 0; s < accountCount * surveyShare; s++) {
    const rate = () => 1 + Math.floor(random() * 5);
    surveys.push({
      id: `S${s}`,
      accountId: accounts[Math.floor(random() * accountCount)]!.id,
      date: isoByOffset[Math.floor(random() * 365)]!,
      overall: rate(),
      product: rate(),
      service: rate(),
      responsiveness: rate(),
      nps: Math.floor(random() * 11),
    });
  }
  return { accounts, orders, visits, surveys, now };
}
