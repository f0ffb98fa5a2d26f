import { buttonRow, callbackButton, colored, markdown, tierTag } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { safeDate, shortStamp } from "./format.ts";
import { both, perLocale, t } from "./i18n.ts";
import { visitValue } from "./reminder-forms.ts";
import type { CardElement, L10n, Locale, RowStamp, Tier, VisitState } from "./types.ts";

/** Rows of the reminder card: a full row with buttons, its handled form, and the one-line overflow form. */

export type ReminderOutcome =
  | ({ kind: "logged" } & RowStamp)
  | ({ kind: "snoozed"; days: number } & RowStamp)
  | ({ kind: "reassigned"; to?: string } & RowStamp);

export type ReminderItem = {
  accountId: string;
  recordId: string;
  name: string;
  tier: Tier;
  /** yyyy-mm-dd */
  lastVisit?: string;
  daysOverdue: number;
  state: VisitState;
  nextStep?: string;
  outcome?: ReminderOutcome;
};

export function reminderOutcomeText(outcome: ReminderOutcome, locale: Locale): string {
  const stamp = { by: escapeMarkdown(outcome.by, 40), at: shortStamp(outcome.at) };
  if (outcome.kind === "logged") return t("outcome.logged", stamp, locale);
  if (outcome.kind === "snoozed") return t("outcome.snoozed", { ...stamp, days: outcome.days }, locale);
  return outcome.to
    ? t("outcome.reassignedTo", { ...stamp, to: escapeMarkdown(outcome.to, 40) }, locale)
    : t("outcome.reassigned", stamp, locale);
}

function rowText(item: ReminderItem): L10n {
  const name = escapeMarkdown(item.name, 60);
  const next = item.nextStep ? escapeMarkdown(item.nextStep, 80) : undefined;
  return perLocale((l) => {
    const visited = item.lastVisit
      ? t("row.lastVisit", { date: safeDate(item.lastVisit) }, l)
      : t("row.neverVisited", {}, l);
    const late =
      item.daysOverdue > 0 ? t("row.daysOverdue", { days: item.daysOverdue }, l) : t("row.dueToday", {}, l);
    const lines = [`${tierTag(item.tier)} **${name}** · ${visited} · ${late}`];
    if (next) lines.push(t("row.nextStep", { text: next }, l));
    if (item.outcome) lines.push(colored("green", reminderOutcomeText(item.outcome, l)));
    return lines.join("\n");
  });
}

/** The row of an account once it has been handled: its text and the outcome, no buttons. */
export function reminderLoggedRow(item: ReminderItem, outcome: ReminderOutcome): CardElement {
  return markdown(rowText({ ...item, outcome }));
}

export function rowElements(item: ReminderItem, date: string): CardElement[] {
  if (item.outcome) return [markdown(rowText(item))];
  const ref = { accountId: item.accountId, recordId: item.recordId, date };
  return [
    markdown(rowText(item)),
    buttonRow([
      callbackButton(both("btn.log"), visitValue("visit.log", "open", ref), "primary"),
      callbackButton(both("btn.snooze"), visitValue("visit.snooze", "open", ref)),
      callbackButton(both("btn.reassign"), visitValue("visit.reassign", "open", ref)),
    ]),
  ];
}

/** One line per account once the card runs out of room for buttons. */
export function compactLine(item: ReminderItem): L10n {
  const name = escapeMarkdown(item.name, 40);
  return perLocale((l) => {
    const late =
      item.daysOverdue > 0 ? t("row.daysOverdue", { days: item.daysOverdue }, l) : t("row.dueToday", {}, l);
    return `**${item.tier}** ${name} · ${late}${item.outcome ? " ✓" : ""}`;
  });
}

export function joinLines(lines: L10n[]): CardElement {
  return markdown(perLocale((l) => lines.map((line) => line[l]).join("\n")));
}
