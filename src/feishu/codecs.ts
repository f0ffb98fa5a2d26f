import { z } from "zod";
import { type CodecOptions, decodeValue, emptyValue, type FieldValue } from "./cell-decoders.ts";
import { DEFAULT_TZ, isIsoDate, startOfDayIn } from "./zoned-dates.ts";

export {
  type CodecOptions,
  type Decoded,
  decodeValue,
  emptyValue,
  type FieldValue,
  type UrlValue,
} from "./cell-decoders.ts";

/**
 * Bitable records ↔ domain values, addressed by the template's stable keys. Reading is total (a
 * cell of the wrong shape is a problem for that field); writing is strict, since a wrong value
 * there is a bug in our code: it throws FieldEncodeError.
 */
export type FieldRef = { key: string; name: string; type: number };
export type FieldProblem = { field: string; key: string; message: string };

export class FieldEncodeError extends Error {
  override readonly name = "FieldEncodeError";
  constructor(
    readonly field: string,
    readonly key: string,
    message: string,
  ) {
    super(`${field} (${key}): ${message}`);
  }
}

/** Fields Bitable computes; writing them is refused. */
export const READ_ONLY_TYPES: ReadonlySet<number> = new Set([19, 20, 1001, 1002, 1003, 1004, 1005]);

export function decodeRecord(
  fields: readonly FieldRef[],
  raw: Record<string, unknown> | undefined,
  opts: CodecOptions = {},
): { values: Record<string, FieldValue>; problems: FieldProblem[] } {
  const values: Record<string, FieldValue> = {};
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const decoded = decodeValue(f.type, raw?.[f.name], opts);
    if (decoded.ok) {
      values[f.key] = decoded.value;
    } else {
      values[f.key] = emptyValue(f.type);
      problems.push({ field: f.name, key: f.key, message: decoded.message });
    }
  }
  return { values, problems };
}

/** Domain values by key → the write body's fields by name. Undefined is skipped; null clears the cell. */
export function encodeFields(
  fields: readonly FieldRef[],
  values: Partial<Record<string, unknown>>,
  opts: CodecOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = values[f.key];
    if (value === undefined) continue;
    out[f.name] = encodeValue(f, value, opts);
  }
  return out;
}

const Str = z.string();
const StrList = z.union([z.array(z.string()), z.string().transform((s) => [s])]);
const Num = z.number().refine(Number.isFinite, "must be a finite number");
const DateInput = z.union([
  z.string().refine(isIsoDate, "must be a calendar date yyyy-mm-dd"),
  z.number().int().refine(Number.isFinite),
]);
const UrlInput = z.union([
  z.object({ link: z.string().min(1), text: z.string().optional() }),
  z
    .string()
    .min(1)
    .transform((link) => ({ link })),
]);

export function encodeValue(f: FieldRef, value: unknown, opts: CodecOptions = {}): unknown {
  if (READ_ONLY_TYPES.has(f.type))
    throw new FieldEncodeError(f.name, f.key, `field type ${f.type} is read-only`);
  if (value === null) return null;
  const parse = <T>(schema: z.ZodType<T>): T => {
    const r = schema.safeParse(value);
    if (!r.success)
      throw new FieldEncodeError(
        f.name,
        f.key,
        `${r.error.issues[0]?.message} (got ${JSON.stringify(value)})`,
      );
    return r.data;
  };
  switch (f.type) {
    case 1:
    case 3:
    case 13:
      return parse(Str);
    case 2:
      return parse(Num);
    case 4:
    case 18:
    case 21:
      return parse(StrList);
    case 5: {
      const d = parse(DateInput);
      return typeof d === "number" ? d : startOfDayIn(d, opts.tz ?? DEFAULT_TZ);
    }
    case 7:
      return parse(z.boolean());
    case 11:
      return parse(StrList).map((id) => ({ id }));
    case 15: {
      const u = parse(UrlInput);
      return { link: u.link, text: ("text" in u && u.text) || u.link };
    }
    default:
      throw new FieldEncodeError(f.name, f.key, `field type ${f.type} cannot be written by feishu-kam`);
  }
}
