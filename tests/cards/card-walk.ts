import type { Card, CardElement } from "../../src/cards/types.ts";

/** Every element of a card, depth first, with the markdown-bearing text objects too. */
export function walk(node: unknown, visit: (el: CardElement) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  if (typeof (node as { tag?: unknown }).tag === "string") visit(node as CardElement);
  for (const [key, child] of Object.entries(node)) {
    if (key !== "chart_spec" && key !== "value") walk(child, visit);
  }
}

export function buttonsOf(card: Card): CardElement[] {
  const out: CardElement[] = [];
  walk(card, (el) => {
    if (el.tag === "button") out.push(el);
  });
  return out;
}

export function callbackValues(card: Card): Record<string, unknown>[] {
  return buttonsOf(card).flatMap((b) =>
    ((b.behaviors as { type: string; value?: Record<string, unknown> }[] | undefined) ?? [])
      .filter((x) => x.type === "callback")
      .map((x) => x.value!),
  );
}

/** Markdown texts of a card in every locale. */
export function markdownTexts(card: Card): string[] {
  const out: string[] = [];
  walk(card, (el) => {
    if (el.tag !== "markdown" && el.tag !== "lark_md") return;
    out.push(String(el.content));
    const i18n = (el.i18n_content ?? {}) as Record<string, string>;
    out.push(...Object.values(i18n));
  });
  return out;
}
