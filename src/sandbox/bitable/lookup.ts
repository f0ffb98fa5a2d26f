import { Codes, SandboxError } from "../envelope.ts";
import type { BaseState, FieldDef, SandboxState, TableState } from "../state.ts";

type NotFoundStatus = 200 | 404;

export function findBase(state: SandboxState, appToken: string, status: NotFoundStatus = 200): BaseState {
  const base = state.bases.get(appToken);
  if (!base) throw new SandboxError(Codes.bitableBaseNotFound, `BaseTokenNotFound: ${appToken}`, status);
  return base;
}

export function findTable(
  state: SandboxState,
  appToken: string,
  tableId: string,
  status: NotFoundStatus = 200,
): { base: BaseState; table: TableState } {
  const base = findBase(state, appToken, status);
  const table = base.tables.get(tableId);
  if (!table) throw new SandboxError(Codes.bitableTableNotFound, `TableIdNotFound: ${tableId}`, status);
  return { base, table };
}

export function fieldByName(table: TableState, name: string): FieldDef | undefined {
  return table.fields.find((f) => f.field_name === name);
}

export function fieldById(table: TableState, id: string): FieldDef | undefined {
  return table.fields.find((f) => f.field_id === id);
}

/** Writes name fields; an unknown name is 1254045 FieldNameNotFound. */
export function requireFieldByName(table: TableState, name: string): FieldDef {
  const field = fieldByName(table, name);
  if (!field) throw new SandboxError(Codes.bitableFieldNotFound, `FieldNameNotFound: ${name}`, 200);
  return field;
}
