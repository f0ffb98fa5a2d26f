import type { BaseState, FieldDef, RecordRow, SandboxState, TableState } from "../state.ts";
import { FieldType, isEmptyValue, linkTarget, optionsOf } from "./field-types.ts";
import type { UserIdType } from "./field-values.ts";
import { personOf } from "./operator.ts";

/**
 * How a read shows values. "search" is records/search and batch_get (text as segments, links as
 * {link_record_ids}); "legacy" is the older list/get (text as a plain string unless text_field_as_array,
 * links as [{record_ids, table_id, text, text_arr, type}]).
 */
export type ReadOptions = {
  shape: "search" | "legacy";
  userIdType?: UserIdType;
  textAsArray?: boolean;
  fieldNames?: string[];
  automaticFields?: boolean;
};

export type RenderedRecord = {
  record_id: string;
  id?: string;
  fields: Record<string, unknown>;
  created_time?: number;
  last_modified_time?: number;
  created_by?: unknown;
  last_modified_by?: unknown;
};

const autoNumbers = new WeakMap<RecordRow, number>();

/** Auto numbers follow creation order; rows made outside the record writer get theirs when first read. */
export function assignAutoNumber(table: TableState, row: RecordRow): number {
  let n = autoNumbers.get(row);
  if (n === undefined) {
    table.autoNumber += 1;
    n = table.autoNumber;
    autoNumbers.set(row, n);
  }
  return n;
}

export type RenderScope = { state: SandboxState; base: BaseState; table: TableState };

export function renderRecord(scope: RenderScope, row: RecordRow, opts: ReadOptions): RenderedRecord {
  const { state, table } = scope;
  const fields: Record<string, unknown> = {};
  const wanted = opts.fieldNames?.length ? new Set(opts.fieldNames) : undefined;
  for (const field of table.fields) {
    if (wanted && !wanted.has(field.field_name)) continue;
    const value = renderField(scope, field, row, opts);
    if (value !== undefined) fields[field.field_name] = value;
  }
  const out: RenderedRecord = { fields, record_id: row.record_id };
  if (opts.shape === "legacy") out.id = row.record_id;
  if (opts.automaticFields) {
    const idType = opts.userIdType ?? "open_id";
    out.created_time = row.created_time;
    out.last_modified_time = row.last_modified_time;
    if (row.created_by) out.created_by = personOf(state, row.created_by, idType);
    if (row.last_modified_by) out.last_modified_by = personOf(state, row.last_modified_by, idType);
  }
  return out;
}

/** One cell as reads show it; undefined when empty (Feishu leaves empty cells out). */
export function renderField(scope: RenderScope, field: FieldDef, row: RecordRow, opts: ReadOptions): unknown {
  const { state, table } = scope;
  const idType = opts.userIdType ?? "open_id";
  switch (field.type) {
    case FieldType.createdTime:
      return row.created_time;
    case FieldType.modifiedTime:
      return row.last_modified_time;
    case FieldType.createdBy:
      return row.created_by ? [personOf(state, row.created_by, idType)] : undefined;
    case FieldType.modifiedBy:
      return row.last_modified_by ? [personOf(state, row.last_modified_by, idType)] : undefined;
    case FieldType.autoNumber:
      return String(assignAutoNumber(table, row));
  }
  const stored = row.fields.get(field.field_id);
  if (isEmptyValue(stored)) return undefined;
  switch (field.type) {
    case FieldType.text:
      if (opts.shape === "legacy" && !opts.textAsArray) return stored;
      if (field.ui_type === "Email") return [{ type: "url", text: stored, link: `mailto:${stored}` }];
      return [{ type: "text", text: stored }];
    case FieldType.singleSelect:
      return optionsOf(field).find((o) => o.id === stored)?.name;
    case FieldType.multiSelect: {
      const opts2 = optionsOf(field);
      const names = (stored as string[]).flatMap((id) => opts2.find((o) => o.id === id)?.name ?? []);
      return names.length ? names : undefined;
    }
    case FieldType.person:
      return (stored as string[]).map((id) => personOf(state, id, idType));
    case FieldType.url:
    case FieldType.attachment:
    case FieldType.location:
      return structuredClone(stored);
    case FieldType.singleLink:
    case FieldType.duplexLink:
      return renderLinks(scope, field, stored as string[], opts);
    case FieldType.groupChat:
      return (stored as string[]).map((id) => ({ id, name: state.chats.get(id)?.name ?? "" }));
    default:
      return stored;
  }
}

function renderLinks(scope: RenderScope, field: FieldDef, ids: string[], opts: ReadOptions): unknown {
  if (opts.shape === "search") return { link_record_ids: [...ids] };
  const targetId = linkTarget(field, scope.table.table_id);
  const target = scope.base.tables.get(targetId);
  const texts = ids.map((id) => (target ? primaryText(scope, target, id) : ""));
  return [{ record_ids: [...ids], table_id: targetId, text: texts.join(","), text_arr: texts, type: "text" }];
}

/** The index field of a record as plain text (what link cells show). */
export function primaryText(scope: RenderScope, table: TableState, recordId: string): string {
  const row = table.records.get(recordId);
  const primary = table.fields.find((f) => f.is_primary) ?? table.fields[0];
  if (!row || !primary) return "";
  const value = renderField({ ...scope, table }, primary, row, { shape: "legacy" });
  if (value === undefined) return "";
  if (typeof value === "object" && value && "text" in value) return String((value as { text: unknown }).text);
  return String(value);
}

/** A cell as the change event carries it: the read value serialised as a JSON string. */
export function eventFieldValue(scope: RenderScope, field: FieldDef, row: RecordRow): string | undefined {
  const value = renderField(scope, field, row, { shape: "search" });
  return value === undefined ? undefined : JSON.stringify(value);
}
