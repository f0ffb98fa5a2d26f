import { z } from "zod";
import { DEFAULT_TZ, isoDateIn } from "./zoned-dates.ts";

/**
 * Reading Bitable cells, one decoder per field type. Total: whatever people typed into a cell
 * becomes a value or a problem for that field, never an exception.
 *
 * Domain values: text/select/phone → string; number → number; multi select, person (open_ids),
 * link (record ids) → string[]; date → "yyyy-mm-dd" in the zone; checkbox → boolean; url →
 * {link, text}; created/modified time → epoch ms. Empty cells (Bitable omits them) decode to null,
 * [] for list types and false for a checkbox.
 */
export type UrlValue = { link: string; text: string };
export type FieldValue = string | number | boolean | string[] | UrlValue | null;
export type CodecOptions = { tz?: string };
export type Decoded = { ok: true; value: FieldValue } | { ok: false; message: string };

const Segment = z.looseObject({
  type: z.string().optional(),
  text: z.string().optional(),
  link: z.string().optional(),
});
const Segments = z.array(Segment);
const Person = z.looseObject({ id: z.string() });
const IdObject = z.looseObject({ id: z.string().optional(), file_token: z.string().optional() });
const LinkCell = z.union([
  z.looseObject({ link_record_ids: z.array(z.string()) }),
  z.array(z.string()),
  z.array(
    z.looseObject({ record_ids: z.array(z.string()).optional(), text_arr: z.array(z.string()).optional() }),
  ),
]);
const Wrapped = z.looseObject({ type: z.number(), value: z.unknown() });
const Url = z.looseObject({ link: z.string(), text: z.string().nullish() });

const ok = (value: FieldValue): Decoded => ({ ok: true, value });
const bad = (message: string): Decoded => ({ ok: false, message });
const MAX_DATE_MS = 8.64e15;
const LIST_TYPES = new Set([4, 11, 17, 18, 21, 23, 1003, 1004]);

/** An empty cell's value for a field type. */
export function emptyValue(type: number): FieldValue {
  if (type === 7) return false;
  return LIST_TYPES.has(type) ? [] : null;
}

export function decodeValue(type: number, raw: unknown, opts: CodecOptions = {}): Decoded {
  if (raw === undefined || raw === null || raw === "") return ok(emptyValue(type));
  const tz = opts.tz ?? DEFAULT_TZ;
  switch (type) {
    case 1:
    case 1005:
      return decodeText(raw);
    case 2:
      return decodeNumber(raw);
    case 3: {
      if (typeof raw === "string") return ok(raw);
      const list = z.array(z.string()).safeParse(raw);
      if (list.success && list.data.length <= 1) return ok(list.data[0] ?? null);
      return bad(`单选字段应为一个选项，实际为 ${preview(raw)}`);
    }
    case 4: {
      if (typeof raw === "string") return ok([raw]);
      const list = z.array(z.string()).safeParse(raw);
      return list.success ? ok(list.data) : bad(`多选字段应为选项列表，实际为 ${preview(raw)}`);
    }
    case 5: {
      const ms = toMs(raw);
      return ms === undefined ? bad(`日期字段应为时间戳，实际为 ${preview(raw)}`) : ok(isoDateIn(ms, tz));
    }
    case 1001:
    case 1002: {
      const ms = toMs(raw);
      return ms === undefined ? bad(`时间字段应为时间戳，实际为 ${preview(raw)}`) : ok(ms);
    }
    case 7:
      return typeof raw === "boolean" ? ok(raw) : bad(`复选框应为 true/false，实际为 ${preview(raw)}`);
    case 11:
    case 1003:
    case 1004: {
      const people = z.union([z.array(Person), Person]).safeParse(raw);
      if (people.success)
        return ok((Array.isArray(people.data) ? people.data : [people.data]).map((p) => p.id));
      const ids = z.array(z.string()).safeParse(raw);
      return ids.success ? ok(ids.data) : bad(`人员字段格式无法识别：${preview(raw)}`);
    }
    case 13:
      return typeof raw === "string" || typeof raw === "number" ? ok(String(raw)) : decodeText(raw);
    case 15:
      return decodeUrl(raw);
    case 18:
    case 21:
      return decodeLink(raw);
    case 19:
    case 20:
      return decodeComputed(raw, opts);
    case 17:
    case 23: {
      const items = z.array(IdObject).safeParse(raw);
      if (!items.success) return bad(`无法识别的值：${preview(raw)}`);
      return ok(items.data.map((x) => x.file_token ?? x.id ?? "").filter(Boolean));
    }
    case 22: {
      const place = z
        .looseObject({ full_address: z.string().optional(), address: z.string().optional() })
        .safeParse(raw);
      return place.success
        ? ok(place.data.full_address ?? place.data.address ?? null)
        : bad(`地理位置格式无法识别：${preview(raw)}`);
    }
    default:
      return typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean"
        ? ok(raw)
        : bad(`字段类型 ${type} 暂不支持`);
  }
}

function decodeText(raw: unknown): Decoded {
  if (typeof raw === "string") return ok(raw);
  if (typeof raw === "number" || typeof raw === "boolean") return ok(String(raw));
  const segments = Segments.safeParse(raw);
  if (segments.success) return ok(segments.data.map((s) => s.text ?? s.link ?? "").join("") || null);
  const strings = z.array(z.union([z.string(), z.number()])).safeParse(raw);
  if (strings.success) return ok(strings.data.join(", ") || null);
  return bad(`文本字段格式无法识别：${preview(raw)}`);
}

function decodeNumber(raw: unknown): Decoded {
  if (typeof raw === "number") return Number.isFinite(raw) ? ok(raw) : bad(`数字无效：${raw}`);
  const text = decodeText(raw);
  if (text.ok && typeof text.value === "string") {
    const trimmed = text.value.trim();
    const n = trimmed === "" ? Number.NaN : Number(trimmed);
    if (Number.isFinite(n)) return ok(n);
  }
  return bad(`数字字段里填的不是数字：${preview(raw)}`);
}

function decodeUrl(raw: unknown): Decoded {
  if (typeof raw === "string") return ok({ link: raw, text: raw });
  const url = Url.safeParse(raw);
  if (url.success) return ok({ link: url.data.link, text: url.data.text || url.data.link });
  const segments = Segments.safeParse(raw);
  const first = segments.success ? segments.data.find((s) => s.link) : undefined;
  if (first?.link) return ok({ link: first.link, text: first.text || first.link });
  return bad(`超链接格式无法识别：${preview(raw)}`);
}

function decodeLink(raw: unknown): Decoded {
  const cell = LinkCell.safeParse(raw);
  if (!cell.success) return bad(`关联字段格式无法识别：${preview(raw)}`);
  const v = cell.data;
  if (!Array.isArray(v)) return ok(v.link_record_ids);
  const ids: string[] = [];
  for (const item of v) {
    if (typeof item === "string") ids.push(item);
    else if (item.record_ids) ids.push(...item.record_ids);
    else return bad("关联字段只返回了显示文本（text_arr），没有记录 ID");
  }
  return ok(ids);
}

/** Formula and lookup cells: {type, value: [...]} around an inner type's value, or a plain value. */
function decodeComputed(raw: unknown, opts: CodecOptions): Decoded {
  const wrapped = Wrapped.safeParse(raw);
  if (!wrapped.success) {
    if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return ok(raw);
    return decodeText(raw);
  }
  const { type, value } = wrapped.data;
  if (type === 1 || type === 19 || type === 20) return decodeText(value);
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return ok(emptyValue(type));
  if (items.length === 1 || LIST_TYPES.has(type))
    return decodeValue(type, LIST_TYPES.has(type) ? value : items[0], opts);
  const decoded = items.map((item) => decodeValue(type, item, opts));
  const failed = decoded.find((d) => !d.ok);
  if (failed) return failed;
  return ok(decoded.map((d) => (d.ok ? String(d.value) : "")));
}

/** Epoch ms within what a Date can hold. */
function toMs(raw: unknown): number | undefined {
  const n =
    typeof raw === "number"
      ? raw
      : typeof raw === "string" && /^-?\d+$/.test(raw.trim())
        ? Number(raw.trim())
        : Number.NaN;
  return Number.isFinite(n) && Math.abs(n) <= MAX_DATE_MS ? n : undefined;
}

function preview(raw: unknown): string {
  let s: string;
  try {
    s = typeof raw === "string" ? `"${raw}"` : (JSON.stringify(raw) ?? String(raw));
  } catch {
    s = String(raw);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
