import { budgetFor, wireBytes } from "./budget.ts";
import { buttonRow, card, header, hr, markdown, tierTag, urlButton } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { both, perLocale, t } from "./i18n.ts";
import { reassignFormElement, snoozeFormElement } from "./reminder-forms.ts";
import {
  compactLine,
  joinLines,
  type ReminderItem,
  type ReminderOutcome,
  rowElements,
} from "./reminder-rows.ts";
import type { Card, CardElement, HeaderTemplate, L10n, Tier } from "./types.ts";
import { visitFormElement } from "./visit-form.ts";

export {
  type ReminderItem,
  type ReminderOutcome,
  reminderLoggedRow,
  reminderOutcomeText,
} from "./reminder-rows.ts";

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
/** A row with buttons costs over 1 KB; past this many, one-line entries give a fuller overview instead. */
const MAX_BUTTON_ROWS = 12;
const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

function byUrgency(a: ReminderItem, b: ReminderItem): number {
  return (
    b.daysOverdue - a.daysOverdue || TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.name.localeCompare(b.name)
  );
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
        if (budget.takeCost(0, wireBytes(grown) - wireBytes(rows[block.index]))) {
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
