import { effectKey } from "./action-values.ts";
import { type Budget, budgetFor, takeLargest } from "./budget.ts";
import {
  complianceSpec,
  type ManagerCompliance,
  paretoSpec,
  revenueConcentration,
  type SatisfactionPoint,
  satisfactionSpec,
  tierPieSpec,
} from "./digest-charts.ts";
import {
  buttonRow,
  callbackButton,
  card,
  chart,
  header,
  hr,
  markdown,
  type TableColumn,
  TIER_COLOR,
  table,
  urlButton,
} from "./elements.ts";
import { clipPlain, escapeMarkdown } from "./escape.ts";
import { signed } from "./format.ts";
import { both, type MessageKey, perLocale, t } from "./i18n.ts";
import type { Card, CardElement, L10n, Locale, Tier } from "./types.ts";

export type { ManagerCompliance, SatisfactionPoint } from "./digest-charts.ts";

export type TierMove = { accountId: string; name: string; from: Tier; to: Tier; reason: string };
export type AtRiskAccount = { accountId: string; name: string; tier: Tier; health: number; reason: string };

export type DigestData = {
  /** The period, e.g. "2026-W48"; also the period of the 完整列表 effect key. */
  week: string;
  tiers: Record<Tier, number>;
  tiersLastWeek: Record<Tier, number>;
  moves: TierMove[];
  /** Revenue per account (any order); concentration and the Pareto chart are computed from it. */
  revenues: number[];
  compliance: ManagerCompliance[];
  atRisk: AtRiskAccount[];
  satisfaction: SatisfactionPoint[];
  dataProblems: number;
  /** Bitable views opened by buttons; only http(s) links are used. */
  views: { label: string; url: string }[];
  /** Chart and table labels cannot carry i18n_content in Feishu, so they follow the reader's locale. */
  locale?: Locale;
};

const MAX_MOVES = 15;
const MAX_RISK_ROWS = 20;
const TIERS = ["A", "B", "C"] as const;
const RANK: Record<Tier, number> = { A: 0, B: 1, C: 2 };

const title = (key: MessageKey, vars = {}): CardElement =>
  markdown(perLocale((l) => `**${t(key, vars, l)}**`));
const note = (text: L10n): CardElement => markdown(text, { text_size: "notation" });

function tierDelta(d: DigestData): CardElement {
  return markdown(
    perLocale(
      (l) =>
        `${t("digest.vsLastWeek", {}, l)}${l === "zh_cn" ? "：" : ": "}${TIERS.map((tier) => {
          const delta = signed(d.tiers[tier] - d.tiersLastWeek[tier]);
          return `**${tier}** ${d.tiers[tier]}${l === "zh_cn" ? `（${delta}）` : ` (${delta})`}`;
        }).join(" · ")}`,
    ),
  );
}

/** A list of moves as one markdown block, as many lines as the budget allows, then "and N more". */
function movesBlock(key: MessageKey, moves: TierMove[], budget: Budget): CardElement[] {
  if (moves.length === 0) return [];
  const lines = moves
    .slice(0, MAX_MOVES)
    .map((m) => `**${m.from} → ${m.to}** ${escapeMarkdown(m.name, 40)} · ${escapeMarkdown(m.reason, 60)}`);
  const build = (n: number): CardElement[] => {
    const more = moves.length - n;
    return [
      title(key),
      markdown(
        perLocale((l) =>
          [...lines.slice(0, n), ...(more > 0 ? [t("more.hidden", { n: more }, l)] : [])].join("\n"),
        ),
      ),
    ];
  };
  return takeLargest(budget, lines.length, build)[1];
}

const riskRow = (r: AtRiskAccount): Record<string, unknown> => ({
  account: clipPlain(r.name, 60),
  tier: [{ text: r.tier, color: TIER_COLOR[r.tier] }],
  health: Math.round(r.health),
  reason: clipPlain(r.reason, 80),
});

function riskTable(d: DigestData, locale: Locale, budget: Budget): CardElement[] {
  if (d.atRisk.length === 0) return [note(both("digest.noRisk"))];
  const columns: TableColumn[] = [
    { name: "account", display_name: t("col.account", {}, locale), data_type: "text", width: "30%" },
    { name: "tier", display_name: t("col.tier", {}, locale), data_type: "options" },
    { name: "health", display_name: t("col.health", {}, locale), data_type: "number" },
    { name: "reason", display_name: t("col.reason", {}, locale), data_type: "text" },
  ];
  const rows = [...d.atRisk]
    .sort((a, b) => RANK[a.tier] - RANK[b.tier] || a.health - b.health)
    .slice(0, MAX_RISK_ROWS)
    .map(riskRow);
  const build = (n: number): CardElement[] => {
    const more = d.atRisk.length - n;
    return [
      title("digest.atRisk", { count: d.atRisk.length }),
      ...(n > 0 ? [table(columns, rows.slice(0, n), 10)] : []),
      ...(more > 0 ? [note(both("more.hidden", { n: more }))] : []),
    ];
  };
  return takeLargest(budget, rows.length, build)[1];
}

export function buildDigestCard(d: DigestData): Card {
  const locale = d.locale ?? "zh_cn";
  const total = TIERS.reduce((s, tier) => s + d.tiers[tier], 0);
  const vars = { week: d.week, total, atRisk: d.atRisk.length };
  const head = header(both("digest.title", vars), "indigo");
  const summary = both("digest.summary", vars);
  const conc = revenueConcentration(d.revenues, locale);
  const views = d.views.filter((v) => /^https?:\/\//.test(v.url)).slice(0, 4);
  const listValue = { action: "digest.list" as const, week: d.week, k: effectKey("digest.list", d.week) };

  const top: CardElement[] = [title("digest.tiers"), chart(tierPieSpec(d.tiers), "2:1"), tierDelta(d), hr()];
  const middle: CardElement[] = [
    hr(),
    title("digest.concentration"),
    markdown(both("digest.concentrationLine", { top5: conc.top5, top20: conc.top20 })),
    ...(conc.buckets.length > 0 ? [chart(paretoSpec(conc, locale))] : []),
    title("digest.compliance"),
    ...(d.compliance.length > 0
      ? [
          {
            ...chart(complianceSpec(d.compliance, locale)),
            height: `${Math.min(900, 80 + 22 * d.compliance.length)}px`,
          },
        ]
      : []),
    hr(),
  ];
  const bottom: CardElement[] = [
    hr(),
    title("digest.satisfaction"),
    ...(d.satisfaction.length > 0 ? [chart(satisfactionSpec(d.satisfaction))] : []),
    note(
      d.dataProblems > 0 ? both("digest.dataProblems", { n: d.dataProblems }) : both("digest.noDataProblems"),
    ),
    buttonRow([
      ...views.map((v) => urlButton({ zh_cn: v.label, en_us: v.label }, v.url)),
      callbackButton(both("btn.fullList"), listValue, "primary"),
    ]),
  ];

  const budget = budgetFor(
    card({ header: head, summary, elements: [...top, ...middle, ...bottom], wide: true }),
  );
  const up = d.moves.filter((m) => RANK[m.to] < RANK[m.from]);
  const down = d.moves.filter((m) => RANK[m.to] > RANK[m.from]);
  const moves = [
    ...movesBlock("digest.movesUp", up, budget),
    ...movesBlock("digest.movesDown", down, budget),
  ];
  const risk = riskTable(d, locale, budget);
  const elements = [
    ...top,
    ...(moves.length > 0 ? moves : [note(both("digest.noMoves"))]),
    ...middle,
    ...risk,
    ...bottom,
  ];
  return card({ header: head, summary, elements, wide: true });
}
