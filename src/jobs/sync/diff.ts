import type { FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";

/**
 * Computed cells against what Bitable holds, so a sync writes only what a person would see change:
 * numbers at the precision of the field's formatter, dates by day, text trimmed, empty = empty.
 */

/** Decimal places a number field shows: "0.00" → 2, "0.0%" → 3 (a share shown as a percentage). */
export function decimalsOf(formatter: string | undefined): number {
  if (!formatter) return 2;
  const percent = formatter.endsWith("%") ? 2 : 0;
  const decimals = (formatter.split(".")[1] ?? "").replace("%", "").length;
  return decimals + percent;
}

/** A number as the field shows it; what we write is already rounded, so a reread compares equal. */
export function roundForField(field: Pick<FieldTemplate, "formatter">, value: number): number {
  const scale = 10 ** decimalsOf(field.formatter);
  return Math.round(value * scale) / scale;
}

/**
 * A cell's value reduced to what decides equality, as a string: the diff compares these, and the
 * echo memo (own writes coming back as events) hashes them.
 */
export function cellKey(
  field: Pick<FieldTemplate, "type" | "formatter">,
  value: FieldValue | undefined,
): string {
  if (value === null || value === undefined) return "";
  if (field.type === 2) {
    if (typeof value !== "number" || !Number.isFinite(value)) return `?${String(value)}`;
    const scale = 10 ** decimalsOf(field.formatter);
    // Integer units, so 0.1 + 0.2 and 0.3 agree; -0 and 0 too.
    return String(Math.round(value * scale) || 0);
  }
  if (typeof value === "string") return value.replace(/\r\n/g, "\n").trim();
  if (Array.isArray(value)) return value.join(",");
  return typeof value === "object" ? value.link : String(value);
}

export function sameCell(
  field: Pick<FieldTemplate, "type" | "formatter">,
  held: FieldValue | undefined,
  wanted: FieldValue | undefined,
): boolean {
  return cellKey(field, held) === cellKey(field, wanted);
}

/** The wanted values whose cells differ from the held ones, numbers rounded for writing. */
export function changedCells(
  fields: ReadonlyMap<string, FieldTemplate>,
  held: Readonly<Record<string, FieldValue | undefined>>,
  wanted: Readonly<Record<string, FieldValue>>,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const field = fields.get(key);
    if (!field) throw new Error(`accounts template has no field "${key}"`);
    if (sameCell(field, held[key], value)) continue;
    out[key] =
      field.type === 2 && typeof value === "number"
        ? roundForField(field, value)
        : typeof value === "string"
          ? value.trim() || null
          : value;
  }
  return out;
}
