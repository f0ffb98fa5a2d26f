import { escapeHtml, markdownToHtml } from "./render-markdown.ts";
import type { Locale } from "./types.ts";

export { cardCss } from "./card-css.ts";

/**
 * A card as an HTML fragment for the sandbox console. Faithful enough to read and click through; never
 * trusted with card content: every text is escaped and every attribute value quoted and escaped.
 */

export type RenderOptions = { locale?: Locale };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const cls = (v: unknown, fallback = "default"): string =>
  /^[a-z][a-z0-9_-]{0,19}$/.test(str(v)) ? str(v) : fallback;

function attr(name: string, value: string): string {
  return ` ${name}="${escapeHtml(value)}"`;
}

function pick(textObj: unknown, locale: Locale): string {
  if (!isObj(textObj)) return "";
  const i18n = isObj(textObj.i18n_content) ? textObj.i18n_content : {};
  return str(i18n[locale]) || str(textObj.content);
}

function renderText(textObj: unknown, locale: Locale): string {
  const content = pick(textObj, locale);
  return isObj(textObj) && textObj.tag !== "plain_text" ? markdownToHtml(content) : escapeHtml(content);
}

function safeUrl(url: unknown): string | undefined {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : undefined;
}

function renderButton(el: Obj, locale: Locale): string {
  const behaviors = list(el.behaviors).filter(isObj);
  const callback = behaviors.find((b) => b.type === "callback");
  const url = safeUrl(behaviors.find((b) => b.type === "open_url")?.default_url);
  const formAction =
    el.form_action_type === "submit" || el.form_action_type === "reset" ? el.form_action_type : "button";
  let attrs = attr("type", formAction) + attr("class", `kam-btn kam-btn-${cls(el.type)}`);
  if (typeof el.name === "string") attrs += attr("name", el.name);
  if (callback && isObj(callback.value)) attrs += attr("data-action", JSON.stringify(callback.value));
  if (url) attrs += attr("data-url", url);
  return `<button${attrs}>${escapeHtml(pick(el.text, locale))}</button>`;
}

function field(el: Obj, locale: Locale, control: string): string {
  const label = pick(el.label, locale);
  return `<label class="kam-field">${label ? `<span class="kam-label">${escapeHtml(label)}</span>` : ""}${control}</label>`;
}

function common(el: Obj, locale: Locale): string {
  let attrs = attr("name", str(el.name));
  const placeholder = pick(el.placeholder, locale);
  if (placeholder) attrs += attr("placeholder", placeholder);
  if (el.required === true) attrs += " required";
  return attrs;
}

function renderSelect(el: Obj, locale: Locale, options: { value: string; label: string }[]): string {
  const initial = str(el.initial_option);
  const head = `<option value="">${escapeHtml(pick(el.placeholder, locale))}</option>`;
  const body = options
    .map(
      (o) =>
        `<option${attr("value", o.value)}${o.value === initial ? " selected" : ""}>${escapeHtml(o.label)}</option>`,
    )
    .join("");
  return field(
    el,
    locale,
    `<select${attr("name", str(el.name))}${el.required === true ? " required" : ""}>${head}${body}</select>`,
  );
}

function renderCell(value: unknown, type: unknown): string {
  if (type === "options") {
    return list(value)
      .filter(isObj)
      .map((o) => `<span class="kam-tag kam-c-${cls(o.color)}">${escapeHtml(str(o.text))}</span>`)
      .join(" ");
  }
  if (type === "markdown" || type === "lark_md") return markdownToHtml(str(value));
  if (type === "date" && typeof value === "number" && Math.abs(value) < 8.64e15)
    return escapeHtml(new Date(value).toISOString().slice(0, 10));
  if (Array.isArray(value)) return escapeHtml(value.map(str).join(", "));
  return escapeHtml(str(value));
}

function renderTable(el: Obj): string {
  const columns = list(el.columns).filter(isObj);
  const head = columns.map((c) => `<th>${escapeHtml(str(c.display_name))}</th>`).join("");
  const rows = list(el.rows)
    .filter(isObj)
    .map(
      (r) => `<tr>${columns.map((c) => `<td>${renderCell(r[str(c.name)], c.data_type)}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table class="kam-table"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function renderChildren(children: unknown, locale: Locale): string {
  return list(children)
    .map((c) => renderElement(c, locale))
    .join("");
}

export function renderElement(el: unknown, locale: Locale): string {
  if (!isObj(el)) return "";
  switch (el.tag) {
    case "markdown":
      return `<div class="kam-md kam-size-${cls(el.text_size, "normal")}">${markdownToHtml(pick(el, locale))}</div>`;
    case "div":
      return `<div class="kam-div">${renderText(el.text, locale)}</div>`;
    case "hr":
      return '<hr class="kam-hr">';
    case "column_set":
      return `<div class="kam-cols">${list(el.columns)
        .filter(isObj)
        .map(
          (c) =>
            `<div class="kam-col kam-dir-${cls(c.direction, "vertical")}">${renderChildren(c.elements, locale)}</div>`,
        )
        .join("")}</div>`;
    case "button":
      return renderButton(el, locale);
    case "form":
      return `<form class="kam-form"${attr("data-name", str(el.name))}>${renderChildren(el.elements, locale)}</form>`;
    case "input": {
      const max = typeof el.max_length === "number" ? attr("maxlength", String(el.max_length)) : "";
      const value = str(el.default_value);
      return el.input_type === "multiline_text"
        ? field(el, locale, `<textarea${common(el, locale)}${max} rows="3">${escapeHtml(value)}</textarea>`)
        : field(
            el,
            locale,
            `<input type="text"${common(el, locale)}${max}${value ? attr("value", value) : ""}>`,
          );
    }
    case "select_static":
    case "multi_select_static":
      return renderSelect(
        el,
        locale,
        list(el.options)
          .filter(isObj)
          .map((o) => ({ value: str(o.value), label: pick(o.text, locale) })),
      );
    case "select_person":
    case "multi_select_person": {
      const people = list(el.options)
        .filter(isObj)
        .map((o) => str(o.value));
      if (people.length === 0) return field(el, locale, `<input type="text"${common(el, locale)}>`);
      return renderSelect(
        el,
        locale,
        people.map((p) => ({ value: p, label: p })),
      );
    }
    case "date_picker": {
      const initial = /^\d{4}-\d{2}-\d{2}$/.test(str(el.initial_date))
        ? attr("value", str(el.initial_date))
        : "";
      return field(el, locale, `<input type="date"${common(el, locale)}${initial}>`);
    }
    case "table":
      return renderTable(el);
    case "chart":
      return `<div class="kam-chart"${attr("data-spec", JSON.stringify(el.chart_spec ?? {}))}></div>`;
    case "collapsible_panel": {
      const title = isObj(el.header) ? renderText(el.header.title, locale) : "";
      return `<details class="kam-panel"${el.expanded === true ? " open" : ""}><summary>${title}</summary>${renderChildren(el.elements, locale)}</details>`;
    }
    case "interactive_container":
      return `<div class="kam-box">${renderChildren(el.elements, locale)}</div>`;
    default:
      return `<div class="kam-unknown"${attr("data-tag", str(el.tag))}></div>`;
  }
}

export function renderCardHtml(card: unknown, opts: RenderOptions = {}): string {
  const locale = opts.locale ?? "zh_cn";
  if (!isObj(card)) return '<section class="kam-card"></section>';
  const header = isObj(card.header) ? card.header : undefined;
  const headerHtml = header
    ? `<header class="kam-header kam-t-${cls(header.template)}"><div class="kam-title">${renderText(header.title, locale)}</div>${
        header.subtitle ? `<div class="kam-subtitle">${renderText(header.subtitle, locale)}</div>` : ""
      }</header>`
    : "";
  const body = isObj(card.body) ? renderChildren(card.body.elements, locale) : "";
  return `<section class="kam-card"${attr("lang", locale === "zh_cn" ? "zh-CN" : "en")}>${headerHtml}<div class="kam-body">${body}</div></section>`;
}
