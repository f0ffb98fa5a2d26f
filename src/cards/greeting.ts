import { effectKey, FORM, type GreetingActionValue } from "./action-values.ts";
import { budgetFor } from "./budget.ts";
import { buttonRow, callbackButton, card, colored, header, markdown, tierTag } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { form, formButton, input } from "./form-elements.ts";
import { safeDate, shortStamp } from "./format.ts";
import { both, perLocale, t } from "./i18n.ts";
import type { Card, CardElement, L10n, Locale, RowStamp, Tier } from "./types.ts";

export type GreetingOutcome = { kind: "sent" | "group" | "skipped" } & RowStamp;

export type GreetingItem = {
  contactId: string;
  accountId: string;
  contactName: string;
  accountName: string;
  tier?: Tier;
  /** The contact's role, e.g. 采购总监. */
  title?: string;
  /** Suggested greeting, ready to send. */
  message: string;
  /** The account's group chat; without one there is no 发到客户群 button. */
  groupChatId?: string;
  outcome?: GreetingOutcome;
};

export type GreetingCardInput = {
  ownerName: string;
  /** `key` identifies the occasion in effect keys (e.g. "spring-festival-2026"), `label` is shown (e.g. 春节). */
  occasion: { key: string; label: string };
  /** yyyy-mm-dd */
  date: string;
  items: GreetingItem[];
  /** contactId whose row shows the edit form. */
  editing?: string;
};

function value(
  action: GreetingActionValue["action"],
  item: GreetingItem,
  occasion: string,
  edited = false,
): GreetingActionValue {
  const v: GreetingActionValue = {
    action,
    contactId: item.contactId,
    accountId: item.accountId,
    occasion,
    k: effectKey(action, item.contactId, occasion),
  };
  if (action === "greeting.group" && item.groupChatId) v.chatId = item.groupChatId;
  if (edited) v.edited = true;
  return v;
}

function outcomeText(o: GreetingOutcome, l: Locale): string {
  return t(`outcome.${o.kind}`, { by: escapeMarkdown(o.by, 40), at: shortStamp(o.at) }, l);
}

function rowText(item: GreetingItem, withMessage: boolean): L10n {
  const who = [escapeMarkdown(item.contactName, 40), item.title ? escapeMarkdown(item.title, 30) : ""].filter(
    Boolean,
  );
  const account = escapeMarkdown(item.accountName, 60);
  const message = escapeMarkdown(item.message, 300);
  return perLocale((l) => {
    const lines = [`${item.tier ? `${tierTag(item.tier)} ` : ""}**${who.join(" · ")}** · ${account}`];
    if (withMessage) lines.push(colored("grey", message));
    if (item.outcome)
      lines.push(colored(item.outcome.kind === "skipped" ? "grey" : "green", outcomeText(item.outcome, l)));
    return lines.join("\n");
  });
}

function rowElements(item: GreetingItem, occasion: string): CardElement[] {
  if (item.outcome) return [markdown(rowText(item, false))];
  const buttons = [callbackButton(both("btn.sent"), value("greeting.sent", item, occasion), "primary")];
  if (item.groupChatId)
    buttons.push(callbackButton(both("btn.group"), value("greeting.group", item, occasion)));
  buttons.push(callbackButton(both("btn.edit"), value("greeting.edit", item, occasion)));
  buttons.push(callbackButton(both("btn.skip"), value("greeting.skip", item, occasion), "text"));
  return [markdown(rowText(item, true)), buttonRow(buttons)];
}

/** The row being edited: a root-level form whose submit buttons send the edited text. */
function editElements(item: GreetingItem, occasion: string): CardElement[] {
  const f = FORM.greeting;
  const submits = [
    formButton(f.sent, both("btn.sent"), "submit", value("greeting.sent", item, occasion, true)),
  ];
  if (item.groupChatId) {
    submits.push(
      formButton(
        f.group,
        both("btn.group"),
        "submit",
        value("greeting.group", item, occasion, true),
        "primary",
      ),
    );
  }
  return [
    markdown(rowText(item, false)),
    form(f.form, [
      input({
        name: f.text,
        label: both("greeting.message"),
        required: true,
        multiline: true,
        defaultValue: item.message,
      }),
      buttonRow(submits),
    ]),
  ];
}

export function buildGreetingCard(input: GreetingCardInput): Card {
  const occasion = input.occasion.key;
  const pending = input.items.filter((i) => !i.outcome).length;
  const vars = { occasion: input.occasion.label, owner: input.ownerName, count: pending, date: input.date };
  const allDone = input.items.length > 0 && pending === 0;
  const head = header(both("greeting.title", vars), allDone ? "green" : "turquoise");
  const summary = both("greeting.summary", vars);
  const intro = markdown(both("greeting.intro", { count: input.items.length, date: safeDate(input.date) }));
  const editing = input.items.find((i) => i.contactId === input.editing && !i.outcome);
  const fixed = [intro, ...(editing ? editElements(editing, occasion) : [])];
  const budget = budgetFor(
    card({ header: head, summary, elements: [...fixed, moreLine(input.items.length)] }),
  );
  const rows: CardElement[] = [];
  let hidden = 0;
  for (const item of input.items) {
    if (item === editing) continue;
    const els = rowElements(item, occasion);
    if (hidden === 0 && budget.take(els)) rows.push(...els);
    else hidden += 1;
  }
  return card({
    header: head,
    summary,
    elements: [...fixed, ...rows, ...(hidden > 0 ? [moreLine(hidden)] : [])],
  });
}

function moreLine(n: number): CardElement {
  return markdown(both("more.hidden", { n }), { text_size: "notation" });
}

export function markGreetingRow(
  input: GreetingCardInput,
  contactId: string,
  outcome: GreetingOutcome,
): GreetingCardInput {
  const { editing: _closed, ...rest } = input;
  return { ...rest, items: input.items.map((i) => (i.contactId === contactId ? { ...i, outcome } : i)) };
}
