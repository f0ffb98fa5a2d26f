import type { Card, CardElement } from "./types.ts";

/** Feishu's hard limits for one JSON 2.0 card. */
export const CARD_LIMITS = { components: 200, bytes: 30 * 1024 } as const;

/**
 * What builders aim for, in wire bytes. The send/patch APIs cap the *request body* at 30 KB, and it carries
 * the card as an escaped JSON string (every quote gains a backslash); the margin also covers the envelope
 * (receive_id, uuid) and a later row-state update (a handled row grows by a line).
 */
export const CARD_TARGET = { components: 185, bytes: 27 * 1024 } as const;

const encoder = new TextEncoder();

/** UTF-8 bytes of the card JSON. */
export function byteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** UTF-8 bytes of the card JSON as it travels inside the message's `content` string. */
export function wireBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(JSON.stringify(value))).length - 2;
}

/**
 * Feishu counts every element or component, plain_text objects included. We count every object that has a
 * `tag`, except inside chart specs and callback values, which are data rather than card elements.
 */
export function countComponents(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + countComponents(child), 0);
  if (node === null || typeof node !== "object") return 0;
  let n = typeof (node as { tag?: unknown }).tag === "string" ? 1 : 0;
  for (const [key, child] of Object.entries(node)) {
    if (key === "chart_spec" || key === "value" || key === "rows") continue;
    n += countComponents(child);
  }
  return n;
}

export type Budget = {
  fits(elements: CardElement[]): boolean;
  /** Reserve room for elements if they fit; report whether they did. */
  take(elements: CardElement[]): boolean;
  /** Reserve an explicit cost (used when growing an element already taken). */
  takeCost(components: number, bytes: number): boolean;
};

/**
 * A running budget for the rows of a card. `skeleton` is the card with its fixed elements (and a worst-case
 * footer) already in place; each taken element adds its own size plus a separating comma.
 */
export function budgetFor(
  skeleton: Card,
  target: { components: number; bytes: number } = CARD_TARGET,
): Budget {
  let components = countComponents(skeleton);
  let bytes = wireBytes(skeleton);
  const room = (c: number, b: number) => components + c <= target.components && bytes + b <= target.bytes;
  const cost = (els: CardElement[]) =>
    [countComponents(els), els.reduce((n, el) => n + wireBytes(el) + 1, 0)] as const;
  const takeCost = (c: number, b: number): boolean => {
    if (!room(c, b)) return false;
    components += c;
    bytes += b;
    return true;
  };
  return {
    takeCost,
    fits: (elements) => room(...cost(elements)),
    take: (elements) => takeCost(...cost(elements)),
  };
}

/**
 * Take the largest `n ≤ max` whose elements `build(n)` fit (cost grows with n), and return it with the
 * elements; `n` is -1 and nothing is taken when even `build(0)` does not fit.
 */
export function takeLargest(
  budget: Budget,
  max: number,
  build: (n: number) => CardElement[],
): [number, CardElement[]] {
  let lo = -1;
  let hi = max;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (budget.fits(build(mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 0) return [-1, []];
  const elements = build(lo);
  budget.take(elements);
  return [lo, elements];
}
