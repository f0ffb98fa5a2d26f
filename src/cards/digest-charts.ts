import { clipPlain } from "./escape.ts";
import { percent } from "./format.ts";
import { t } from "./i18n.ts";
import type { Locale, Tier } from "./types.ts";

/** VChart specs for the digest card; Feishu draws them and the browser console draws the same specs. */

export type Concentration = {
  total: number;
  /** Percent of revenue from the top 5 % / 20 % of accounts (at least one account each). */
  top5: number;
  top20: number;
  /** Accounts ranked by revenue, cut into up to ten equal groups: each group's share and the running total. */
  buckets: { label: string; share: number; cumulative: number }[];
};

export function revenueConcentration(revenues: readonly number[], locale: Locale = "zh_cn"): Concentration {
  const sorted = revenues.filter((r) => Number.isFinite(r) && r > 0).sort((a, b) => b - a);
  const total = sorted.reduce((s, r) => s + r, 0);
  const n = sorted.length;
  const topShare = (fraction: number) =>
    percent(sumOf(sorted.slice(0, Math.max(1, Math.ceil(n * fraction)))), total);
  const groups = Math.min(10, n);
  const buckets: Concentration["buckets"] = [];
  let running = 0;
  for (let i = 0; i < groups; i++) {
    const part = sumOf(sorted.slice(Math.floor((i * n) / groups), Math.floor(((i + 1) * n) / groups)));
    running += part;
    const from = Math.round((i * 100) / groups);
    const to = Math.round(((i + 1) * 100) / groups);
    buckets.push({
      label: t("chart.bucket", { from, to }, locale),
      share: percent(part, total),
      cumulative: percent(running, total),
    });
  }
  return { total, top5: n ? topShare(0.05) : 0, top20: n ? topShare(0.2) : 0, buckets };
}

function sumOf(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

export function tierPieSpec(tiers: Record<Tier, number>): Record<string, unknown> {
  return {
    type: "pie",
    data: { values: (["A", "B", "C"] as const).map((tier) => ({ tier, count: tiers[tier] })) },
    categoryField: "tier",
    valueField: "count",
    outerRadius: 0.8,
    innerRadius: 0.5,
    label: { visible: true },
    legends: { visible: true, orient: "right" },
  };
}

/** Bars: each group's share of revenue (left axis); line: cumulative share (right axis, 0–100). */
export function paretoSpec(c: Concentration, locale: Locale): Record<string, unknown> {
  return {
    type: "common",
    data: [
      {
        id: "share",
        values: c.buckets.map((b) => ({
          group: b.label,
          value: b.share,
          series: t("chart.share", {}, locale),
        })),
      },
      {
        id: "cumulative",
        values: c.buckets.map((b) => ({
          group: b.label,
          value: b.cumulative,
          series: t("chart.cumulative", {}, locale),
        })),
      },
    ],
    series: [
      { type: "bar", dataIndex: 0, xField: "group", yField: "value", seriesField: "series" },
      {
        type: "line",
        dataIndex: 1,
        xField: "group",
        yField: "value",
        seriesField: "series",
        point: { visible: true },
      },
    ],
    axes: [
      { orient: "left", seriesIndex: [0] },
      { orient: "right", seriesIndex: [1], min: 0, max: 100, grid: { visible: false } },
      { orient: "bottom", type: "band" },
    ],
    legends: { visible: true, orient: "bottom" },
  };
}

export type ManagerCompliance = { manager: string; done: number; due: number };

export function complianceSpec(rows: readonly ManagerCompliance[], locale: Locale): Record<string, unknown> {
  const values = [...rows]
    .map((r) => ({
      manager: clipPlain(r.manager, 16),
      rate: r.due > 0 ? Math.min(100, percent(r.done, r.due)) : 100,
    }))
    .sort((a, b) => a.rate - b.rate);
  return {
    type: "bar",
    direction: "horizontal",
    data: { values },
    xField: "rate",
    yField: "manager",
    axes: [
      { orient: "bottom", min: 0, max: 100, title: { visible: true, text: t("chart.rate", {}, locale) } },
      { orient: "left", type: "band" },
    ],
    label: { visible: true },
  };
}

/** NPS (−100…100) and CSAT (% satisfied, 0…100) share one axis. */
export type SatisfactionPoint = { period: string; nps?: number; csat?: number };

export function satisfactionSpec(points: readonly SatisfactionPoint[]): Record<string, unknown> {
  const values = points.flatMap((p) => [
    ...(p.nps === undefined ? [] : [{ period: clipPlain(p.period, 16), metric: "NPS", value: p.nps }]),
    ...(p.csat === undefined ? [] : [{ period: clipPlain(p.period, 16), metric: "CSAT", value: p.csat }]),
  ]);
  return {
    type: "line",
    data: { values },
    xField: "period",
    yField: "value",
    seriesField: "metric",
    point: { visible: true },
    legends: { visible: true, orient: "bottom" },
  };
}
