import { Codes, SandboxError } from "../envelope.ts";
import type { BaseState, SandboxState, TableState } from "../state.ts";
import { newId } from "../state.ts";
import { FieldType, PRIMARY_TYPES } from "./field-types.ts";
import type { FieldInput } from "./fields.ts";
import { addField, MAX_FIELDS } from "./fields.ts";
import { badRequest } from "./request.ts";

export type { FieldInput } from "./fields.ts";
export type TableInput = { name: string; default_view_name?: string; fields?: FieldInput[] };

const MAX_TABLES = 100;
const BAD_TABLE_NAME = /[/\\?*:[\]]/;

export function createBase(state: SandboxState, input: { app_token?: string; name?: string }): BaseState {
  const app_token = input.app_token ?? newId(state, "", 27);
  const base: BaseState = { app_token, name: input.name ?? "", revision: 1, tables: new Map() };
  state.bases.set(app_token, base);
  return base;
}

export type CreatedTable = { table_id: string; default_view_id: string; field_id_list: string[] };

/** New table with its initial fields; the first field is the index field (only some types qualify). */
export function createTable(
  state: SandboxState,
  base: BaseState,
  input: TableInput,
  status: 200 | 400 = 200,
): CreatedTable {
  if (base.tables.size >= MAX_TABLES) {
    throw new SandboxError(
      Codes.bitableTooManyTables,
      "TableExceedLimit: at most 100 tables and dashboards per base",
      200,
    );
  }
  const name = typeof input?.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 100 || BAD_TABLE_NAME.test(name))
    throw badRequest(`invalid table name "${name}"`);
  if ([...base.tables.values()].some((t) => t.name === name)) {
    throw new SandboxError(Codes.bitableTableNameDuplicated, `TableNameDuplicated: ${name}`, 200);
  }
  const inputs = input.fields?.length ? input.fields : [{ field_name: "多行文本", type: FieldType.text }];
  if (inputs.length > MAX_FIELDS) throw badRequest(`at most ${MAX_FIELDS} fields`);
  if (!PRIMARY_TYPES.has(inputs[0]!.type)) {
    throw new SandboxError(
      Codes.bitableNotSupportField,
      `NotSupportFieldOrView: type ${inputs[0]!.type} cannot be the index field`,
      status,
    );
  }
  const table: TableState = {
    table_id: newId(state, "tbl", 13),
    name,
    revision: 1,
    fields: [],
    records: new Map(),
    busyUntil: 0,
    autoNumber: 0,
  };
  base.tables.set(table.table_id, table);
  try {
    for (const f of inputs) addField(state, base, table, f, status);
    table.revision = 1;
  } catch (err) {
    base.tables.delete(table.table_id);
    throw err;
  }
  base.revision += 1;
  return {
    table_id: table.table_id,
    default_view_id: newId(state, "vew", 7),
    field_id_list: table.fields.map((f) => f.field_id),
  };
}
