import type { EscalationCardInput, EscalationItem } from "../../cards/escalation.ts";
import type { ReminderCardInput, ReminderItem } from "../../cards/reminder.ts";
import { visitStateOf } from "../../domain/cadence.ts";
import { daysBetween } from "../../domain/dates.ts";
import type { Policy } from "../../domain/policy.ts";
import type { IsoDate } from "../../domain/types.ts";
import type { BookAccount } from "./account-book.ts";

/** Someone a card goes to, as the contact directory knows them. */
export type Person = { openId: string; name: string; leaderOpenId?: string };

export type PlannedReminder = { key: string; managerOpenId: string; input: ReminderCardInput };
export type PlannedEscalation = {
  key: string;
  leaderOpenId: string;
  managerOpenIds: string[];
  input: EscalationCardInput;
};
export type ReminderPlan = {
  date: IsoDate;
  reminders: PlannedReminder[];
  escalations: PlannedEscalation[];
  /** Account codes needing a visit but without a 负责人. */
  unowned: string[];
  /** Managers with escalated accounts but no leader in the directory. */
  noLeader: string[];
};

type ActiveState = "due" | "overdue" | "escalate";
const SEVERITY: Record<ActiveState, number> = { due: 0, overdue: 1, escalate: 2 };

export function reminderKey(managerOpenId: string, date: IsoDate): string {
  return `reminder:${managerOpenId}:${date}`;
}

export function escalationKey(leaderOpenId: string, isoWeek: string): string {
  return `escalation:${leaderOpenId}:${isoWeek}`;
}

/**
 * The state a reminder shows: what the sync wrote in 拜访状态, or — when 下次拜访 has passed since the
 * sync last ran — what that date says; the more urgent of the two. Undefined: nothing to do today.
 */
export function reminderState(account: BookAccount, today: IsoDate, policy: Policy): ActiveState | undefined {
  const stored = account.visitState;
  const fromStore = stored === "due" || stored === "overdue" || stored === "escalate" ? stored : undefined;
  let fromDate: ActiveState | undefined;
  if (account.nextVisitDue && account.nextVisitDue <= today) {
    const s = visitStateOf(daysBetween(account.nextVisitDue, today), policy);
    if (s === "due" || s === "overdue" || s === "escalate") fromDate = s;
  }
  if (!fromStore) return fromDate;
  if (!fromDate) return fromStore;
  return SEVERITY[fromDate] > SEVERITY[fromStore] ? fromDate : fromStore;
}

function itemOf(account: BookAccount, state: ActiveState, today: IsoDate, nextStep?: string): ReminderItem {
  const item: ReminderItem = {
    accountId: account.code,
    recordId: account.recordId,
    name: account.name,
    tier: account.tier,
    daysOverdue:
      account.nextVisitDue && account.nextVisitDue < today ? daysBetween(account.nextVisitDue, today) : 0,
    state,
  };
  if (account.lastVisit) item.lastVisit = account.lastVisit;
  if (nextStep) item.nextStep = nextStep;
  return item;
}

/**
 * Who gets which card today (pure): each manager ONE reminder card listing all their due, overdue and
 * escalated accounts; each leader one escalation card per ISO week covering their managers' escalations.
 */
export function planReminders(input: {
  accounts: readonly BookAccount[];
  nextSteps: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, Person>;
  today: IsoDate;
  isoWeek: string;
  policy: Policy;
}): ReminderPlan {
  const { today, people } = input;
  const byManager = new Map<string, ReminderItem[]>();
  const unowned: string[] = [];
  for (const account of input.accounts) {
    const state = reminderState(account, today, input.policy);
    if (!state) continue;
    if (!account.ownerId) {
      unowned.push(account.code);
      continue;
    }
    const items = byManager.get(account.ownerId) ?? [];
    items.push(itemOf(account, state, today, input.nextSteps.get(account.code)));
    byManager.set(account.ownerId, items);
  }
  const managers = [...byManager.keys()].sort();
  const nameOf = (openId: string) => people.get(openId)?.name || "客户经理";
  const reminders = managers.map((managerOpenId) => ({
    key: reminderKey(managerOpenId, today),
    managerOpenId,
    input: { managerName: nameOf(managerOpenId), date: today, items: byManager.get(managerOpenId)! },
  }));

  const byLeader = new Map<string, { managers: string[]; rows: { item: ReminderItem; manager: string }[] }>();
  const noLeader: string[] = [];
  for (const manager of managers) {
    const escalated = byManager.get(manager)!.filter((i) => i.state === "escalate");
    if (escalated.length === 0) continue;
    const leader = people.get(manager)?.leaderOpenId;
    if (!leader) {
      noLeader.push(manager);
      continue;
    }
    const group = byLeader.get(leader) ?? { managers: [], rows: [] };
    group.managers.push(manager);
    for (const item of escalated) group.rows.push({ item, manager });
    byLeader.set(leader, group);
  }
  const escalations = [...byLeader.entries()].map(([leaderOpenId, group]) => {
    const several = group.managers.length > 1;
    // Table cells are plain text (not markdown), so the manager's name can sit beside the account's.
    const items = group.rows.map(({ item, manager }) =>
      escalationItem(item, several ? `${item.name}（${nameOf(manager)}）` : item.name),
    );
    return {
      key: escalationKey(leaderOpenId, input.isoWeek),
      leaderOpenId,
      managerOpenIds: group.managers,
      input: {
        leaderName: nameOf(leaderOpenId),
        managerName: group.managers.map(nameOf).join("、"),
        date: today,
        items,
      },
    };
  });
  return { date: today, reminders, escalations, unowned, noLeader };
}

function escalationItem(item: ReminderItem, name: string): EscalationItem {
  const out: EscalationItem = {
    accountId: item.accountId,
    recordId: item.recordId,
    name,
    tier: item.tier,
    daysOverdue: item.daysOverdue,
  };
  if (item.lastVisit) out.lastVisit = item.lastVisit;
  if (item.nextStep) out.nextStep = item.nextStep;
  return out;
}
