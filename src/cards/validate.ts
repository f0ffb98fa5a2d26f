import { z } from "zod";
import { byteLength, CARD_LIMITS, countComponents, wireBytes } from "./budget.ts";
import {
  type CardProblem,
  type CardRule,
  CONTAINERS,
  checkInteractive,
  checkTable,
  claimName,
  DISPLAY,
  INTERACTIVE,
  type Node,
  type Place,
  type Walk,
} from "./validate-components.ts";

export type { CardProblem, CardRule } from "./validate-components.ts";

/** The card rules we rely on (Feishu JSON 2.0 docs), checked before a card leaves the process or in tests. */

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

const MAX_NESTING = 5;

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
  const wire = wireBytes(card);
  if (wire > CARD_LIMITS.bytes && bytes <= CARD_LIMITS.bytes) {
    w.problems.push({
      path: "(card)",
      rule: "size",
      message: `${wire} bytes once escaped into the message content > ${CARD_LIMITS.bytes}`,
    });
  }
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
