import { planVisits, visitStateOf } from "../domain/cadence.ts";
import { nextWorkingDay } from "../domain/calendar.ts";
import { addDays, daysBetween } from "../domain/dates.ts";
import type { Policy } from "../domain/policy.ts";
import type { IsoDate } from "../domain/types.ts";
import type { AccountWrite, BookAccount } from "../jobs/reminders/account-book.ts";

/** What a logged visit does to the account: the latest visit moves on, the cadence gives the next due. */
export function accountAfterVisit(
  account: BookAccount,
  visitDate: IsoDate,
  today: IsoDate,
  policy: Policy,
): Required<Pick<AccountWrite, "lastVisit" | "nextVisitDue" | "visitState">> {
  const lastVisit = account.lastVisit && account.lastVisit > visitDate ? account.lastVisit : visitDate;
  const [plan] = planVisits({
    accounts: [{ id: account.code, tier: account.tier, lastVisit }],
    policy,
    now: today,
  });
  return { lastVisit, nextVisitDue: plan!.nextVisitDue, visitState: plan!.state };
}

/** A snooze moves 下次拜访 `days` ahead of today, onto a working day. */
export function accountAfterSnooze(
  days: number,
  today: IsoDate,
  policy: Policy,
): Required<Pick<AccountWrite, "nextVisitDue" | "visitState">> {
  const nextVisitDue = nextWorkingDay(addDays(today, days));
  return { nextVisitDue, visitState: visitStateOf(-daysBetween(today, nextVisitDue), policy) };
}
