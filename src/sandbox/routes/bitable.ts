import { Hono } from "hono";
import type { FieldInput } from "../bitable/fields.ts";
import { addField, fieldView, updateField } from "../bitable/fields.ts";
import { findBase, findTable } from "../bitable/lookup.ts";
import { recordRoutes } from "../bitable/record-routes.ts";
import { badRequest, jsonBody, pageSizeOf } from "../bitable/request.ts";
import type { TableInput } from "../bitable/tables.ts";
import { createBase, createTable } from "../bitable/tables.ts";
import { checkClientToken, gatedWrite } from "../bitable/write-gate.ts";
import { Codes, fail, ok, SandboxError } from "../envelope.ts";
import type { SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import type { SandboxState } from "../state.ts";

const APP = "/open-apis/bitable/v1/apps";
const TABLES = `${APP}/:app_token/tables`;
const FIELDS = `${TABLES}/:table_id/fields`;
const READ = { perSecond: 20 };
const SCHEMA_WRITE = { perSecond: 10 };

/** Bitable bases, tables and fields; records live in record-routes.ts. Paths and rates as the docs give them. */
export function bitableRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const spec = (name: string, limit: { perSecond?: number; perMinute?: number }) =>
    guard(state, { name: `bitable.${name}`, limit });
  app.onError((err, c) => (err instanceof SandboxError ? fail(c, err) : Promise.reject(err)));

  app.post(APP, spec("app.create", { perMinute: 20 }), async (c) => {
    const body = await jsonBody(c);
    const base = createBase(state, { name: typeof body.name === "string" ? body.name : "" });
    const table = createTable(state, base, { name: "数据表" });
    return ok(c, {
      app: {
        app_token: base.app_token,
        name: base.name,
        folder_token: typeof body.folder_token === "string" ? body.folder_token : "",
        url: `${new URL(c.req.url).origin}/base/${base.app_token}`,
        default_table_id: table.table_id,
        time_zone: typeof body.time_zone === "string" ? body.time_zone : "Asia/Shanghai",
      },
    });
  });

  app.get(`${APP}/:app_token`, spec("app.get", READ), (c) => {
    const base = findBase(state, c.req.param("app_token"));
    return ok(c, {
      app: {
        app_token: base.app_token,
        name: base.name,
        revision: base.revision,
        is_advanced: false,
        time_zone: "Asia/Shanghai",
      },
    });
  });

  app.get(TABLES, spec("appTable.list", READ), (c) => {
    const base = findBase(state, c.req.param("app_token"));
    const size = pageSizeOf(c.req.query("page_size"), 20, 100);
    const tables = [...base.tables.values()];
    const token = c.req.query("page_token");
    const start = token
      ? Math.max(
          0,
          tables.findIndex((t) => t.table_id === token),
        )
      : 0;
    const slice = tables.slice(start, start + size);
    const next = tables[start + size];
    return ok(c, {
      has_more: Boolean(next),
      ...(next ? { page_token: next.table_id } : {}),
      total: tables.length,
      items: slice.map((t) => ({ table_id: t.table_id, revision: t.revision, name: t.name })),
    });
  });

  app.post(TABLES, spec("appTable.create", SCHEMA_WRITE), async (c) => {
    const base = findBase(state, c.req.param("app_token"));
    const input = (await jsonBody(c)).table as TableInput | undefined;
    if (!input || typeof input !== "object") throw badRequest("table is required");
    const created = createTable(state, base, input, 400);
    return ok(c, {
      table_id: created.table_id,
      ...(input.default_view_name || input.fields ? { default_view_id: created.default_view_id } : {}),
      ...(input.fields ? { field_id_list: created.field_id_list } : {}),
    });
  });

  app.post(`${TABLES}/batch_create`, spec("appTable.batchCreate", SCHEMA_WRITE), async (c) => {
    const base = findBase(state, c.req.param("app_token"));
    const tables = (await jsonBody(c)).tables;
    if (!Array.isArray(tables)) throw badRequest("tables is required");
    return ok(c, {
      table_ids: tables.map((t: TableInput) => createTable(state, base, { name: t?.name }).table_id),
    });
  });

  app.get(FIELDS, spec("appTableField.list", READ), (c) => {
    const { table } = findTable(state, c.req.param("app_token"), c.req.param("table_id"));
    const size = pageSizeOf(c.req.query("page_size"), 20, 100);
    const token = c.req.query("page_token");
    const start = token
      ? Math.max(
          0,
          table.fields.findIndex((f) => f.field_id === token),
        )
      : 0;
    const next = table.fields[start + size];
    return ok(c, {
      has_more: Boolean(next),
      ...(next ? { page_token: next.field_id } : {}),
      total: table.fields.length,
      items: table.fields.slice(start, start + size).map(fieldView),
    });
  });

  app.post(FIELDS, spec("appTableField.create", SCHEMA_WRITE), async (c) => {
    const { base, table } = findTable(state, c.req.param("app_token"), c.req.param("table_id"));
    const body = (await jsonBody(c)) as FieldInput;
    const clientToken = checkClientToken(c.req.query("client_token"));
    const key = {
      appId: c.get("appId"),
      api: "appTableField.create",
      appToken: base.app_token,
      tableId: table.table_id,
      clientToken,
    };
    const field = await gatedWrite(state, table, key, body, 1, () =>
      fieldView(addField(state, base, table, body)),
    );
    return ok(c, { field });
  });

  app.put(`${FIELDS}/:field_id`, spec("appTableField.update", SCHEMA_WRITE), async (c) => {
    const { base, table } = findTable(state, c.req.param("app_token"), c.req.param("table_id"));
    const field = table.fields.find((f) => f.field_id === c.req.param("field_id"));
    if (!field)
      throw new SandboxError(
        Codes.bitableFieldIdNotFound,
        `FieldIdNotFound: ${c.req.param("field_id")}`,
        200,
      );
    const body = (await jsonBody(c)) as FieldInput;
    const key = {
      appId: c.get("appId"),
      api: "appTableField.update",
      appToken: base.app_token,
      tableId: table.table_id,
    };
    const updated = await gatedWrite(state, table, key, body, 1, () =>
      fieldView(updateField(state, base, table, field, body)),
    );
    return ok(c, { field: updated });
  });

  app.route("/", recordRoutes(state));
  return app;
}
