import { z } from "zod";
import { byteLength, CARD_LIMITS, countComponents } from "./budget.ts";

/** The card rules we rely on (Feishu JSON 2.0 docs), checked before a card leaves the process or in tests. */

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

export const HEADER_TEMPLATES = [
  "blue",
  "wathet",
  "turquoise",
  "green",
  "yellow",
  "orange",
  "red",
  "carmine",
  "violet",
  "purple",
  "indigo",
  "grey",
  "default",
] as const;

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

const INTERACTIVE = new Set([
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
const DISPLAY = new Set([
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
const CONTAINERS = new Set(["form", "column_set", "collapsible_panel", "interactive_container"]);
const MAX_NESTING = 5;
const MAX_TABLES = 5;

const text = z.looseObject({
  tag: z.enum(["plain_text", "lark_md", "markdown"]),
  content: z.string().optional(),
  i18n_content: z.record(z.string(), z.string()).optional(),
});

const cardShape = z.looseObject({
  schema: z.literal("2.0"),
  config: z.looseObject({ update_multi: z.literal(true) }),
  header: z
    .looseObject({ title: text, subtitle: text.optional(), template: z.enum(HEADER_TEMPLATES).optional() })
    .optional(),
  body: z.looseObject({ elements: z.array(z.looseObject({ tag: z.string().min(1) })) }),
});

type Node = { tag: string } & Record<string, unknown>;
type Walk = { problems: CardProblem[]; names: Map<string, string>; ids: Set<string>; tables: number };
type Place = { path: string; depth: number; form?: { submits: number }; root: boolean };

export function validateCard(card: unknown): CardProblem[] {
  const parsed = cardShape.safeParse(card);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      path: i.path.join(".") || "(card)",
      rule: "shape",
      message: i.message,
    }));
  }
  const w: Walk = { problems: [], names: new Map(), ids: new Set(), tables: 0 };
  parsed.data.body.elements.forEach((el, i) => {
    visit(el as Node, { path: `body.elements[${i}]`, depth: 0, root: true }, w);
  });
  const components = countComponents(card);
  if (components > CARD_LIMITS.components) {
    w.problems.push({
      path: "(card)",
      rule: "components",
      message: `${components} components > ${CARD_LIMITS.components}`,
    });
  }
  const bytes = byteLength(card);
  if (bytes > CARD_LIMITS.bytes) {
    w.problems.push({
      path: "(card)",
      rule: "size",
      message: `${bytes} bytes of JSON > ${CARD_LIMITS.bytes}`,
    });
  }
  return w.problems;
}

function visit(el: Node, at: Place, w: Walk): void {
  const fail = (rule: CardRule, message: string): void => {
    w.problems.push({ path: at.path, rule, message });
  };
  if (typeof el?.tag !== "string") {
    fail("shape", "element without a tag");
    return;
  }
  if (!INTERACTIVE.has(el.tag) && !DISPLAY.has(el.tag) && !CONTAINERS.has(el.tag) && el.tag !== "column") {
    fail("tag", `unknown component "${el.tag}"`);
  }
  if (el.element_id !== undefined) {
    const id = String(el.element_id);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(id))
      fail("element_id", `element_id "${id}" is not a letter then ≤ 19 letters/digits/_`);
    if (w.ids.has(id)) fail("element_id", `element_id "${id}" is used twice`);
    w.ids.add(id);
  }
  if (INTERACTIVE.has(el.tag)) checkInteractive(el, at, w, fail);
  if (el.tag === "chart" && (typeof el.chart_spec !== "object" || el.chart_spec === null))
    fail("chart", "chart without chart_spec");
  if (el.tag === "table") checkTable(el, at, w, fail);
  if ((el.tag === "chart" || el.tag === "table") && at.form)
    fail("form_content", `${el.tag} cannot sit inside a form`);

  if (!CONTAINERS.has(el.tag) && el.tag !== "column") return;
  const depth = el.tag === "column" ? at.depth : at.depth + 1;
  if (depth > MAX_NESTING) fail("nesting", `containers nest ${depth} deep (max ${MAX_NESTING})`);
  let form = at.form;
  if (el.tag === "form") {
    if (!at.root) fail("form_root", "a form may only sit at the root of the body");
    if (at.form) fail("form_content", "a form cannot contain a form");
    if (typeof el.name !== "string" || el.name === "") fail("form_name", "form without a name");
    else claimName(el.name, at.path, w, fail);
    form = { submits: 0 };
  }
  const key = el.tag === "column_set" ? "columns" : "elements";
  const children = el[key];
  if (!Array.isArray(children)) {
    fail("shape", `${el.tag} without ${key}`);
    return;
  }
  children.forEach((child, i) => {
    visit(
      child as Node,
      { path: `${at.path}.${key}[${i}]`, depth, root: false, ...(form ? { form } : {}) },
      w,
    );
  });
  if (el.tag === "form" && form && form.submits === 0)
    fail("form_submit", "form without a named submit button");
}

function claimName(
  name: string,
  path: string,
  w: Walk,
  fail: (rule: CardRule, message: string) => void,
): void {
  const first = w.names.get(name);
  if (first !== undefined) fail("name_unique", `name "${name}" already used at ${first}`);
  else w.names.set(name, path);
}

function checkInteractive(
  el: Node,
  at: Place,
  w: Walk,
  fail: (rule: CardRule, message: string) => void,
): void {
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

function checkButton(
  el: Node,
  at: Place,
  named: boolean,
  fail: (rule: CardRule, message: string) => void,
): void {
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

function checkTable(el: Node, at: Place, w: Walk, fail: (rule: CardRule, message: string) => void): void {
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
