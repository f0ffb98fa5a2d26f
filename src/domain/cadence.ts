import { nextWorkingDayNumber } from "./calendar.ts";
import { dayOf, isoOf } from "./dates.ts";
import { idRanks } from "./order-stats.ts";
import type { Policy } from "./policy.ts";
import type { IsoDate, Tier } from "./types.ts";

/**
 * Visit states by calendar days past the (working-day) due date d = now − due:
 * "ok" d < −upcomingDays · "upcoming" −upcomingDays ≤ d < 0 · "due" 0 ≤ d < overdueDays ·
 * "overdue" overdueDays ≤ d < escalateDays · "escalate" d ≥ escalateDays.
 */
export type VisitState = "ok" | "upcoming" | "due" | "overdue" | "escalate";

export type PlanAccount = {
  id: string;
  tier: Tier;
  ownerId?: string;
  since?: IsoDate;
  /** Last completed visit of any type. */
  lastVisit?: IsoDate;
  lastExecutiveVisit?: IsoDate;
};

export type VisitPlan = {
  accountId: string;
  /** Last visit (else `since`, else now) + cadence, moved to a working day; states count from here. */
  cadenceDue: IsoDate;
  /** `cadenceDue` after spreading each manager's load; the day the reminder names. */
  nextVisitDue: IsoDate;
  executiveDue?: IsoDate;
  state: VisitState;
  daysOverdue: number;
};

/** Visits already booked: ownerId → day → count. */
export type OwnerLoad = Readonly<Record<string, Readonly<Record<IsoDate, number>>>>;

/** Day-number form used by the engine; NaN = unknown. */
export type PlanItem = {
  id: string;
  tier: Tier;
  ownerId?: string;
  sinceDay: number;
  lastVisitDay: number;
  lastExecutiveDay: number;
};

const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

export function visitStateOf(daysPastDue: number, policy: Policy): VisitState {
  if (daysPastDue >= policy.escalateDays) return "escalate";
  if (daysPastDue >= policy.overdueDays) return "overdue";
  if (daysPastDue >= 0) return "due";
  return -daysPastDue <= policy.upcomingDays ? "upcoming" : "ok";
}

function firstKnown(...days: number[]): number {
  for (const d of days) if (!Number.isNaN(d)) return d;
  return Number.NaN;
}

/**
 * Spreading is deterministic: accounts take days in order of tier, then id;
 * a day already holding `maxVisitsPerManagerPerDay` for that manager pushes
 * the visit to the next working day. Accounts without an owner are not capped.
 */
export function planVisitItems(
  items: readonly PlanItem[],
  policy: Policy,
  nowDay: number,
  ownerLoad: OwnerLoad = {},
  idRank: Int32Array = idRanks(items),
): VisitPlan[] {
  const n = items.length;
  const due = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const it = items[i]!;
    const base = firstKnown(it.lastVisitDay, it.sinceDay, nowDay);
    due[i] = nextWorkingDayNumber(base + policy.cadence[it.tier]);
  }

  const load = new Map<string, Map<number, number>>();
  for (const [owner, days] of Object.entries(ownerLoad)) {
    const perDay = new Map<number, number>();
    for (const [iso, count] of Object.entries(days)) {
      const day = dayOf(iso);
      if (!Number.isNaN(day) && count > 0) perDay.set(day, count);
    }
    load.set(owner, perDay);
  }

  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => TIER_ORDER[items[a]!.tier] - TIER_ORDER[items[b]!.tier] || idRank[a]! - idRank[b]!);
  const planned = new Float64Array(n);
  const cap = policy.maxVisitsPerManagerPerDay;
  for (const i of order) {
    const owner = items[i]!.ownerId;
    let day = due[i]!;
    if (owner) {
      const perDay = load.get(owner) ?? new Map<number, number>();
      load.set(owner, perDay);
      while ((perDay.get(day) ?? 0) >= cap) day = nextWorkingDayNumber(day + 1);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    planned[i] = day;
  }

  const plans = new Array<VisitPlan>(n);
  for (let i = 0; i < n; i++) {
    const it = items[i]!;
    const past = nowDay - due[i]!;
    const executiveDays = policy.executiveVisitDays[it.tier];
    const plan: VisitPlan = {
      accountId: it.id,
      cadenceDue: isoOf(due[i]!),
      nextVisitDue: isoOf(planned[i]!),
      state: visitStateOf(past, policy),
      daysOverdue: Math.max(0, past),
    };
    if (executiveDays > 0) {
      const base = firstKnown(it.lastExecutiveDay, it.sinceDay, nowDay);
      plan.executiveDue = isoOf(nextWorkingDayNumber(base + executiveDays));
    }
    plans[i] = plan;
  }
  return plans;
}

/** Visit plan per account, in input order. Unreadable dates count as unknown. */
export function planVisits(input: {
  accounts: readonly PlanAccount[];
  policy: Policy;
  now: IsoDate;
  ownerLoad?: OwnerLoad;
}): VisitPlan[] {
  const nowDay = dayOf(input.now);
  if (Number.isNaN(nowDay)) return [];
  const items = input.accounts.map((a) => ({
    id: a.id,
    tier: TIER_ORDER[a.tier] === undefined ? ("C" as const) : a.tier,
    ownerId: a.ownerId,
    sinceDay: dayOf(a.since),
    lastVisitDay: dayOf(a.lastVisit),
    lastExecutiveDay: dayOf(a.lastExecutiveVisit),
  }));
  return planVisitItems(items, input.policy, nowDay, input.ownerLoad);
}
