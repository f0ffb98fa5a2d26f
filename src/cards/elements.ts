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
function plain(l: L10n, max = 100): TextObject {
  return text({ zh_cn: clipPlain(l.zh_cn, max), en_us: clipPlain(l.en_us, max) });
}

/** `content` must already be safe markdown: customer parts go through escapeMarkdown. */
export function markdown(content: L10n, extra: Record<string, unknown> = {}): CardElement {
  return { ...text(content, "markdown"), ...extra };
}

export function hr(): CardElement {
  return { tag: "hr" };
}

const TIER_COLOR: Record<Tier, string> = { A: "orange", B: "blue", C: "neutral" };

export function tierTag(tier: Tier): string {
  return `<text_tag color='${TIER_COLOR[tier]}'>${tier}</text_tag>`;
}

export function colored(color: "green" | "red" | "grey" | "orange", safeMarkdown: string): string {
  return `<font color='${color}'>${safeMarkdown}</font>`;
}

export type ButtonStyle = "default" | "primary" | "danger" | "primary_filled" | "danger_filled" | "text";

export function callbackButton(
  label: L10n,
  value: CardActionValue,
  style: ButtonStyle = "default",
  size: "tiny" | "small" | "medium" = "small",
): CardElement {
  return { tag: "button", type: style, size, text: plain(label), behaviors: [{ type: "callback", value }] };
}

export function urlButton(label: L10n, url: string, style: ButtonStyle = "default"): CardElement {
  return {
    tag: "button",
    type: style,
    size: "small",
    text: plain(label),
    behaviors: [{ type: "open_url", default_url: url }],
  };
}

/** A button inside a form: `submit` sends every field in one callback, `reset` clears them. */
export function formButton(
  name: string,
  label: L10n,
  action: "submit" | "reset",
  value?: CardActionValue,
  style: ButtonStyle = action === "submit" ? "primary_filled" : "default",
): CardElement {
  const button: CardElement = {
    tag: "button",
    name,
    form_action_type: action,
    type: style,
    text: plain(label),
  };
  if (value) button.behaviors = [{ type: "callback", value }];
  return button;
}

/** Buttons side by side: one column laid out horizontally costs two components instead of one per button. */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: "column_set",
    flex_mode: "flow",
    columns: [{ tag: "column", width: "weighted", weight: 1, direction: "horizontal", elements: buttons }],
  };
}

export function form(name: string, elements: CardElement[]): CardElement {
  return { tag: "form", name, vertical_spacing: "8px", elements };
}

export function input(opts: {
  name: string;
  label: L10n;
  placeholder?: L10n;
  required?: boolean;
  multiline?: boolean;
  defaultValue?: string;
  maxLength?: number;
}): CardElement {
  const el: CardElement = {
    tag: "input",
    name: opts.name,
    required: opts.required ?? false,
    label: plain(opts.label),
    max_length: opts.maxLength ?? 1000,
    width: "fill",
  };
  if (opts.placeholder) el.placeholder = plain(opts.placeholder);
  if (opts.multiline)
    Object.assign(el, { input_type: "multiline_text", rows: 3, auto_resize: true, max_rows: 8 });
  if (opts.defaultValue)
    el.default_value = Array.from(opts.defaultValue)
      .slice(0, el.max_length as number)
      .join("");
  return el;
}

export type SelectOption = { value: string; label: L10n };

export function selectStatic(opts: {
  name: string;
  placeholder: L10n;
  options: readonly SelectOption[];
  required?: boolean;
  initial?: string;
}): CardElement {
  const el: CardElement = {
    tag: "select_static",
    name: opts.name,
    required: opts.required ?? false,
    width: "fill",
    placeholder: plain(opts.placeholder),
    options: opts.options.map((o) => ({ text: plain(o.label), value: o.value })),
  };
  if (opts.initial) el.initial_option = opts.initial;
  return el;
}

/** Candidates are open_ids; with none Feishu offers the members of the chat the card sits in. */
export function selectPerson(opts: {
  name: string;
  placeholder: L10n;
  candidates: readonly string[];
  required?: boolean;
}): CardElement {
  return {
    tag: "select_person",
    name: opts.name,
    required: opts.required ?? false,
    width: "fill",
    placeholder: plain(opts.placeholder),
    options: opts.candidates.map((value) => ({ value })),
  };
}

export function datePicker(opts: {
  name: string;
  placeholder: L10n;
  required?: boolean;
  initialDate?: string;
}): CardElement {
  const el: CardElement = {
    tag: "date_picker",
    name: opts.name,
    required: opts.required ?? false,
    width: "fill",
    placeholder: plain(opts.placeholder),
  };
  if (opts.initialDate && /^\d{4}-\d{2}-\d{2}$/.test(opts.initialDate)) el.initial_date = opts.initialDate;
  return el;
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
