import type { CardActionValue } from "./action-values.ts";
import { type ButtonStyle, plain } from "./elements.ts";
import type { CardElement, L10n } from "./types.ts";

/** Form containers and the controls that live in them; every control carries the name its value is submitted under. */

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
