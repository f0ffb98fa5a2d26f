import type { CardActionValue } from "./action-values.ts";
import { clipPlain } from "./escape.ts";
import type { Card, CardElement, CardHeader, HeaderTemplate, L10n, TextObject, Tier } from "./types.ts";

/** A text object carrying zh_cn as `content` (the fallback) and en_us in `i18n_content` when it differs. */
export function text(l: L10n, tag: TextObject["tag"] = "plain_text"): TextObject {
  const out: TextObject = { tag, content: l.zh_cn };
  if (l.en_us !== l.zh_cn) out.i18n_content = { en_us: l.en_us };
  return out;
}

/** Plain text clipped to a component's limit (button labels and placeholders take 100 characters). */
export function plain(l: L10n, max = 100): TextObject {
  return text({ zh_cn: clipPlain(l.zh_cn, max), en_us: clipPlain(l.en_us, max) });
}

/** `content` must already be safe markdown: customer parts go through escapeMarkdown. */
export function markdown(content: L10n, extra: Record<string, unknown> = {}): CardElement {
  return { ...text(content, "markdown"), ...extra };
}

export function hr(): CardElement {
  return { tag: "hr" };
}

/** One colour per tier, used by markdown text tags and table option cells alike. */
export const TIER_COLOR: Record<Tier, string> = { A: "orange", B: "blue", C: "neutral" };

export function tierTag(tier: Tier): string {
  return `<text_tag color='${TIER_COLOR[tier]}'>${tier}</text_tag>`;
}

export function colored(color: "green" | "red" | "grey" | "orange", safeMarkdown: string): string {
  return `<font color='${color}'>${safeMarkdown}</font>`;
}

export type ButtonStyle = "default" | "primary" | "danger" | "primary_filled" | "danger_filled" | "text";

/** Feishu's defaults (type "default") are left out: a long list carries many buttons and every byte counts. */
function button(label: L10n, style: ButtonStyle, behavior: Record<string, unknown>): CardElement {
  return {
    tag: "button",
    ...(style === "default" ? {} : { type: style }),
    size: "small",
    text: plain(label),
    behaviors: [behavior],
  };
}

export function callbackButton(
  label: L10n,
  value: CardActionValue,
  style: ButtonStyle = "default",
): CardElement {
  return button(label, style, { type: "callback", value });
}

export function urlButton(label: L10n, url: string, style: ButtonStyle = "default"): CardElement {
  return button(label, style, { type: "open_url", default_url: url });
}

/** Buttons side by side: one column laid out horizontally costs two components instead of one per button. */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: "column_set",
    flex_mode: "flow",
    columns: [{ tag: "column", width: "weighted", weight: 1, direction: "horizontal", elements: buttons }],
  };
}

export type TableColumn = {
  name: string;
  display_name: string;
  data_type: "text" | "number" | "markdown" | "options";
  width?: string;
};

/** Table cells of type `text` are shown literally, so customer names need no markdown escaping there. */
export function table(columns: TableColumn[], rows: Record<string, unknown>[], pageSize = 10): CardElement {
  return {
    tag: "table",
    page_size: pageSize,
    row_height: "low",
    header_style: { background_style: "grey", bold: true, text_size: "normal" },
    columns,
    rows,
  };
}

export function chart(
  spec: Record<string, unknown>,
  aspectRatio: "16:9" | "4:3" | "2:1" | "1:1" = "16:9",
): CardElement {
  return { tag: "chart", aspect_ratio: aspectRatio, chart_spec: spec };
}

export function header(title: L10n, template: HeaderTemplate, subtitle?: L10n): CardHeader {
  const h: CardHeader = { title: plain(title, 200), template };
  if (subtitle) h.subtitle = plain(subtitle, 200);
  return h;
}

export function card(opts: {
  header: CardHeader;
  summary: L10n;
  elements: CardElement[];
  wide?: boolean;
}): Card {
  const summary = text({
    zh_cn: clipPlain(opts.summary.zh_cn, 120),
    en_us: clipPlain(opts.summary.en_us, 120),
  });
  const c: Card = {
    schema: "2.0",
    config: { update_multi: true, summary: { content: summary.content, ...pickI18n(summary) } },
    header: opts.header,
    body: { elements: opts.elements },
  };
  if (opts.wide) c.config.width_mode = "fill";
  return c;
}

function pickI18n(t: TextObject): Pick<TextObject, "i18n_content"> {
  return t.i18n_content ? { i18n_content: t.i18n_content } : {};
}
