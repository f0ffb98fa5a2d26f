import { z } from "zod";
import type { BitableGateway, Progress, RawRecord, SearchOptions } from "./bitable.ts";
import { type BaseScope, nextToken, pageOf } from "./bitable-scope.ts";
import { clientTokenFor } from "./idempotency.ts";

/** Records of one base: paged search, and writes in full chunks, one chunk at a time per table. */
export type RecordCalls = Omit<
  BitableGateway,
  "listTables" | "createTable" | "listFields" | "createField" | "updateField"
>;

/** Documented per-call maxima. */
export const RECORD_LIMITS = { searchPage: 500, batchGet: 100, batchWrite: 1000, batchDelete: 500 } as const;

// Checked, not copied: a search page holds 500 records, a million-row read 2,000 pages.
const Fields = z
  .custom<Record<string, unknown> | null | undefined>(
    (v) => v == null || (typeof v === "object" && !Array.isArray(v)),
    "fields must be an object",
  )
  .transform((f) => f ?? {});
const RecordSchema = z.object({
  record_id: z.string(),
  fields: Fields,
  last_modified_time: z.number().optional(),
});
const RecordsSchema = z.object({ records: z.array(RecordSchema).nullish() });
const DeletedSchema = z.object({ records: z.array(z.object({ deleted: z.boolean().optional() })).nullish() });

export function recordCalls(scope: BaseScope): RecordCalls {
  const { client, call, path } = scope;
  const { sdk } = client;
  const where = (tableId: string, chunk: number, count: number) => ({ tableId, chunk, recordCount: count });

  // One page ahead: the next request is on the wire while the caller works through this one.
  async function* searchPages(tableId: string, opts: SearchOptions = {}): AsyncIterable<RawRecord[]> {
    const pageSize = Math.max(
      1,
      Math.min(opts.pageSize ?? RECORD_LIMITS.searchPage, RECORD_LIMITS.searchPage),
    );
    const data = {
      view_id: opts.viewId,
      field_names: opts.fieldNames,
      filter: opts.filter,
      sort: opts.sort,
      automatic_fields: false,
    };
    const fetchPage = (page_token?: string) => {
      const answer = call("bitable.record.search", { tableId }, pageOf(RecordSchema), () =>
        sdk.bitable.appTableRecord.search({
          path: path(tableId),
          params: { page_size: pageSize, page_token, user_id_type: "open_id" },
          data,
        }),
      );
      // Awaited below; this only keeps a caller that stops early from leaving an unhandled rejection.
      answer.catch(() => {});
      return answer;
    };
    let pending: ReturnType<typeof fetchPage> | undefined = fetchPage();
    while (pending) {
      const answer = await pending;
      const token = nextToken(answer);
      pending = token ? fetchPage(token) : undefined;
      yield (answer.items ?? []).map(toRawRecord);
    }
  }

  return {
    searchPages,

    async searchAll(tableId, opts) {
      const out: RawRecord[] = [];
      for await (const records of searchPages(tableId, opts)) out.push(...records);
      return out;
    },

    batchGet: (tableId, recordIds) =>
      inChunks(recordIds, RECORD_LIMITS.batchGet, (record_ids, i) =>
        call("bitable.record.batch_get", where(tableId, i, record_ids.length), RecordsSchema, () =>
          sdk.bitable.appTableRecord.batchGet({
            path: path(tableId),
            data: { record_ids, user_id_type: "open_id", automatic_fields: false },
          }),
        ).then((a) => (a.records ?? []).map(toRawRecord)),
      ),

    // The same key and chunk index give the same client_token, so a rerun after a crash repeats no chunk.
    batchCreate: (tableId, rows, opts) =>
      inChunks(
        rows,
        RECORD_LIMITS.batchWrite,
        async (chunk, i) => {
          const client_token = await clientTokenFor(`${opts.idempotencyKey}:${i}`);
          const answer = await call(
            "bitable.record.batch_create",
            where(tableId, i, chunk.length),
            RecordsSchema,
            () =>
              sdk.bitable.appTableRecord.batchCreate({
                path: path(tableId),
                params: { client_token, user_id_type: "open_id" },
                data: { records: chunk.map((fields) => ({ fields: fields as never })) },
              }),
          );
          return (answer.records ?? []).map(toRawRecord);
        },
        opts.onProgress,
      ),

    async createOne(tableId, fields, opts) {
      const client_token = await clientTokenFor(opts.idempotencyKey);
      const answer = await call(
        "bitable.record.create",
        { tableId },
        z.object({ record: RecordSchema }),
        () =>
          sdk.bitable.appTableRecord.create({
            path: path(tableId),
            params: { client_token, user_id_type: "open_id" },
            data: { fields: fields as never },
          }),
      );
      return toRawRecord(answer.record);
    },

    async batchUpdate(tableId, rows, opts = {}) {
      const updated = await inChunks(
        rows,
        RECORD_LIMITS.batchWrite,
        (chunk, i) =>
          call("bitable.record.batch_update", where(tableId, i, chunk.length), RecordsSchema, () =>
            sdk.bitable.appTableRecord.batchUpdate({
              path: path(tableId),
              params: { user_id_type: "open_id" },
              data: { records: chunk.map((r) => ({ record_id: r.record_id, fields: r.fields as never })) },
            }),
          ).then((a) => a.records ?? []),
        opts.onProgress,
      );
      return updated.length;
    },

    async batchDelete(tableId, recordIds) {
      const deleted = await inChunks(recordIds, RECORD_LIMITS.batchDelete, (records, i) =>
        call("bitable.record.batch_delete", where(tableId, i, records.length), DeletedSchema, () =>
          sdk.bitable.appTableRecord.batchDelete({ path: path(tableId), data: { records } }),
        ).then((a) => (a.records ?? []).filter((r) => r.deleted !== false)),
      );
      return deleted.length;
    },
  };
}

/** Chunks go one after another: one table takes one write at a time. */
async function inChunks<T, R>(
  items: T[],
  size: number,
  send: (chunk: T[], index: number) => Promise<R[]>,
  onProgress?: Progress,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i * size < items.length; i++) {
    out.push(...(await send(items.slice(i * size, (i + 1) * size), i)));
    onProgress?.(Math.min((i + 1) * size, items.length), items.length);
  }
  return out;
}

function toRawRecord(r: z.infer<typeof RecordSchema>): RawRecord {
  const out: RawRecord = { record_id: r.record_id, fields: r.fields };
  if (r.last_modified_time !== undefined) out.last_modified_time = r.last_modified_time;
  return out;
}
