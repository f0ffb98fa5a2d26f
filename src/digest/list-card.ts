import { budgetFor } from "../cards/budget.ts";
import type { AtRiskAccount, TierMove } from "../cards/digest.ts";
import { card, header, markdown } from "../cards/elements.ts";
import { escapeMarkdown } from "../cards/escape.ts";
import { percent } from "../cards/format.ts";
import { same } from "../cards/i18n.ts";
import type { Card, CardElement, L10n } from "../cards/types.ts";
import { TIERS, type Tier } from "../domain/types.ts";
import type { ComplianceRow } from "./compliance.ts";
import type { DigestReport } from "./digest-data.ts";
import type { MonthSatisfaction } from "./satisfaction.ts";
import type { TierCounts } from "./tiers.ts";

/** What a 完整列表 click answers with; kept in the ledger when the digest is sent. */
export type DigestLists = {
  week: string;
  /** "company" or the leader's open_id. */
  scope: string;
  /** Who the digest is about: the leader's name, or 全公司. */
  title: string;
  tiers: TierCounts;
  tierSpendShare: TierCounts;
  moves: TierMove[];
  atRisk: AtRiskAccount[];
  compliance: ComplianceRow[];
  months: MonthSatisfaction[];
};

export function digestLists(report: DigestReport, scope: string, title: string): DigestLists {
  const { data } = report;
  return {
    week: data.week,
    scope,
    title,
    tiers: data.tiers,
    tierSpendShare: report.tierSpendShare,
    moves: data.moves,
    atRisk: data.atRisk,
    compliance: report.compliance,
    months: report.months.filter((m) => m.answers > 0),
  };
}

/** Past this many pages the rest is left to the base's own views. */
export const MAX_LIST_PAGES = 10;
const CHUNK_BYTES = 2_000;
const l10n = (zh_cn: string, en_us: string): L10n => ({ zh_cn, en_us });
const RANK: Record<Tier, number> = { A: 0, B: 1, C: 2 };

type Section = { heading: L10n; lines: L10n[] };

function sections(d: DigestLists): Section[] {
  const risk = [...d.atRisk].sort((a, b) => RANK[a.tier] - RANK[b.tier] || a.health - b.health);
  const up = d.moves.filter((m) => RANK[m.to] < RANK[m.from]);
  const down = d.moves.filter((m) => RANK[m.to] > RANK[m.from]);
  const move = (m: TierMove) =>
    same(`**${m.from} → ${m.to}** ${escapeMarkdown(m.name, 40)} · ${escapeMarkdown(m.reason, 80)}`);
  return [
    {
      heading: l10n("分级分布与采购额占比", "Tiers and share of spend"),
      lines: TIERS.map((t) =>
        l10n(
          `**${t}** ${d.tiers[t]} 个客户 · 采购额占比 ${d.tierSpendShare[t]}%`,
          `**${t}** ${d.tiers[t]} accounts · ${d.tierSpendShare[t]}% of spend`,
        ),
      ),
    },
    {
      heading: l10n(`风险客户（${risk.length}）`, `At-risk accounts (${risk.length})`),
      lines: risk.map((r) =>
        l10n(
          `**${r.tier}** ${escapeMarkdown(r.name, 40)} · 健康度 ${Math.round(r.health)} · ${escapeMarkdown(r.reason, 100)}`,
          `**${r.tier}** ${escapeMarkdown(r.name, 40)} · health ${Math.round(r.health)} · ${escapeMarkdown(r.reason, 100)}`,
        ),
      ),
    },
    { heading: l10n(`升级 ↑（${up.length}）`, `Moved up ↑ (${up.length})`), lines: up.map(move) },
    { heading: l10n(`降级 ↓（${down.length}）`, `Moved down ↓ (${down.length})`), lines: down.map(move) },
    {
      heading: l10n("拜访达标（按客户经理）", "Visit compliance by manager"),
      lines: d.compliance.map(complianceLine),
    },
    { heading: l10n("满意度（按月）", "Satisfaction by month"), lines: d.months.map(monthLine) },
  ];
}

function complianceLine(c: ComplianceRow): L10n {
  const name = escapeMarkdown(c.manager, 20);
  const rate = c.due > 0 ? percent(c.done, c.due) : 100;
  return l10n(
    `${name}：已访 ${c.done} / 应访 ${c.due}（${rate}%）· 逾期 ${c.overdue}`,
    `${name}: ${c.done} of ${c.due} visited (${rate}%) · ${c.overdue} overdue`,
  );
}

function monthLine(m: MonthSatisfaction): L10n {
  const nps = m.nps === undefined ? "–" : String(m.nps);
  const csat = m.csat === undefined ? "–" : `${m.csat}%`;
  const mean = m.meanCsat === undefined ? "–" : String(m.meanCsat);
  return l10n(
    `${m.month} · NPS ${nps} · CSAT ${csat}（均分 ${mean}，${m.answers} 份）`,
    `${m.month} · NPS ${nps} · CSAT ${csat} (mean ${mean}, ${m.answers} answers)`,
  );
}

/** Lines joined into markdown blocks of about CHUNK_BYTES each (a block per line would waste components). */
function blocks(lines: L10n[]): CardElement[] {
  const out: CardElement[] = [];
  let zh: string[] = [];
  let en: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (zh.length) out.push(markdown(l10n(zh.join("\n"), en.join("\n"))));
    zh = [];
    en = [];
    bytes = 0;
  };
  for (const line of lines) {
    if (bytes > CHUNK_BYTES) flush();
    zh.push(line.zh_cn);
    en.push(line.en_us);
    bytes += line.zh_cn.length * 3 + line.en_us.length;
  }
  flush();
  return out;
}

/**
 * The full lists as cards of at most 30 KB and 200 components each (numbered pages). Sections flow from
 * page to page; a section continued on a new page repeats its heading.
 */
export function buildDigestListCards(d: DigestLists): Card[] {
  const title = (page: number, pages: number) =>
    l10n(
      `完整列表 · ${d.week} · ${d.title}（${page}/${pages}）`,
      `Full list · ${d.week} · ${d.title} (${page}/${pages})`,
    );
  const skeleton = () =>
    budgetFor(card({ header: header(title(99, 99), "indigo"), summary: title(99, 99), elements: [] }));
  const pages: CardElement[][] = [[]];
  let budget = skeleton();
  let truncated = false;
  for (const s of sections(d)) {
    const heading = markdown(l10n(`**${s.heading.zh_cn}**`, `**${s.heading.en_us}**`));
    const body = s.lines.length ? blocks(s.lines) : [markdown(l10n("（无）", "(none)"))];
    let needsHeading = true;
    for (const block of body) {
      const next = needsHeading ? [heading, block] : [block];
      if (!budget.take(next)) {
        if (pages.length >= MAX_LIST_PAGES) {
          truncated = true;
          break;
        }
        pages.push([]);
        budget = skeleton();
        budget.take([heading, block]);
        pages.at(-1)!.push(heading, block);
      } else pages.at(-1)!.push(...next);
      needsHeading = false;
    }
    if (truncated) break;
  }
  if (truncated) {
    pages
      .at(-1)!
      .push(
        markdown(l10n("其余内容请在多维表格中查看", "The rest is in the base"), { text_size: "notation" }),
      );
  }
  return pages.map((elements, i) =>
    card({
      header: header(title(i + 1, pages.length), "indigo"),
      summary: title(i + 1, pages.length),
      elements,
      wide: true,
    }),
  );
}
