import type { BaseState, SandboxState } from "../state.ts";
import { subscriptionKey } from "./change-events.ts";
import type { FieldInput } from "./fields.ts";
import { addField, fieldView } from "./fields.ts";
import { findBase, findTable } from "./lookup.ts";
import type { Operator } from "./operator.ts";
import type { RecordPage } from "./reads.ts";
import { checkFieldNames, readPage } from "./reads.ts";
import type { RecordInput, WriteResult } from "./records.ts";
import { commitWrite } from "./records.ts";
import type { RenderedRecord } from "./render.ts";
import type { CreatedTable, TableInput } from "./tables.ts";
import { createTable as createTableIn } from "./tables.ts";

/**
 * The Bitable part of the sandbox as functions, for the control API, the console and seeding. Writes go
 * through the same checks as the Open API (errors are SandboxErrors with Feishu's codes) and fire the
 * same change events, but do not hold the table (no 1254291 wait): they stand for people editing in
 * the Feishu UI.
 */
export { RECORD_CHANGED_EVENT } from "./change-events.ts";
export { appOperator } from "./operator.ts";
export { createBase } from "./tables.ts";
export type { FieldInput, Operator, RecordInput, RenderedRecord, TableInput, WriteResult };

export function createTable(state: SandboxState, appToken: string, input: TableInput): CreatedTable {
  return createTableIn(state, findBase(state, appToken), input);
}

export function createField(state: SandboxState, appToken: string, tableId: string, input: FieldInput) {
  const { base, table } = findTable(state, appToken, tableId);
  return fieldView(addField(state, base, table, input));
}

export function listTables(state: SandboxState, appToken: string) {
  const base: BaseState = findBase(state, appToken);
  return [...base.tables.values()].map((t) => ({
    table_id: t.table_id,
    name: t.name,
    revision: t.revision,
    fields: t.fields.map(fieldView),
    records: t.records.size,
  }));
}

/** Creates records without record_id and updates those with one (creates first, one event each). */
export function writeRecords(
  state: SandboxState,
  appToken: string,
  tableId: string,
  records: RecordInput[],
  operator: Operator,
): WriteResult {
  const { base, table } = findTable(state, appToken, tableId);
  const write = (kind: "create" | "update", rows: RecordInput[]) =>
    rows.length ? commitWrite(state, base, table, { kind, records: rows }, operator).records : [];
  const creates = write(
    "create",
    records.filter((r) => !r.record_id),
  );
  return {
    records: [
      ...creates,
      ...write(
        "update",
        records.filter((r) => r.record_id),
      ),
    ],
    deleted: [],
  };
}

export function deleteRecords(
  state: SandboxState,
  appToken: string,
  tableId: string,
  ids: string[],
  operator: Operator,
): string[] {
  const { base, table } = findTable(state, appToken, tableId);
  return commitWrite(state, base, table, { kind: "delete", ids }, operator).deleted;
}

export type ReadRecordsOptions = {
  filter?: unknown;
  sort?: { field_name: string; desc?: boolean }[];
  fieldNames?: string[];
  automaticFields?: boolean;
  /** "search" (default) renders like records/search; "legacy" like the older list/get. */
  shape?: "search" | "legacy";
};

/** Every matching record, rendered as the API renders it (no paging). */
export function readRecords(
  state: SandboxState,
  appToken: string,
  tableId: string,
  opts: ReadRecordsOptions = {},
): RenderedRecord[] {
  const { base, table } = findTable(state, appToken, tableId);
  const scope = { state, base, table };
  const fieldNames = checkFieldNames(scope, opts.fieldNames);
  const page: RecordPage = readPage(
    scope,
    { filter: opts.filter, sort: opts.sort, pageSize: Math.max(1, table.records.size) },
    { shape: opts.shape ?? "search", fieldNames, automaticFields: opts.automaticFields },
  );
  return page.items;
}

/** What drive/v1/files/:token/subscribe does for an app: its record changes get delivered from now on. */
export function subscribeBase(state: SandboxState, appId: string, appToken: string): void {
  findBase(state, appToken);
  state.subscriptions.add(subscriptionKey(appId, appToken));
}
