import { z } from "zod";
import type { BitableGateway, FieldInfo, FieldSpec } from "./bitable.ts";
import { allPages, type BaseScope, pageOf } from "./bitable-scope.ts";
import { randomClientToken } from "./idempotency.ts";

/** Tables and fields of one base: what provisioning and the doctor need. */
export type SchemaCalls = Pick<
  BitableGateway,
  "listTables" | "createTable" | "listFields" | "createField" | "updateField"
>;

const LIST_PAGE = 100;

const FieldSchema = z.object({
  field_id: z.string(),
  field_name: z.string(),
  type: z.number(),
  is_primary: z.boolean().optional(),
  property: z.record(z.string(), z.unknown()).nullish(),
  description: z.unknown().optional(),
});
const TableSchema = z.object({ table_id: z.string(), name: z.string() });

export function schemaCalls(scope: BaseScope): SchemaCalls {
  const { client, appToken, call, path } = scope;
  const { sdk } = client;
  return {
    listTables: () =>
      allPages((page_token) =>
        call("bitable.table.list", {}, pageOf(TableSchema), () =>
          sdk.bitable.appTable.list({
            path: { app_token: appToken },
            params: { page_size: LIST_PAGE, page_token },
          }),
        ),
      ).then((tables) => tables.map((t) => ({ table_id: t.table_id, name: t.name }))),

    createTable: (name, fields) =>
      call("bitable.table.create", {}, z.object({ table_id: z.string() }), () =>
        sdk.bitable.appTable.create({
          path: { app_token: appToken },
          data: { table: { name, fields: fields.map(toFieldWrite) as never } },
        }),
      ).then((t) => ({ table_id: t.table_id })),

    listFields: (tableId) =>
      allPages((page_token) =>
        call("bitable.field.list", { tableId }, pageOf(FieldSchema), () =>
          sdk.bitable.appTableField.list({
            path: path(tableId),
            params: { page_size: LIST_PAGE, page_token },
          }),
        ),
      ).then((fields) => fields.map(toFieldInfo)),

    // A fresh client_token per call, reused by each retry of that call, makes a retry after a 5xx safe.
    createField: (tableId, field) =>
      call("bitable.field.create", { tableId }, z.object({ field: FieldSchema }), () =>
        sdk.bitable.appTableField.create({
          path: path(tableId),
          params: { client_token: randomClientToken() },
          data: toFieldWrite(field) as never,
        }),
      ).then((a) => toFieldInfo(a.field)),

    updateField: (tableId, fieldId, field) =>
      call("bitable.field.update", { tableId }, z.object({ field: FieldSchema }), () =>
        sdk.bitable.appTableField.update({
          path: { ...path(tableId), field_id: fieldId },
          data: toFieldWrite(field) as never,
        }),
      ).then((a) => toFieldInfo(a.field)),
  };
}

/** Field descriptions travel as {text} on the wire; the gateway speaks plain strings. */
function toFieldWrite(f: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { field_name: f.field_name, type: f.type };
  if (f.property) out.property = f.property;
  if (f.description !== undefined) out.description = { text: f.description };
  return out;
}

function toFieldInfo(f: z.infer<typeof FieldSchema>): FieldInfo {
  const out: FieldInfo = { field_id: f.field_id, field_name: f.field_name, type: f.type };
  if (f.is_primary !== undefined) out.is_primary = f.is_primary;
  if (f.property) out.property = f.property;
  const d = f.description as { text?: unknown } | string | undefined;
  const description = typeof d === "string" ? d : typeof d?.text === "string" ? d.text : undefined;
  if (description !== undefined) out.description = description;
  return out;
}
