import { z } from "zod";

/**
 * Which CSV column feeds which order field, e.g. the `--map` option
 * `customerId=Customer ID,customerName=Customer Name,orderId=Order ID,date=Order Date,amount=Sales,margin=Profit`.
 */
export const ColumnMappingSchema = z.strictObject({
  customerId: z.string().min(1),
  orderId: z.string().min(1),
  date: z.string().min(1),
  amount: z.string().min(1),
  customerName: z.string().min(1).optional(),
  margin: z.string().min(1).optional(),
  dateFormat: z.enum(["auto", "ymd", "mdy", "dmy"]).default("auto"),
});

export type ColumnMapping = z.output<typeof ColumnMappingSchema>;
export type DateFormatOption = ColumnMapping["dateFormat"];
export type MappedField = Exclude<keyof ColumnMapping, "dateFormat">;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

const KEYS = Object.keys(ColumnMappingSchema.shape);

export function parseMapping(spec: string): Outcome<ColumnMapping> {
  const raw: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const at = part.indexOf("=");
    if (at < 0) {
      return fail(`映射项“${part.trim()}”缺少“=” / mapping item "${part.trim()}" has no "="`);
    }
    const key = part.slice(0, at).trim();
    if (key in raw) return fail(`映射键 ${key} 出现了两次 / mapping key ${key} is given twice`);
    raw[key] = part.slice(at + 1).trim();
  }
  const parsed = ColumnMappingSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return fail(parsed.error.issues.map(describeIssue).join("; "));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = String(issue.path[0] ?? "");
  if (issue.code === "unrecognized_keys") {
    const names = issue.keys.join(", ");
    return `未知的映射键 ${names}（可用：${KEYS.join(", ")}） / unknown mapping key ${names} (known: ${KEYS.join(", ")})`;
  }
  if (issue.code === "invalid_value") {
    return `${key} 只能是 auto、ymd、mdy 或 dmy / ${key} must be one of auto, ymd, mdy, dmy`;
  }
  if (issue.code === "too_small") return `映射键 ${key} 没有给出列名 / mapping key ${key} names no column`;
  return `缺少必填映射 ${key} / missing required mapping ${key}`;
}

function fail(error: string): Outcome<never> {
  return { ok: false, error };
}

export type ColumnIndexes = Partial<Record<MappedField, number>> &
  Record<"customerId" | "orderId" | "date" | "amount", number>;

/**
 * Finds each mapped column among the headers: exact name first, then
 * ignoring case and surrounding space when that picks exactly one.
 */
export function resolveColumns(mapping: ColumnMapping, headers: readonly string[]): Outcome<ColumnIndexes> {
  const indexes: Partial<Record<MappedField, number>> = {};
  const missing: string[] = [];
  for (const key of KEYS) {
    if (key === "dateFormat") continue;
    const column = mapping[key as MappedField];
    if (column === undefined) continue;
    const index = findHeader(headers, column);
    if (index === undefined) missing.push(`${key}=${column}`);
    else indexes[key as MappedField] = index;
  }
  if (missing.length > 0) {
    const available = headers.map((h) => `“${h}”`).join(", ");
    return fail(
      `文件中找不到列 ${missing.join(", ")}；可用的列：${available} / ` +
        `column not found: ${missing.join(", ")}; available headers: ${available}`,
    );
  }
  return { ok: true, value: indexes as ColumnIndexes };
}

function findHeader(headers: readonly string[], column: string): number | undefined {
  const exact = headers.indexOf(column);
  if (exact >= 0) return exact;
  const wanted = column.trim().toLowerCase();
  const loose = headers.flatMap((h, i) => (h.trim().toLowerCase() === wanted ? [i] : []));
  return loose.length === 1 ? loose[0] : undefined;
}
