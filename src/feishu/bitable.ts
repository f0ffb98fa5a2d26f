import { recordCalls } from "./bitable-records.ts";
import { schemaCalls } from "./bitable-schema.ts";
import { baseScope } from "./bitable-scope.ts";
import type { FeishuCore } from "./client.ts";

export { RECORD_LIMITS } from "./bitable-records.ts";

export type FieldSpec = {
  field_name: string;
  type: number;
  property?: Record<string, unknown>;
  description?: string;
};
export type FieldInfo = FieldSpec & { field_id: string; is_primary?: boolean };
export type RawRecord = { record_id: string; fields: Record<string, unknown>; last_modified_time?: number };

export type FilterOperator =
  | "is"
  | "isNot"
  | "contains"
  | "doesNotContain"
  | "isEmpty"
  | "isNotEmpty"
  | "isGreater"
  | "isGreaterEqual"
  | "isLess"
  | "isLessEqual";
export type FilterCondition = { field_name: string; operator: FilterOperator; value?: string[] };
export type SearchFilter = {
  conjunction: "and" | "or";
  conditions?: FilterCondition[];
  /** One level of nested groups. */
  children?: { conjunction: "and" | "or"; conditions?: FilterCondition[] }[];
};
export type SearchOptions = {
  fieldNames?: string[];
  filter?: SearchFilter;
  sort?: { field_name: string; desc?: boolean }[];
  /** Default and maximum 500. */
  pageSize?: number;
  viewId?: string;
};
export type Progress = (done: number, total: number) => void;

export interface BitableGateway {
  listTables(): Promise<{ table_id: string; name: string }[]>;
  createTable(name: string, fields: FieldSpec[]): Promise<{ table_id: string }>;
  listFields(tableId: string): Promise<FieldInfo[]>;
  createField(tableId: string, field: FieldSpec): Promise<FieldInfo>;
  updateField(tableId: string, fieldId: string, field: FieldSpec): Promise<FieldInfo>;
  /** One page per iteration; the next page is fetched while the caller handles this one. */
  searchPages(tableId: string, opts?: SearchOptions): AsyncIterable<RawRecord[]>;
  searchAll(tableId: string, opts?: SearchOptions): Promise<RawRecord[]>;
  batchGet(tableId: string, recordIds: string[]): Promise<RawRecord[]>;
  batchCreate(
    tableId: string,
    rows: Record<string, unknown>[],
    opts: { idempotencyKey: string; onProgress?: Progress },
  ): Promise<RawRecord[]>;
  createOne(
    tableId: string,
    fields: Record<string, unknown>,
    opts: { idempotencyKey: string },
  ): Promise<RawRecord>;
  batchUpdate(
    tableId: string,
    rows: { record_id: string; fields: Record<string, unknown> }[],
    opts?: { onProgress?: Progress },
  ): Promise<number>;
  batchDelete(tableId: string, recordIds: string[]): Promise<number>;
}

/** The typed gateway to one base. Every call goes through the client's table lock, pacing and retry. */
export function createBitable(client: FeishuCore, appToken: string): BitableGateway {
  const scope = baseScope(client, appToken);
  return { ...schemaCalls(scope), ...recordCalls(scope) };
}
