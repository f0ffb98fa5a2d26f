import { budgetFor, takeLargest } from "./budget.ts";
import {
  buttonRow,
  card,
  header,
  markdown,
  type TableColumn,
  TIER_COLOR,
  table,
  urlButton,
} from "./elements.ts";
import { clipPlain, escapeMarkdown } from "./escape.ts";
import { both, same, t } from "./i18n.ts";
import type { Card, CardElement, Locale, Tier } from "./types.ts";

export type EscalationItem = {
  accountId: string;
  recordId: string;
  name: string;
  tier: Tier;
  /** yyyy-mm-dd */
  lastVisit?: string;
  daysOverdue: number;
  nextStep?: string;
};

export type EscalationCardInput = {
  leaderName: string;
  managerName: string;
  /** yyyy-mm-dd */
  date: string;
  items: EscalationItem[];
  /** Table headers cannot carry i18n_content in Feishu, so they follow the leader's locale. */
  locale?: Locale;
  listUrl?: string;
};

function columns(locale: Locale): TableColumn[] {
  return [
    { name: "account", display_name: t("col.account", {}, locale), data_type: "text", width: "30%" },
    { name: "tier", display_name: t("col.tier", {}, locale), data_type: "options" },
    { name: "last_visit", display_name: t("col.lastVisit", {}, locale), data_type: "text" },
    { name: "days_overdue", display_name: t("col.daysOverdue", {}, locale), data_type: "number" },
    { name: "next_step", display_name: t("col.nextStep", {}, locale), data_type: "text" },
  ];
}

function row(item: EscalationItem): Record<string, unknown> {
  return {
    account: clipPlain(item.name, 60),
    tier: [{ text: item.tier, color: TIER_COLOR[item.tier] }],
    last_visit: item.lastVisit ? clipPlain(item.lastVisit, 20) : "—",
    days_overdue: item.daysOverdue,
    next_step: item.nextStep ? clipPlain(item.nextStep, 80) : "",
  };
}

export function buildEscalationCard(input: EscalationCardInput): Card {
  const locale = input.locale ?? "zh_cn";
  const count = input.items.length;
  const names = { manager: input.managerName, count };
  const head = header(both("escalation.title", names), "red", same(input.date));
  const summary = both("escalation.summary", names);
  const intro = markdown(
    both("escalation.intro", {
      leader: escapeMarkdown(input.leaderName, 40),
      manager: `**${escapeMarkdown(input.managerName, 40)}**`,
      count,
    }),
  );
  const items = [...input.items].sort((a, b) => b.daysOverdue - a.daysOverdue);
  const footer = (hidden: number): CardElement[] => [
    ...(hidden > 0 ? [markdown(both("more.hidden", { n: hidden }), { text_size: "notation" })] : []),
    ...(input.listUrl ? [buttonRow([urlButton(both("btn.fullList"), input.listUrl)])] : []),
  ];
  const budget = budgetFor(card({ header: head, summary, elements: [intro] }));
  const rows = items.map(row);
  const build = (n: number): CardElement[] => [
    ...(n > 0 ? [table(columns(locale), rows.slice(0, n))] : []),
    ...footer(count - n),
  ];
  const [, shown] = takeLargest(budget, rows.length, build);
  return card({ header: head, summary, elements: [intro, ...shown] });
}
