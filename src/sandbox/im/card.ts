/**
 * What the sandbox checks in a card (msg_type "interactive"): JSON 2.0 (`schema:"2.0"`, `body.elements`),
 * JSON 1.0 (`elements` / `i18n_elements` / `header`), or a template reference (`type:"template"`).
 * Shared cards (`update_multi`) are the only ones PATCH may touch; 2.0 defaults to shared, 1.0 does not.
 */
export type CardKind = "v2" | "v1" | "template";
export type ParsedCard = { kind: CardKind; shared: boolean; json: Record<string, unknown> };
export type CardCheck = { ok: true; card: ParsedCard } | { ok: false; errCode: number; msg: string };

/** Feishu's cap on components in one JSON 2.0 card. */
export const MAX_CARD_COMPONENTS = 200;

export function parseCard(value: unknown): CardCheck {
  if (!isObject(value)) return bad(200621, "card must be a JSON object");
  if (value.type === "template") {
    const data = value.data;
    if (!isObject(data) || typeof data.template_id !== "string" || !data.template_id) {
      return bad(200621, "template card needs data.template_id");
    }
    return { ok: true, card: { kind: "template", shared: true, json: value } };
  }
  const config = isObject(value.config) ? value.config : {};
  if (value.schema !== undefined) {
    if (value.schema !== "2.0") return bad(200621, `unknown card schema ${JSON.stringify(value.schema)}`);
    const body = value.body;
    if (!isObject(body) || !Array.isArray(body.elements))
      return bad(200621, "a 2.0 card needs body.elements");
    const count = countComponents(body.elements);
    if (count > MAX_CARD_COMPONENTS)
      return bad(11310, `element exceeds the limit (${count} > ${MAX_CARD_COMPONENTS})`);
    return { ok: true, card: { kind: "v2", shared: config.update_multi !== false, json: value } };
  }
  const hasBody = Array.isArray(value.elements) || isObject(value.i18n_elements) || isObject(value.header);
  if (!hasBody) return bad(200621, "a card needs schema 2.0 with body.elements, or 1.0 elements/header");
  if (value.elements !== undefined && !Array.isArray(value.elements))
    return bad(200621, "elements must be an array");
  return { ok: true, card: { kind: "v1", shared: config.update_multi === true, json: value } };
}

/** parseCard on a message's content string; undefined when it is not JSON at all. */
export function parseCardContent(content: string): CardCheck | undefined {
  try {
    return parseCard(JSON.parse(content));
  } catch {
    return undefined;
  }
}

/** The ext text Feishu puts after 230099 ("Failed to create card content"). */
export function cardErrorText(check: { errCode: number; msg: string }): string {
  return `Failed to create card content, ext=ErrCode: ${check.errCode}; ErrMsg: ${check.msg}`;
}

/** Components counted the way the 200 limit reads: every object carrying a tag, at any depth. */
function countComponents(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + countComponents(child), 0);
  if (!isObject(node)) return 0;
  let n = typeof node.tag === "string" ? 1 : 0;
  for (const v of Object.values(node)) if (typeof v === "object" && v !== null) n += countComponents(v);
  return n;
}

/**
 * The interactive component called `name` anywhere in the card, and the callback value it sends
 * (2.0 `behaviors: [{type:"callback", value}]`, 1.0 `value`): lets the console click a button by name.
 */
export function findComponent(card: unknown, name: string): { tag: string; value?: unknown } | undefined {
  if (Array.isArray(card)) {
    for (const child of card) {
      const hit = findComponent(child, name);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isObject(card)) return undefined;
  if (card.name === name && typeof card.tag === "string")
    return { tag: card.tag, value: callbackValue(card) };
  for (const v of Object.values(card)) {
    if (typeof v !== "object" || v === null) continue;
    const hit = findComponent(v, name);
    if (hit) return hit;
  }
  return undefined;
}

function callbackValue(component: Record<string, unknown>): unknown {
  if (Array.isArray(component.behaviors)) {
    const cb = component.behaviors.find((b) => isObject(b) && b.type === "callback");
    if (isObject(cb)) return cb.value;
  }
  return component.value;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(errCode: number, msg: string): CardCheck {
  return { ok: false, errCode, msg };
}
