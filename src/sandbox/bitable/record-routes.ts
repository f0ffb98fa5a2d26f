import { Hono } from "hono";
import { Codes, fail, ok, SandboxError } from "../envelope.ts";
import type { SandboxContext, SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import type { SandboxState } from "../state.ts";
import type { UserIdType } from "./field-values.ts";
import { findTable } from "./lookup.ts";
import { appOperator } from "./operator.ts";
import { checkFieldNames, readPage } from "./reads.ts";
import type { RecordInput, WriteOp, WriteResult } from "./records.ts";
import { commitWrite } from "./records.ts";
import { renderRecord } from "./render.ts";
import {
  badRequest,
  jsonBody,
  jsonParam,
  legacySort,
  pageSizeOf,
  recordList,
  userIdTypeOf,
  validationFailed,
} from "./request.ts";
import { checkClientToken, gatedWrite } from "./write-gate.ts";

const RECORDS = "/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records";
const READ = { perSecond: 20 };
const WRITE = { perSecond: 50 };

/** Record endpoints: search/list/get/batch_get (20/s) and the writes (50/s, one at a time per table). */
export function recordRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const spec = (name: string, limit: { perSecond: number }) =>
    guard(state, { name: `bitable.appTableRecord.${name}`, limit });
  const scope = (c: SandboxContext, status: 200 | 404 = 200) => ({
    state,
    ...findTable(state, c.req.param("app_token") ?? "", c.req.param("table_id") ?? "", status),
  });
  app.onError((err, c) => (err instanceof SandboxError ? fail(c, err) : Promise.reject(err)));

  app.post(`${RECORDS}/search`, spec("search", READ), async (c) => {
    const s = scope(c);
    const body = await jsonBody(c);
    const fieldNames = checkFieldNames(s, body.field_names);
    const pageSize = pageSizeOf(c.req.query("page_size"), 20, 500);
    const page = readPage(
      s,
      { filter: body.filter, sort: body.sort, pageToken: c.req.query("page_token"), pageSize },
      {
        shape: "search",
        fieldNames,
        userIdType: userIdType(c),
        automaticFields: body.automatic_fields === true,
      },
    );
    return ok(c, page);
  });

  app.get(RECORDS, spec("list", READ), (c) => {
    const s = scope(c);
    const fieldNames = checkFieldNames(s, jsonParam(c.req.query("field_names")));
    const page = readPage(
      s,
      {
        sort: legacySort(c.req.query("sort")),
        pageToken: c.req.query("page_token"),
        pageSize: pageSizeOf(c.req.query("page_size"), 20, 500),
      },
      {
        shape: "legacy",
        fieldNames,
        userIdType: userIdType(c),
        textAsArray: c.req.query("text_field_as_array") === "true",
        automaticFields: c.req.query("automatic_fields") === "true",
      },
    );
    return ok(c, page);
  });

  app.get(`${RECORDS}/:record_id`, spec("get", READ), (c) => {
    const s = scope(c);
    const row = s.table.records.get(c.req.param("record_id"));
    if (!row)
      throw new SandboxError(
        Codes.bitableRecordNotFound,
        `RecordIdNotFound: ${c.req.param("record_id")}`,
        200,
      );
    const opts = {
      shape: "legacy" as const,
      userIdType: userIdType(c),
      automaticFields: c.req.query("automatic_fields") === "true",
    };
    return ok(c, {
      record: renderRecord(s, row, { ...opts, textAsArray: c.req.query("text_field_as_array") === "true" }),
    });
  });

  app.post(`${RECORDS}/batch_get`, spec("batchGet", READ), async (c) => {
    const s = scope(c, 404);
    const body = await jsonBody(c);
    const ids = body.record_ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100)
      throw validationFailed("record_ids holds 1 to 100 ids");
    const idType = userIdTypeOf(body.user_id_type);
    const origin = new URL(c.req.url).origin;
    const records = [];
    const absent: string[] = [];
    for (const id of new Set(ids as string[])) {
      const row = s.table.records.get(id);
      if (!row) {
        absent.push(id);
        continue;
      }
      const r = renderRecord(s, row, {
        shape: "search",
        userIdType: idType,
        automaticFields: body.automatic_fields === true,
      });
      records.push(body.with_shared_url === true ? { ...r, shared_url: `${origin}/record/${id}` } : r);
    }
    return ok(c, { records, absent_record_ids: absent, forbidden_record_ids: [] });
  });

  const write = async (c: SandboxContext, api: string, op: WriteOp, body: unknown, clientToken?: string) => {
    const s = scope(c);
    const n = op.kind === "delete" ? op.ids.length : op.records.length;
    const key = {
      appId: c.get("appId"),
      api,
      appToken: s.base.app_token,
      tableId: s.table.table_id,
      clientToken,
    };
    const operator = appOperator(c.get("appId"));
    return gatedWrite(state, s.table, key, body, n, () =>
      commitWrite(state, s.base, s.table, op, operator, userIdType(c)),
    );
  };
  const view = (r: WriteResult["records"][number]) => ({
    fields: r.fields,
    id: r.record_id,
    record_id: r.record_id,
  });

  app.post(RECORDS, spec("create", WRITE), async (c) => {
    const body = await jsonBody(c);
    const token = checkClientToken(c.req.query("client_token"));
    const result = await write(c, "create", { kind: "create", records: [body as RecordInput] }, body, token);
    return ok(c, { record: view(result.records[0]!) });
  });

  app.put(`${RECORDS}/:record_id`, spec("update", WRITE), async (c) => {
    const body = await jsonBody(c);
    const op: WriteOp = { kind: "update", records: [{ ...body, record_id: c.req.param("record_id") }] };
    const result = await write(c, "update", op, body);
    return ok(c, { record: view(result.records[0]!) });
  });

  app.delete(`${RECORDS}/:record_id`, spec("delete", WRITE), async (c) => {
    const result = await write(c, "delete", { kind: "delete", ids: [c.req.param("record_id")] }, {});
    return ok(c, { deleted: true, record_id: result.deleted[0] });
  });

  app.post(`${RECORDS}/batch_create`, spec("batchCreate", WRITE), async (c) => {
    const body = await jsonBody(c);
    const records = recordList<RecordInput>(body.records, 1000);
    const token = checkClientToken(c.req.query("client_token"));
    const result = await write(c, "batchCreate", { kind: "create", records }, body, token);
    return ok(c, { records: result.records.map(view) });
  });

  app.post(`${RECORDS}/batch_update`, spec("batchUpdate", WRITE), async (c) => {
    const body = await jsonBody(c);
    const result = await write(
      c,
      "batchUpdate",
      { kind: "update", records: recordList<RecordInput>(body.records, 1000) },
      body,
    );
    return ok(c, { records: result.records.map(view) });
  });

  app.post(`${RECORDS}/batch_delete`, spec("batchDelete", WRITE), async (c) => {
    const body = await jsonBody(c);
    const ids = recordList<unknown>(body.records, 500);
    if (ids.some((id) => typeof id !== "string")) throw badRequest("records is an array of record ids");
    const result = await write(c, "batchDelete", { kind: "delete", ids: ids as string[] }, body);
    return ok(c, { records: result.deleted.map((record_id) => ({ deleted: true, record_id })) });
  });

  return app;
}

function userIdType(c: SandboxContext): UserIdType {
  return userIdTypeOf(c.req.query("user_id_type"));
}
