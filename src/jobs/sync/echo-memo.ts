import type { FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import { COMPUTED_KEYS, type ComputedKey } from "./account-fields.ts";
import { cellKey } from "./diff.ts";

/**
 * What the sync last wrote into each account's computed cells, as a 32-bit hash per cell (a full sync
 * of 100,000 accounts remembers ~10 MB, not the texts). A change event whose new value matches is our
 * own write coming back, whoever Feishu names as its operator.
 */
export type EchoMemo = {
  remember(
    recordId: string,
    fields: ReadonlyMap<string, FieldTemplate>,
    values: Partial<Record<ComputedKey, FieldValue>>,
  ): void;
  /** True when `value` is what we last wrote into that cell. */
  isEcho(recordId: string, field: FieldTemplate, value: FieldValue): boolean;
  size(): number;
};

const SLOT = new Map<string, number>(COMPUTED_KEYS.map((k, i) => [k, i]));
const LIMIT = 500_000;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createEchoMemo(): EchoMemo {
  const written = new Map<string, Float64Array>();
  return {
    remember(recordId, fields, values) {
      let slots = written.get(recordId);
      if (!slots) {
        if (written.size >= LIMIT) written.clear();
        slots = new Float64Array(COMPUTED_KEYS.length).fill(Number.NaN);
        written.set(recordId, slots);
      }
      for (const [key, value] of Object.entries(values)) {
        const slot = SLOT.get(key);
        const field = fields.get(key);
        if (slot !== undefined && field) slots[slot] = fnv1a(cellKey(field, value));
      }
    },
    isEcho(recordId, field, value) {
      const slot = SLOT.get(field.key);
      const held = slot === undefined ? undefined : written.get(recordId)?.[slot];
      return held !== undefined && held === fnv1a(cellKey(field, value));
    },
    size: () => written.size,
  };
}
