import type { FieldDef, RecordRow, TableState } from "../state.ts";
import { DATE_TYPES, FieldType, isEmptyValue, optionsOf } from "./field-types.ts";
import type { RenderScope } from "./render.ts";
import { assignAutoNumber, primaryText } from "./render.ts";

/**
 * Cells reduced to what filters and sorts compare: a number (number, dates, auto number), a set of
 * names or ids (selects, people, links, groups), a boolean (checkbox) or text (everything else).
 */
export type CellKind = "number" | "set" | "checkbox" | "text" | "attachment" | "computed";

export function kindOf(field: FieldDef): CellKind {
  if (field.type === FieldType.number || field.type === FieldType.autoNumber || DATE_TYPES.has(field.type)) {
    return "number";
  }
  switch (field.type) {
    case FieldType.singleSelect:
    case FieldType.multiSelect:
    case FieldType.person:
    case FieldType.createdBy:
    case FieldType.modifiedBy:
    case FieldType.singleLink:
    case FieldType.duplexLink:
    case FieldType.groupChat:
      return "set";
    case FieldType.checkbox:
      return "checkbox";
    case FieldType.attachment:
      return "attachment";
    case FieldType.formula:
    case FieldType.lookup:
      return "computed";
    default:
      return "text";
  }
}

export function cellNumber(table: TableState, field: FieldDef, row: RecordRow): number | undefined {
  switch (field.type) {
    case FieldType.createdTime:
      return row.created_time;
    case FieldType.modifiedTime:
      return row.last_modified_time;
    case FieldType.autoNumber:
      return assignAutoNumber(table, row);
  }
  const v = row.fields.get(field.field_id);
  return typeof v === "number" ? v : undefined;
}

/** Select cells as option names; people, links and groups as ids. */
export function cellSet(field: FieldDef, row: RecordRow): string[] {
  if (field.type === FieldType.createdBy) return row.created_by ? [row.created_by] : [];
  if (field.type === FieldType.modifiedBy) return row.last_modified_by ? [row.last_modified_by] : [];
  const v = row.fields.get(field.field_id);
  if (isEmptyValue(v)) return [];
  const ids = Array.isArray(v) ? (v as string[]) : [v as string];
  if (field.type !== FieldType.singleSelect && field.type !== FieldType.multiSelect) return ids;
  const options = optionsOf(field);
  return ids.flatMap((id) => options.find((o) => o.id === id)?.name ?? []);
}

export function cellText(field: FieldDef, row: RecordRow): string {
  const v = row.fields.get(field.field_id);
  if (isEmptyValue(v)) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (typeof v === "object" && v) {
    const o = v as Record<string, unknown>;
    return String(o.text ?? o.full_address ?? o.location ?? o.link ?? "");
  }
  return "";
}

export function cellIsEmpty(table: TableState, field: FieldDef, row: RecordRow): boolean {
  switch (kindOf(field)) {
    case "number":
      return cellNumber(table, field, row) === undefined;
    case "set":
      return cellSet(field, row).length === 0;
    case "checkbox":
      return row.fields.get(field.field_id) !== true;
    default:
      return isEmptyValue(row.fields.get(field.field_id));
  }
}

/** A sort key: numbers and text compare as themselves, selects by option order, sets by their joined text. */
export function sortKey(scope: RenderScope, field: FieldDef, row: RecordRow): number | string | undefined {
  const { table } = scope;
  if (cellIsEmpty(table, field, row)) return undefined;
  switch (kindOf(field)) {
    case "number":
      return cellNumber(table, field, row);
    case "checkbox":
      return 1;
    case "set": {
      if (field.type === FieldType.singleSelect || field.type === FieldType.multiSelect) {
        const first = cellSet(field, row)[0];
        return optionsOf(field).findIndex((o) => o.name === first);
      }
      if (field.type === FieldType.singleLink || field.type === FieldType.duplexLink) {
        const target = scope.base.tables.get(String(field.property?.table_id ?? table.table_id));
        return cellSet(field, row)
          .map((id) => (target ? primaryText(scope, target, id) : id))
          .join(",");
      }
      return cellSet(field, row).join(",");
    }
    default:
      return cellText(field, row);
  }
}
