/** Per-component rules of the card validator: names, buttons, selects, tables. */

export type CardRule =
  | "shape"
  | "tag"
  | "components"
  | "size"
  | "form_root"
  | "form_content"
  | "form_name"
  | "field_name"
  | "name_unique"
  | "form_submit"
  | "nesting"
  | "button"
  | "chart"
  | "table"
  | "select"
  | "element_id";

export type CardProblem = { path: string; rule: CardRule; message: string };

export type Node = { tag: string } & Record<string, unknown>;
export type Walk = { problems: CardProblem[]; names: Map<string, string>; ids: Set<string>; tables: number };
export type Place = { path: string; depth: number; form?: { submits: number }; root: boolean };
export type Fail = (rule: CardRule, message: string) => void;

const BUTTON_TYPES = new Set([
  "default",
  "primary",
  "danger",
  "text",
  "primary_text",
  "danger_text",
  "primary_filled",
  "danger_filled",
  "laser",
]);

export const INTERACTIVE = new Set([
  "button",
  "input",
  "select_static",
  "multi_select_static",
  "select_person",
  "multi_select_person",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "checker",
  "select_img",
  "overflow",
]);
export const DISPLAY = new Set([
  "markdown",
  "div",
  "hr",
  "img",
  "img_combination",
  "person",
  "person_list",
  "chart",
  "table",
  "audio",
]);
export const CONTAINERS = new Set(["form", "column_set", "collapsible_panel", "interactive_container"]);
const MAX_TABLES = 5;

export function claimName(name: string, path: string, w: Walk, fail: Fail): void {
  const first = w.names.get(name);
  if (first !== undefined) fail("name_unique", `name "${name}" already used at ${first}`);
  else w.names.set(name, path);
}

export function checkInteractive(el: Node, at: Place, w: Walk, fail: Fail): void {
  const named = typeof el.name === "string" && el.name !== "";
  if (named) claimName(el.name as string, at.path, w, fail);
  else if (at.form) fail("field_name", `${el.tag} inside a form needs a non-empty name`);
  if (el.tag === "button") checkButton(el, at, named, fail);
  if (el.tag === "select_static" || el.tag === "multi_select_static") {
    const options = Array.isArray(el.options) ? (el.options as { value?: unknown }[]) : [];
    const values = options.map((o) => o?.value);
    if (options.length === 0) fail("select", `${el.tag} without options`);
    if (values.some((v) => typeof v !== "string" || v === ""))
      fail("select", "option without a string value");
    if (new Set(values).size !== values.length) fail("select", "option values repeat");
  }
}

function checkButton(el: Node, at: Place, named: boolean, fail: Fail): void {
  if (el.type !== undefined && !BUTTON_TYPES.has(String(el.type)))
    fail("button", `button type "${String(el.type)}"`);
  const content = (el.text as { content?: unknown } | undefined)?.content;
  if (typeof content === "string" && Array.from(content).length > 100)
    fail("button", "button text over 100 characters");
  const action = el.form_action_type;
  if (action !== undefined) {
    if (!at.form) fail("button", "form_action_type outside a form");
    else if (action !== "submit" && action !== "reset")
      fail("button", `form_action_type "${String(action)}"`);
    else if (action === "submit" && named) at.form.submits += 1;
  }
  const behaviors = el.behaviors;
  if (behaviors === undefined) {
    if (action === undefined) fail("button", "button without behaviors or form_action_type");
    return;
  }
  if (!Array.isArray(behaviors) || behaviors.length === 0) {
    fail("button", "behaviors must be a non-empty array");
    return;
  }
  for (const b of behaviors as Record<string, unknown>[]) {
    if (b?.type === "callback") {
      if (typeof b.value !== "object" || b.value === null || Array.isArray(b.value))
        fail("button", "callback value must be an object");
    } else if (b?.type === "open_url") {
      if (typeof b.default_url !== "string" || !/^(https?|lark):\/\//.test(b.default_url))
        fail("button", "open_url needs an http(s) default_url");
    } else fail("button", `behavior type "${String(b?.type)}"`);
  }
}

export function checkTable(el: Node, at: Place, w: Walk, fail: Fail): void {
  if (!at.root) fail("table", "a table may only sit at the root of the body");
  w.tables += 1;
  if (w.tables > MAX_TABLES) fail("table", `more than ${MAX_TABLES} tables`);
  const columns = el.columns;
  if (!Array.isArray(columns) || columns.length === 0) {
    fail("table", "table without columns");
    return;
  }
  if (columns.some((c) => typeof (c as { name?: unknown })?.name !== "string"))
    fail("table", "table column without a name");
  if (!Array.isArray(el.rows)) fail("table", "table without rows");
}
