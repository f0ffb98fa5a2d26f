import { FORM, snoozeFormSchema } from "../cards/action-values.ts";
import { toasts } from "../cards/status.ts";
import type { CardActionHandler } from "../deps.ts";
import { writeAccount } from "../jobs/reminders/account-book.ts";
import { readPolicy } from "../jobs/reminders/policy-source.ts";
import { holdVisit } from "../jobs/sync/visit-holds.ts";
import type { Services } from "../services.ts";
import { noteOnAccount } from "./account-notes.ts";
import { visitActionHandler } from "./visit-action.ts";
import { accountAfterSnooze } from "./visit-outcomes.ts";

const f = FORM.snooze;

/** 推迟: 3 or 7 days with a reason; 下次拜访 moves to the working day that many days from today. */
export function visitSnoozeAction(services: Services): CardActionHandler {
  return visitActionHandler(services, {
    action: "visit.snooze",
    mode: "snooze",
    form: snoozeFormSchema,
    labels: { [f.days]: "snooze.days", [f.reason]: "snooze.reason" },
    async apply({ services, form, account, today, stamp, operator }) {
      const days = form[f.days];
      const change = accountAfterSnooze(days, today, await readPolicy(services));
      await holdVisit(services.ledger, account.code, {
        kind: "snooze",
        due: change.nextVisitDue,
        setOn: today,
      });
      await writeAccount(services, account.recordId, change);
      await noteOnAccount(services.ledger, account.recordId, {
        at: stamp.at,
        by: operator.openId,
        kind: "snoozed",
        text: form[f.reason],
        detail: { days, from: account.nextVisitDue ?? "", to: change.nextVisitDue },
      });
      return { outcome: { kind: "snoozed", days, ...stamp }, toast: toasts.snoozed(days) };
    },
  });
}
