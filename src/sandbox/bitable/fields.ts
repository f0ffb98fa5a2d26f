import { Codes, SandboxError } from "../envelope.ts";
import type { BaseState, FieldDef, SandboxState, TableState } from "../state.ts";
import { newId } from "../state.ts";
import {
  defaultUiType,
  FieldType,
  KNOWN_TYPES,
  LINK_TYPES,
  optionsOf,
  PRIMARY_TYPES,
} from "./field-types.ts";
import { badRequest } from "./request.ts";

/** A field as the create and update APIs send it (name, type, ui_type, property per type). */
export type FieldInput = {
  field_name: string;
  type: number;
  ui_type?: string;
  property?: Record<string, unknown> | null;
  description?: unknown;
};

export const MAX_FIELDS = 300;

export function addField(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  input: FieldInput,
  status: 200 | 400 = 200,
): FieldDef {
  const name = checkField(table, input, undefined, status);
  if (table.fields.length >= MAX_FIELDS)
    throw new SandboxError(Codes.bitableTooManyFields, "ColumnExceedLimit", 200);
  const field: FieldDef = {
    field_id: newId(state, "fld", 7),
    field_name: name,
    type: input.type,
    ui_type: input.ui_type ?? defaultUiType(input.type),
    is_primary: table.fields.length === 0,
    property: propertyFor(state, base, input, undefined),
  };
  if (input.description !== undefined) field.description = input.description;
  table.fields.push(field);
  if (input.type === FieldType.duplexLink) addBackField(state, base, table, field);
  table.revision += 1;
  return field;
}

/** Field update is a full replace of name, type and property; a changed type clears the column's values. */
export function updateField(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  field: FieldDef,
  input: FieldInput,
): FieldDef {
  const name = checkField(table, input, field, 200);
  if (field.is_primary && !PRIMARY_TYPES.has(input.type)) {
    throw new SandboxError(
      Codes.bitableNotSupportField,
      `NotSupportFieldOrView: type ${input.type} cannot be the index field`,
      200,
    );
  }
  if (input.type !== field.type) for (const row of table.records.values()) row.fields.delete(field.field_id);
  const property = propertyFor(state, base, input, field);
  field.field_name = name;
  field.ui_type = input.ui_type ?? (input.type === field.type ? field.ui_type : defaultUiType(input.type));
  field.type = input.type;
  field.property = property;
  if (input.description !== undefined) field.description = input.description;
  table.revision += 1;
  return field;
}

function checkField(
  table: TableState,
  input: FieldInput,
  self: FieldDef | undefined,
  status: 200 | 400,
): string {
  const name = typeof input?.field_name === "string" ? input.field_name.trim() : "";
  if (!name) throw badRequest("field_name is required");
  if (!KNOWN_TYPES.has(input.type)) throw badRequest(`unknown field type ${String(input.type)}`);
  if (input.type === FieldType.lookup && self?.type !== FieldType.lookup) {
    throw new SandboxError(
      Codes.bitableNotSupportField,
      "NotSupportFieldOrView: lookup fields cannot be added",
      status,
    );
  }
  if (table.fields.some((f) => f !== self && f.field_name === name)) {
    throw new SandboxError(Codes.bitableFieldNameDuplicated, `FieldNameDuplicated: ${name}`, status);
  }
  return name;
}

function propertyFor(
  state: SandboxState,
  base: BaseState,
  input: FieldInput,
  current: FieldDef | undefined,
): Record<string, unknown> | null {
  const given = input.property ?? {};
  switch (input.type) {
    case FieldType.number:
      return { formatter: "0.0", ...given };
    case FieldType.date:
    case FieldType.createdTime:
    case FieldType.modifiedTime:
      return { date_formatter: "yyyy/MM/dd", auto_fill: false, ...given };
    case FieldType.person:
      return { multiple: true, ...given };
    case FieldType.singleSelect:
    case FieldType.multiSelect:
      return { ...given, options: selectOptions(state, given.options, current) };
    case FieldType.autoNumber:
      return { auto_serial: { type: "auto_increment_number" }, ...given };
  }
  if (LINK_TYPES.has(input.type)) {
    const targetId = typeof given.table_id === "string" ? given.table_id : "";
    const target = base.tables.get(targetId);
    if (!target)
      throw new SandboxError(Codes.bitableLinkFieldConvFail, `LinkFieldConvFail: no table ${targetId}`, 200);
    const kept = current?.type === input.type ? (current.property ?? {}) : {};
    return { ...kept, multiple: true, ...given, table_id: target.table_id, table_name: target.name };
  }
  return input.property && Object.keys(input.property).length ? { ...input.property } : null;
}

/** Options keep their id when the update names it; new ones get an id and the next colour. */
function selectOptions(state: SandboxState, raw: unknown, current: FieldDef | undefined) {
  const list = Array.isArray(raw) ? (raw as { id?: unknown; name?: unknown; color?: unknown }[]) : [];
  const existing = current ? optionsOf(current) : [];
  let color = -1;
  return list.map((o) => {
    if (typeof o?.name !== "string" || !o.name)
      throw badRequest("EmptyOptionName: option names cannot be empty");
    color = typeof o.color === "number" ? o.color : (color + 1) % 55;
    const keep = existing.find((e) => e.id === o.id);
    return { id: keep ? keep.id : newId(state, "opt", 7), name: o.name, color };
  });
}

function addBackField(state: SandboxState, base: BaseState, table: TableState, field: FieldDef): void {
  const target = base.tables.get(String(field.property?.table_id));
  if (!target) return;
  const wanted = field.property?.back_field_name;
  const name = typeof wanted === "string" && wanted ? wanted : `${table.name}-${field.field_name}`;
  const back: FieldDef = {
    field_id: newId(state, "fld", 7),
    field_name: name,
    type: FieldType.duplexLink,
    ui_type: "DuplexLink",
    is_primary: false,
    property: {
      multiple: true,
      table_id: table.table_id,
      table_name: table.name,
      back_field_id: field.field_id,
      back_field_name: field.field_name,
    },
  };
  target.fields.push(back);
  field.property = { ...field.property, back_field_id: back.field_id, back_field_name: name };
}

export function fieldView(field: FieldDef) {
  return {
    field_id: field.field_id,
    field_name: field.field_name,
    type: field.type,
    ui_type: field.ui_type ?? defaultUiType(field.type),
    is_primary: field.is_primary,
    is_hidden: false,
    property: field.property ?? null,
    ...(field.description !== undefined ? { description: field.description } : {}),
  };
}
