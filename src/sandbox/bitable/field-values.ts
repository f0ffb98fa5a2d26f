import { Codes, SandboxError } from "../envelope.ts";
import type { BaseState, FieldDef, SandboxState, SandboxUser, TableState } from "../state.ts";
import { newId } from "../state.ts";
import type { SelectOption } from "./field-types.ts";
import {
  defaultUiType,
  FieldType,
  isEmptyValue,
  linkTarget,
  optionsOf,
  READ_ONLY_TYPES,
} from "./field-types.ts";

export type UserIdType = "open_id" | "user_id" | "union_id";

/** What one write call needs to check values; options added by earlier rows of the batch are seen by later ones. */
export type WriteContext = {
  state: SandboxState;
  base: BaseState;
  table: TableState;
  userIdType: UserIdType;
  newOptions: Map<FieldDef, SelectOption[]>;
};

const MAX_CELL_CHARS = 100_000;
export function userById(state: SandboxState, id: string, type: UserIdType): SandboxUser | undefined {
  if (type === "open_id")
    return state.users.get(id) ?? [...state.users.values()].find((u) => u.open_id === id);
  return [...state.users.values()].find((u) => u[type] === id);
}

function mismatch(field: FieldDef, expected: string): SandboxError {
  const ui = field.ui_type ?? defaultUiType(field.type);
  return new SandboxError(
    Codes.bitableFieldConvFail,
    `Field types do not match: field "${field.field_name}" (${ui}) expects ${expected}`,
    400,
  );
}

function fieldError(code: number, field: FieldDef, msg: string, status: 200 | 400 = 200): SandboxError {
  return new SandboxError(code, `${msg} (field "${field.field_name}")`, status);
}

/** Checks a written value against its field and returns the stored form; undefined clears the cell. */
export function normalizeValue(ctx: WriteContext, field: FieldDef, raw: unknown): unknown {
  if (READ_ONLY_TYPES.has(field.type)) throw mismatch(field, "no value: the field is computed and read-only");
  if (raw === null || raw === undefined) return undefined;
  switch (field.type) {
    case FieldType.text:
      return normalizeText(field, raw);
    case FieldType.number:
      if (typeof raw !== "number" || !Number.isFinite(raw)) throw mismatch(field, "a number");
      return raw;
    case FieldType.singleSelect:
      if (typeof raw !== "string") throw mismatch(field, "an option name (string)");
      return raw === "" ? undefined : optionIdFor(ctx, field, raw);
    case FieldType.multiSelect: {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) {
        throw mismatch(field, "an array of option names");
      }
      const ids = [
        ...new Set((raw as string[]).filter((v) => v !== "").map((v) => optionIdFor(ctx, field, v))),
      ];
      return ids.length ? ids : undefined;
    }
    case FieldType.date:
      // Any whole number of ms is a date to Feishu (pre-1970 birthdays are negative); only the type is checked.
      if (typeof raw !== "number" || !Number.isInteger(raw)) {
        throw mismatch(field, "a Unix timestamp in milliseconds");
      }
      return raw;
    case FieldType.checkbox:
      if (typeof raw !== "boolean") throw mismatch(field, "true or false");
      return raw || undefined;
    case FieldType.person:
      return normalizePeople(ctx, field, raw);
    case FieldType.phone:
      if (typeof raw !== "string") throw mismatch(field, "a phone number string");
      if (raw.length > 64 || !/^\+?\d*$/.test(raw)) {
        throw fieldError(Codes.bitablePhoneFieldConvFail, field, `InvalidPhoneNumber: ${raw}`);
      }
      return raw === "" ? undefined : raw;
    case FieldType.url:
      return normalizeUrl(field, raw);
    case FieldType.attachment:
      if (!Array.isArray(raw) || raw.some((a) => typeof a?.file_token !== "string")) {
        throw mismatch(field, "an array of {file_token}");
      }
      return raw.length ? raw.map((a) => ({ ...a })) : undefined;
    case FieldType.singleLink:
    case FieldType.duplexLink:
      return normalizeLinks(ctx, field, raw);
    case FieldType.groupChat:
      if (!Array.isArray(raw) || raw.some((g) => typeof g?.id !== "string"))
        throw mismatch(field, "an array of {id}");
      return raw.length ? raw.map((g) => g.id as string) : undefined;
    default:
      return isEmptyValue(raw) ? undefined : raw;
  }
}

function normalizeText(field: FieldDef, raw: unknown): string | undefined {
  let text: string;
  if (typeof raw === "string") text = raw;
  else if (Array.isArray(raw) && raw.every((s) => typeof s?.text === "string")) {
    text = raw.map((s) => s.text as string).join("");
  } else throw mismatch(field, "a string");
  if (text.length > MAX_CELL_CHARS) throw fieldError(Codes.bitableTooLargeCell, field, "TooLargeCell");
  return text === "" ? undefined : text;
}

function normalizeUrl(field: FieldDef, raw: unknown): { link: string; text: string } {
  if (typeof raw !== "object" || Array.isArray(raw)) throw mismatch(field, "an object {link, text}");
  const { link, text } = raw as { link?: unknown; text?: unknown };
  if (typeof link !== "string" || !link)
    throw fieldError(Codes.bitableUrlFieldConvFail, field, "URLFieldConvFail");
  return { link, text: typeof text === "string" && text ? text : link };
}

function normalizePeople(ctx: WriteContext, field: FieldDef, raw: unknown): string[] | undefined {
  if (!Array.isArray(raw) || raw.some((p) => typeof p?.id !== "string")) {
    throw fieldError(Codes.bitableUserFieldConvFail, field, "UserFieldConvFail: expects an array of {id}");
  }
  if (raw.length > 1 && field.property?.multiple === false) {
    throw fieldError(Codes.bitableUserFieldConvFail, field, "UserFieldConvFail: the field takes one person");
  }
  const ids: string[] = [];
  for (const p of raw as { id: string }[]) {
    const user = userById(ctx.state, p.id, ctx.userIdType);
    if (!user)
      throw fieldError(
        Codes.bitableUserFieldConvFail,
        field,
        `UserFieldConvFail: unknown ${ctx.userIdType} ${p.id}`,
      );
    if (!ids.includes(user.open_id)) ids.push(user.open_id);
  }
  return ids.length ? ids : undefined;
}

function normalizeLinks(ctx: WriteContext, field: FieldDef, raw: unknown): string[] | undefined {
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) {
    if (field.type === FieldType.duplexLink) {
      throw fieldError(
        Codes.bitableDuplexLinkConvFail,
        field,
        "DuplexLinkFieldConvFail: expects an array of record ids",
        400,
      );
    }
    throw mismatch(field, "an array of record ids");
  }
  const ids = [...new Set(raw as string[])];
  if (ids.length > 1 && field.property?.multiple === false) {
    throw fieldError(Codes.bitableLinkFieldConvFail, field, "LinkFieldConvFail: the field links one record");
  }
  const target = ctx.base.tables.get(linkTarget(field, ctx.table.table_id));
  for (const id of ids) {
    if (!target?.records.has(id))
      throw fieldError(Codes.bitableLinkFieldConvFail, field, `LinkFieldConvFail: no record ${id}`);
  }
  return ids.length ? ids : undefined;
}

/** Like Feishu, an unknown option name adds the option (colours continue from the last one). */
function optionIdFor(ctx: WriteContext, field: FieldDef, name: string): string {
  const known = optionsOf(field).find((o) => o.name === name);
  if (known) return known.id;
  const pending = ctx.newOptions.get(field) ?? [];
  const added = pending.find((o) => o.name === name);
  if (added) return added.id;
  const all = [...optionsOf(field), ...pending];
  const color = all.length ? ((all[all.length - 1]?.color ?? 0) + 1) % 55 : 0;
  const option = { id: newId(ctx.state, "opt", 7), name, color };
  ctx.newOptions.set(field, [...pending, option]);
  return option.id;
}

/** Adds the options collected during a write to their fields, once the whole write is known to be valid. */
export function commitNewOptions(ctx: WriteContext): void {
  for (const [field, added] of ctx.newOptions) {
    field.property = { ...(field.property ?? {}), options: [...optionsOf(field), ...added] };
  }
  ctx.newOptions.clear();
}
