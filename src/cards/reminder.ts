import { budgetFor, byteLength } from "./budget.ts";
import {
  buttonRow,
  callbackButton,
  card,
  colored,
  header,
  hr,
  markdown,
  tierTag,
  urlButton,
} from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { safeDate, shortStamp } from "./format.ts";
import { both, perLocale, t } from "./i18n.ts";
import { reassignFormElement, snoozeFormElement, visitValue } from "./reminder-forms.ts";
import type { Card, CardElement, HeaderTemplate, L10n, Locale, RowStamp, Tier, VisitState } from "./types.ts";
import { visitFormElement } from "./visit-form.ts";

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

export type ReminderCardInput = {
  managerName: string;
  /** The reminder's day, yyyy-mm-dd. */
  date: string;
  /** Items in state "upcoming" are not shown. */
  items: ReminderItem[];
  /** The row whose form is shown at the top of the card (after its button was pressed). */
  open?: { recordId: string; mode: "log" | "snooze" | "reassign" };
  /** open_ids offered by 转交; empty lets Feishu offer the chat's members. */
  reassignCandidates?: string[];
  /** A Bitable view with the whole list. */
  listUrl?: string;
};

const GROUPS = ["escalate", "overdue", "due"] as const;
/** Rows with buttons cost ~1.3 KB each; past this many, one-line entries give a fuller overview instead. */
const MAX_BUTTON_ROWS = 15;
const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

function byUrgency(a: ReminderItem, b: ReminderItem): number {
  return (
    b.daysOverdue - a.daysOverdue || TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.name.localeCompare(b.name)
  );
}

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

function rowElements(item: ReminderItem, date: string): CardElement[] {
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
function compactLine(item: ReminderItem): L10n {
  const name = escapeMarkdown(item.name, 40);
  return perLocale((l) => {
    const late =
      item.daysOverdue > 0 ? t("row.daysOverdue", { days: item.daysOverdue }, l) : t("row.dueToday", {}, l);
    return `**${item.tier}** ${name} · ${late}${item.outcome ? " ✓" : ""}`;
  });
}

function joinLines(lines: L10n[]): CardElement {
  return markdown(perLocale((l) => lines.map((line) => line[l]).join("\n")));
}

function openSection(input: ReminderCardInput, item: ReminderItem): CardElement[] {
  const open = input.open!;
  const ref = { accountId: item.accountId, recordId: item.recordId, date: input.date };
  const name = escapeMarkdown(item.name, 60);
  const heading = markdown(
    perLocale((l) => `${tierTag(item.tier)} ${t("reminder.working", { account: `**${name}**` }, l)}`),
  );
  const body =
    open.mode === "log"
      ? visitFormElement({
          ...ref,
          accountName: item.name,
          tier: item.tier,
          ...(item.nextStep ? { nextStep: item.nextStep } : {}),
        })
      : open.mode === "snooze"
        ? snoozeFormElement(ref)
        : reassignFormElement(ref, input.reassignCandidates ?? []);
  return [heading, body, hr()];
}

function footer(hidden: number, listUrl: string | undefined): CardElement[] {
  const els: CardElement[] = [];
  if (hidden > 0) els.push(markdown(both("more.hidden", { n: hidden }), { text_size: "notation" }));
  if (listUrl) els.push(buttonRow([urlButton(both("btn.fullList"), listUrl)]));
  return els;
}

function template(active: ReminderItem[], counts: Record<(typeof GROUPS)[number], number>): HeaderTemplate {
  if (active.length > 0 && active.every((i) => i.outcome)) return "green";
  return counts.escalate > 0 ? "red" : counts.overdue > 0 ? "orange" : "blue";
}

export function buildReminderCard(input: ReminderCardInput): Card {
  const active = input.items.filter((i) => i.state !== "upcoming");
  const counts = { escalate: 0, overdue: 0, due: 0 };
  for (const i of active) counts[i.state as keyof typeof counts] += 1;
  const vars = { ...counts, manager: input.managerName, date: input.date };
  const opened = input.open && active.find((i) => i.recordId === input.open?.recordId && !i.outcome);
  const fixed = opened ? openSection(input, opened) : [];
  const head = header(
    both("reminder.title", vars),
    template(active, counts),
    both("reminder.subtitle", vars),
  );
  const summary = both("reminder.summary", vars);
  if (active.length === 0)
    return card({ header: head, summary, elements: [markdown(both("reminder.empty"))] });

  const budget = budgetFor(
    card({ header: head, summary, elements: [...fixed, ...footer(active.length, input.listUrl)] }),
  );
  const rows: CardElement[] = [];
  let hidden = 0;
  let compact = false;
  let full = false;
  let buttonRows = 0;
  for (const state of GROUPS) {
    const group = active.filter((i) => i.state === state && i !== opened).sort(byUrgency);
    if (group.length === 0) continue;
    const heading = markdown(
      perLocale(
        (l) => `**${t("reminder.group", { state: t(`state.${state}`, {}, l), count: counts[state] }, l)}**`,
      ),
    );
    if (full || !budget.take([heading])) {
      full = true;
      hidden += group.length;
      continue;
    }
    rows.push(heading);
    let block: { index: number; lines: L10n[] } | undefined;
    for (const item of group) {
      if (full) {
        hidden += 1;
        continue;
      }
      if (!compact) {
        const els = rowElements(item, input.date);
        if (buttonRows < MAX_BUTTON_ROWS && budget.take(els)) {
          if (!item.outcome) buttonRows += 1;
          rows.push(...els);
          continue;
        }
        compact = true;
      }
      const line = compactLine(item);
      if (block) {
        const grown = joinLines([...block.lines, line]);
        if (budget.takeCost(0, byteLength(grown) - byteLength(rows[block.index]))) {
          rows[block.index] = grown;
          block.lines.push(line);
          continue;
        }
      } else {
        const el = joinLines([line]);
        if (budget.take([el])) {
          block = { index: rows.length, lines: [line] };
          rows.push(el);
          continue;
        }
      }
      full = true;
      hidden += 1;
    }
  }
  return card({ header: head, summary, elements: [...fixed, ...rows, ...footer(hidden, input.listUrl)] });
}

/** State update after an action: the row shows its outcome and any open form closes. */
export function markReminderRow(
  input: ReminderCardInput,
  recordId: string,
  outcome: ReminderOutcome,
): ReminderCardInput {
  const { open: _closed, ...rest } = input;
  return { ...rest, items: input.items.map((i) => (i.recordId === recordId ? { ...i, outcome } : i)) };
}
