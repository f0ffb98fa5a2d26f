import { effectKey, FORM, SNOOZE_DAYS, type VisitActionValue } from "./action-values.ts";
import { buttonRow } from "./elements.ts";
import { form, formButton, input, selectPerson, selectStatic } from "./form-elements.ts";
import { both } from "./i18n.ts";
import type { CardElement } from "./types.ts";

export type RowRef = { accountId: string; recordId: string; date: string };

export function visitValue(
  action: VisitActionValue["action"],
  step: VisitActionValue["step"],
  row: RowRef,
): VisitActionValue {
  const k = effectKey(step === "open" ? `${action}.open` : action, row.recordId, row.date);
  return { action, step, accountId: row.accountId, recordId: row.recordId, date: row.date, k };
}

/** Snooze by 3 or 7 days with a reason the manager must give. */
export function snoozeFormElement(row: RowRef): CardElement {
  const f = FORM.snooze;
  return form(f.form, [
    selectStatic({
      name: f.days,
      placeholder: both("snooze.days"),
      options: SNOOZE_DAYS.map((days) => ({ value: String(days), label: both("snooze.option", { days }) })),
      required: true,
      initial: String(SNOOZE_DAYS[0]),
    }),
    input({ name: f.reason, label: both("snooze.reason"), required: true, maxLength: 500 }),
    buttonRow([
      formButton(f.submit, both("btn.snooze"), "submit", visitValue("visit.snooze", "submit", row)),
    ]),
  ]);
}

/** Hand the account to a colleague; candidates are open_ids (empty: members of the chat). */
export function reassignFormElement(row: RowRef, candidates: readonly string[]): CardElement {
  const f = FORM.reassign;
  return form(f.form, [
    selectPerson({ name: f.to, placeholder: both("reassign.to"), candidates, required: true }),
    input({ name: f.reason, label: both("reassign.reason"), maxLength: 500 }),
    buttonRow([
      formButton(f.submit, both("btn.reassign"), "submit", visitValue("visit.reassign", "submit", row)),
    ]),
  ]);
}
