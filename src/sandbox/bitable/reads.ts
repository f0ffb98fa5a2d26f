import { Codes, SandboxError } from "../envelope.ts";
import type { FieldDef } from "../state.ts";
import { sortKey } from "./cells.ts";
import { compileFilter } from "./filter.ts";
import { fieldByName } from "./lookup.ts";
import type { Page } from "./paging.ts";
import { pageOf } from "./paging.ts";
import type { ReadOptions, RenderedRecord, RenderScope } from "./render.ts";
import { renderRecord } from "./render.ts";

export type SortSpec = { field_name?: unknown; desc?: unknown };
export type RecordQuery = { filter?: unknown; sort?: unknown; pageToken?: string; pageSize: number };

/**
 * The ids a query selects, in order: insertion order by default, then a stable sort by the given
 * fields (empty cells last whichever the direction).
 */
export function selectRecordIds(scope: RenderScope, filter: unknown, sort: unknown): string[] {
  const { state, table } = scope;
  const test = compileFilter(table, filter, state.clock.now());
  const order = compileSort(scope, sort);
  const rows = [...table.records.values()].filter(test);
  if (order.length) {
    const keyed = rows.map((row) => ({ row, keys: order.map(({ field }) => sortKey(scope, field, row)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const c = compareKeys(a.keys[i], b.keys[i], order[i]!.desc);
        if (c !== 0) return c;
      }
      return 0;
    });
    return keyed.map((k) => k.row.record_id);
  }
  return rows.map((r) => r.record_id);
}

function compileSort(scope: RenderScope, sort: unknown): { field: FieldDef; desc: boolean }[] {
  if (sort === undefined || sort === null) return [];
  if (!Array.isArray(sort) || sort.length > 100) {
    throw new SandboxError(Codes.bitableInvalidSort, "InvalidSort: sort is an array of at most 100", 200);
  }
  return (sort as SortSpec[]).map((s) => {
    const name = typeof s?.field_name === "string" ? s.field_name : "";
    const field = fieldByName(scope.table, name);
    if (!field)
      throw new SandboxError(Codes.bitableInvalidSort, `InvalidSort: field "${name}" not found`, 200);
    return { field, desc: s.desc === true };
  });
}

function compareKeys(a: number | string | undefined, b: number | string | undefined, desc: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

export function checkFieldNames(scope: RenderScope, names: unknown): string[] | undefined {
  if (names === undefined || names === null) return undefined;
  if (!Array.isArray(names) || names.length > 200 || names.some((n) => typeof n !== "string")) {
    throw new SandboxError(
      Codes.bitableInvalidFieldNames,
      "InvalidFieldNames: an array of at most 200 names",
      200,
    );
  }
  for (const n of names as string[]) {
    if (!fieldByName(scope.table, n)) {
      throw new SandboxError(
        Codes.bitableInvalidFieldNames,
        `InvalidFieldNames: field "${n}" not found`,
        200,
      );
    }
  }
  return names as string[];
}

export type RecordPage = { items: RenderedRecord[]; has_more: boolean; page_token?: string; total: number };

/** One page of a query, rendered; rows deleted since the first page drop out. */
export function readPage(scope: RenderScope, query: RecordQuery, render: ReadOptions): RecordPage {
  const page: Page = pageOf(
    scope.state,
    scope.table.table_id,
    () => selectRecordIds(scope, query.filter, query.sort),
    query.pageToken,
    query.pageSize,
  );
  const items: RenderedRecord[] = [];
  for (const id of page.ids) {
    const row = scope.table.records.get(id);
    if (row) items.push(renderRecord(scope, row, render));
  }
  const out: RecordPage = { items, has_more: page.hasMore, total: page.total };
  if (page.pageToken) out.page_token = page.pageToken;
  return out;
}
