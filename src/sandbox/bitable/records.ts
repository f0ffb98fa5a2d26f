import { Codes, SandboxError } from "../envelope.ts";
import type { BaseState, FieldDef, RecordRow, SandboxState, TableState } from "../state.ts";
import { newId } from "../state.ts";
import type { RecordAction } from "./change-events.ts";
import { editAction, emitRecordChanges, eventValues, hasSubscribers } from "./change-events.ts";
import { FieldType, LINK_TYPES, linkTarget } from "./field-types.ts";
import type { UserIdType, WriteContext } from "./field-values.ts";
import { commitNewOptions, normalizeValue } from "./field-values.ts";
import { requireFieldByName } from "./lookup.ts";
import type { Operator } from "./operator.ts";
import { assignAutoNumber } from "./render.ts";
import { badRequest } from "./request.ts";

export type RecordInput = { record_id?: string; fields?: Record<string, unknown> };
export type WriteOp =
  | { kind: "create"; records: RecordInput[] }
  | { kind: "update"; records: RecordInput[] }
  | { kind: "delete"; ids: string[] };

/** Write answers echo the fields as written (Feishu's create/update responses do the same). */
export type WrittenRecord = { record_id: string; fields: Record<string, unknown> };
export type WriteResult = { records: WrittenRecord[]; deleted: string[] };

type Prepared = { row?: RecordRow; cells: Map<FieldDef, unknown>; echo: Record<string, unknown> };

/**
 * Applies one write call to a table, all or nothing: every value is checked first (unknown field
 * 1254045, bad value 1254015 and friends, unknown record 1254043, table full 1254103), then the rows
 * change, the revision moves on and subscribers get one change event for the call.
 */
export function commitWrite(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  op: WriteOp,
  operator: Operator,
  userIdType: UserIdType = "open_id",
): WriteResult {
  const ctx: WriteContext = { state, base, table, userIdType, newOptions: new Map() };
  const listening = hasSubscribers(state, base);
  const now = state.clock.now();
  const actions: RecordAction[] = [];
  const result: WriteResult = { records: [], deleted: [] };

  if (op.kind === "delete") {
    const rows = op.ids.map((id) => requireRow(table, id));
    for (const row of rows) {
      if (!table.records.has(row.record_id)) continue;
      if (listening) actions.push(deletedAction(state, base, table, row));
      for (const [field, ids] of duplexCells(table, row))
        mirrorDuplex(base, table, field, row.record_id, ids, []);
      table.records.delete(row.record_id);
      result.deleted.push(row.record_id);
    }
    dropLinksTo(base, table.table_id, new Set(result.deleted));
  } else {
    if (op.kind === "create" && table.records.size + op.records.length > state.limits.maxRecordsPerTable) {
      throw new SandboxError(
        Codes.bitableRecordLimit,
        `RecordExceedLimit: a table holds at most ${state.limits.maxRecordsPerTable} records`,
        200,
      );
    }
    const prepared = op.records.map((input) => prepare(ctx, op.kind, input));
    commitNewOptions(ctx);
    for (const p of prepared) {
      const row = p.row ?? newRow(state, table, now, operator);
      const before = listening && p.row ? eventValues(state, base, table, row) : [];
      for (const [field, value] of p.cells) {
        const old = row.fields.get(field.field_id);
        if (value === undefined) row.fields.delete(field.field_id);
        else row.fields.set(field.field_id, value);
        if (field.type === FieldType.duplexLink) {
          mirrorDuplex(base, table, field, row.record_id, (old as string[]) ?? [], (value as string[]) ?? []);
        }
      }
      row.last_modified_time = now;
      row.last_modified_by = operator.open_id;
      if (listening) {
        const after = eventValues(state, base, table, row);
        const action = p.row
          ? editAction(row.record_id, before, after)
          : {
              record_id: row.record_id,
              action: "record_added" as const,
              before_value: [],
              after_value: after,
            };
        if (action) actions.push(action);
      }
      result.records.push({ record_id: row.record_id, fields: p.echo });
    }
  }
  table.revision += 1;
  base.revision += 1;
  emitRecordChanges(state, base, table, operator, actions);
  return result;
}

function prepare(ctx: WriteContext, kind: "create" | "update", input: RecordInput): Prepared {
  if (typeof input !== "object" || input === null) throw badRequest("each record must be an object");
  const fields = input.fields ?? {};
  if (typeof fields !== "object" || Array.isArray(fields)) throw badRequest("fields must be an object");
  let row: RecordRow | undefined;
  if (kind === "update") {
    if (typeof input.record_id !== "string" || !input.record_id) throw badRequest("record_id is required");
    row = requireRow(ctx.table, input.record_id);
  }
  const cells = new Map<FieldDef, unknown>();
  const echo: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const field = requireFieldByName(ctx.table, name);
    cells.set(field, normalizeValue(ctx, field, raw));
    if (raw !== null && raw !== undefined) echo[name] = raw;
  }
  return { row, cells, echo };
}

function requireRow(table: TableState, id: string): RecordRow {
  const row = typeof id === "string" ? table.records.get(id) : undefined;
  if (!row) throw new SandboxError(Codes.bitableRecordNotFound, `RecordIdNotFound: ${String(id)}`, 200);
  return row;
}

function newRow(state: SandboxState, table: TableState, now: number, operator: Operator): RecordRow {
  const row: RecordRow = {
    record_id: newId(state, "rec", 10),
    fields: new Map(),
    created_time: now,
    last_modified_time: now,
    created_by: operator.open_id,
    last_modified_by: operator.open_id,
  };
  table.records.set(row.record_id, row);
  assignAutoNumber(table, row);
  return row;
}

function deletedAction(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  row: RecordRow,
): RecordAction {
  const before = eventValues(state, base, table, row);
  return { record_id: row.record_id, action: "record_deleted", before_value: before, after_value: [] };
}

function duplexCells(table: TableState, row: RecordRow): [FieldDef, string[]][] {
  return table.fields
    .filter((f) => f.type === FieldType.duplexLink && Array.isArray(row.fields.get(f.field_id)))
    .map((f) => [f, row.fields.get(f.field_id) as string[]]);
}

/** A two-way link keeps its back field in the other table in step. */
function mirrorDuplex(
  base: BaseState,
  table: TableState,
  field: FieldDef,
  recordId: string,
  old: string[],
  next: string[],
) {
  const target = base.tables.get(linkTarget(field, table.table_id));
  const backId = field.property?.back_field_id;
  if (!target || typeof backId !== "string") return;
  const change = (id: string, add: boolean) => {
    const row = target.records.get(id);
    if (!row) return;
    const current = (row.fields.get(backId) as string[] | undefined) ?? [];
    const updated = add ? [...new Set([...current, recordId])] : current.filter((r) => r !== recordId);
    if (updated.length) row.fields.set(backId, updated);
    else row.fields.delete(backId);
  };
  for (const id of next) if (!old.includes(id)) change(id, true);
  for (const id of old) if (!next.includes(id)) change(id, false);
}

/** Deleted records disappear from every link cell that pointed at them. */
function dropLinksTo(base: BaseState, tableId: string, gone: Set<string>): void {
  if (!gone.size) return;
  for (const t of base.tables.values()) {
    for (const f of t.fields) {
      if (!LINK_TYPES.has(f.type) || linkTarget(f, t.table_id) !== tableId) continue;
      for (const row of t.records.values()) {
        const ids = row.fields.get(f.field_id);
        if (!Array.isArray(ids) || !ids.some((id) => gone.has(id))) continue;
        const kept = ids.filter((id) => !gone.has(id));
        if (kept.length) row.fields.set(f.field_id, kept);
        else row.fields.delete(f.field_id);
      }
    }
  }
}
