import { idRanks } from "./account-index.ts";
import { nextWorkingDayNumber } from "./calendar.ts";
import { dayOf, isoOf } from "./dates.ts";
import type { Policy } from "./policy.ts";
import type { IsoDate, Tier, VisitHold } from "./types.ts";

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
  visitHold?: VisitHold;
};

export type VisitPlan = {
  accountId: string;
  /**
   * Last visit (else `since`, else now) + cadence, moved to a working day.
   * States count from here, not from the spread day, so spreading a busy
   * manager's week never makes a late visit look on time.
   */
  cadenceDue: IsoDate;
  /** `cadenceDue` after spreading each manager's load; the day the reminder names. */
  nextVisitDue: IsoDate;
  executiveDue?: IsoDate;
  state: VisitState;
  daysOverdue: number;
};

/** Visits already booked: ownerId → day → count. */
export type OwnerLoad = Readonly<Record<string, Readonly<Record<IsoDate, number>>>>;

/** Day-number form used by the engine: parallel arrays by account position; NaN = unknown. */
export type PlanRows = {
  ids: readonly string[];
  tiers: readonly Tier[];
  owners: readonly (string | undefined)[];
  sinceDay: Float64Array;
  lastVisitDay: Float64Array;
  lastExecutiveDay: Float64Array;
  holds?: readonly (VisitHold | undefined)[];
};

/** Day numbers per position; `executiveDue` is NaN for tiers without executive visits. */
export type PlanDays = { cadenceDue: Float64Array; nextVisitDue: Float64Array; executiveDue: Float64Array };

const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

export function visitStateOf(daysPastDue: number, policy: Policy): VisitState {
  if (daysPastDue >= policy.escalateDays) return "escalate";
  if (daysPastDue >= policy.overdueDays) return "overdue";
  if (daysPastDue >= 0) return "due";
  return -daysPastDue <= policy.upcomingDays ? "upcoming" : "ok";
}

function firstKnown(a: number, b: number, c: number): number {
  return Number.isNaN(a) ? (Number.isNaN(b) ? c : b) : a;
}

function loadByOwner(ownerLoad: OwnerLoad): Map<string, Map<number, number>> {
  const load = new Map<string, Map<number, number>>();
  for (const [owner, days] of Object.entries(ownerLoad)) {
    const perDay = new Map<number, number>();
    for (const [iso, count] of Object.entries(days)) {
      const day = dayOf(iso);
      if (!Number.isNaN(day) && count > 0) perDay.set(day, count);
    }
    load.set(owner, perDay);
  }
  return load;
}

/**
 * Spreading is deterministic: held days first, then accounts take days in order of tier, then id;
 * a day already holding `maxVisitsPerManagerPerDay` for that manager pushes
 * the visit to the next working day. Accounts without an owner are not capped.
 */
export function planVisitDays(
  rows: PlanRows,
  policy: Policy,
  nowDay: number,
  ownerLoad: OwnerLoad = {},
  idRank: Int32Array = idRanks(rows.ids.map((id) => ({ id }))),
): PlanDays {
  const n = rows.ids.length;
  const cadenceDue = new Float64Array(n);
  const executiveDue = new Float64Array(n).fill(Number.NaN);
  // A day a person chose is kept as it is (it still counts towards the manager's load).
  const fixed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const tier = rows.tiers[i]!;
    const base = firstKnown(rows.lastVisitDay[i]!, rows.sinceDay[i]!, nowDay);
    cadenceDue[i] = nextWorkingDayNumber(base + policy.cadence[tier]);
    const held = heldDay(rows.holds?.[i], rows.lastVisitDay[i]!, cadenceDue[i]!);
    if (held !== undefined) {
      cadenceDue[i] = held;
      fixed[i] = 1;
    }
    const executiveDays = policy.executiveVisitDays[tier];
    if (executiveDays > 0) {
      const executiveBase = firstKnown(rows.lastExecutiveDay[i]!, rows.sinceDay[i]!, nowDay);
      executiveDue[i] = nextWorkingDayNumber(executiveBase + executiveDays);
    }
  }

  const order = Array.from({ length: n }, (_, i) => i);
  // Days people chose are booked first, then the rest by tier and id.
  order.sort(
    (a, b) =>
      fixed[b]! - fixed[a]! ||
      TIER_ORDER[rows.tiers[a]!] - TIER_ORDER[rows.tiers[b]!] ||
      idRank[a]! - idRank[b]!,
  );
  const load = loadByOwner(ownerLoad);
  const nextVisitDue = new Float64Array(n);
  const cap = policy.maxVisitsPerManagerPerDay;
  for (const i of order) {
    const owner = rows.owners[i];
    let day = cadenceDue[i]!;
    if (owner) {
      const perDay = load.get(owner) ?? new Map<number, number>();
      load.set(owner, perDay);
      while (!fixed[i] && (perDay.get(day) ?? 0) >= cap) day = nextWorkingDayNumber(day + 1);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    nextVisitDue[i] = day;
  }
  return { cadenceDue, nextVisitDue, executiveDue };
}

/** A hold lasts until a visit is logged on or after the day it was set. */
export function holdInForce(hold: VisitHold | undefined, lastVisitDay: number): hold is VisitHold {
  return hold !== undefined && !(lastVisitDay >= dayOf(hold.setOn));
}

/** The held day, while the hold is in force and would change the cadence's date. */
function heldDay(hold: VisitHold | undefined, lastVisitDay: number, cadenceDay: number): number | undefined {
  if (!holdInForce(hold, lastVisitDay)) return undefined;
  const due = dayOf(hold.due);
  if (Number.isNaN(due)) return undefined;
  return hold.kind === "snooze" || due < cadenceDay ? due : undefined;
}

/** Visit plan per account, in input order. Unreadable dates count as unknown; an unknown tier as C. */
export function planVisits(input: {
  accounts: readonly PlanAccount[];
  policy: Policy;
  now: IsoDate;
  ownerLoad?: OwnerLoad;
}): VisitPlan[] {
  const { accounts, policy } = input;
  const nowDay = dayOf(input.now);
  if (Number.isNaN(nowDay)) return [];
  const rows: PlanRows = {
    ids: accounts.map((a) => a.id),
    tiers: accounts.map((a) => (TIER_ORDER[a.tier] === undefined ? "C" : a.tier)),
    owners: accounts.map((a) => a.ownerId),
    sinceDay: Float64Array.from(accounts, (a) => dayOf(a.since)),
    lastVisitDay: Float64Array.from(accounts, (a) => dayOf(a.lastVisit)),
    lastExecutiveDay: Float64Array.from(accounts, (a) => dayOf(a.lastExecutiveVisit)),
    holds: accounts.map((a) => a.visitHold),
  };
  const days = planVisitDays(rows, policy, nowDay, input.ownerLoad, idRanks(accounts));
  return accounts.map((a, i) => visitPlanAt(a.id, days, i, nowDay, policy));
}

function visitPlanAt(
  accountId: string,
  days: PlanDays,
  i: number,
  nowDay: number,
  policy: Policy,
): VisitPlan {
  const past = nowDay - days.cadenceDue[i]!;
  const executive = days.executiveDue[i]!;
  return {
    accountId,
    cadenceDue: isoOf(days.cadenceDue[i]!),
    nextVisitDue: isoOf(days.nextVisitDue[i]!),
    executiveDue: Number.isNaN(executive) ? undefined : isoOf(executive),
    state: visitStateOf(past, policy),
    daysOverdue: Math.max(0, past),
  };
}
