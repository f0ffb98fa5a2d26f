import { z } from "zod";
import { errorText } from "../background.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";

/**
 * Pending writes (ledger → Bitable), one due batch at a time and one write after another, so writes to a
 * table stay serial. Each create carries a client_token derived from its key, so a write repeated after a
 * crash or a lost answer lands once. Runtime-neutral: the Worker calls it from its queue consumer.
 *
 * Payloads: create `{fields}`, update `{record_id, fields}`, delete `{record_id}`. `table` is a table id
 * (`tbl…`) or a template table key (`visits`), which is looked up in the bound base.
 */
export type DrainOptions = {
  /** Writes taken in this pass; bounds the Feishu calls (and, on Workers, the subrequests) of one call. */
  limit: number;
  now?: number;
  /** First retry delay; doubles per attempt up to an hour. */
  retryBaseMs?: number;
  /** Attempts in all before a write is given up (status failed). */
  maxAttempts?: number;
};

export type DrainResult = {
  written: number;
  retrying: number;
  gaveUp: number;
  /** The batch was full: more writes may be due now. */
  more: boolean;
  /** The earliest retry this pass scheduled. */
  nextRetryAt?: number;
};

const CreatePayload = z.object({ fields: z.record(z.string(), z.unknown()) });
const UpdatePayload = z.object({ record_id: z.string().min(1), fields: z.record(z.string(), z.unknown()) });
const DeletePayload = z.object({ record_id: z.string().min(1) });

export async function drainPendingWrites(services: Services, opts: DrainOptions): Promise<DrainResult> {
  const now = opts.now ?? services.clock.now();
  const base = opts.retryBaseMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const due = await services.ledger.pendingWrites(opts.limit, now);
  const result: DrainResult = { written: 0, retrying: 0, gaveUp: 0, more: due.length >= opts.limit };
  const log = services.logger.child({ component: "write-drain" });

  for (const w of due) {
    try {
      const recordId = await performWrite(services, w);
      await services.ledger.markWritten(w.key, recordId);
      result.written++;
    } catch (err) {
      const attempts = w.attempts + 1;
      const again = isTransient(err) && attempts < maxAttempts;
      const retryAt = again ? now + Math.min(base * 2 ** (attempts - 1), 3_600_000) : null;
      await services.ledger.markWriteFailed(w.key, errorText(err), retryAt);
      const fields = { key: w.key, table: w.table, op: w.op, attempts, ...codeOf(err) };
      if (retryAt === null) {
        result.gaveUp++;
        log.error("write.gave_up", { ...fields, error: errorText(err) });
      } else {
        result.retrying++;
        result.nextRetryAt = Math.min(result.nextRetryAt ?? retryAt, retryAt);
        log.warn("write.retry_later", { ...fields, retry_at: retryAt });
      }
    }
  }
  if (due.length) log.info("writes.drained", { ...result });
  return result;
}

async function performWrite(services: Services, w: PendingWrite): Promise<string> {
  const gw = services.client.bitable(services.config.appToken);
  const tableId = w.table.startsWith("tbl") ? w.table : (await services.base()).table(w.table).id;
  switch (w.op) {
    case "create": {
      const { fields } = parse(CreatePayload, w);
      return (await gw.createOne(tableId, fields, { idempotencyKey: w.key })).record_id;
    }
    case "update": {
      const { record_id, fields } = parse(UpdatePayload, w);
      await gw.batchUpdate(tableId, [{ record_id, fields }]);
      return record_id;
    }
    case "delete": {
      const { record_id } = parse(DeletePayload, w);
      await gw.batchDelete(tableId, [record_id]);
      return record_id;
    }
  }
}

class BadPayload extends Error {}

function parse<T>(schema: z.ZodType<T>, w: PendingWrite): T {
  const parsed = schema.safeParse(w.payload);
  if (!parsed.success)
    throw new BadPayload(
      `pending write ${w.key}: ${w.op} payload is malformed (${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

/** Worth another try later: Feishu said so (rate limit, conflict, 5xx) or no answer came at all. */
function isTransient(err: unknown): boolean {
  if (err instanceof BadPayload) return false;
  if (err instanceof FeishuApiError) return err.retryable || err.code === -1;
  return true;
}

function codeOf(err: unknown): { code?: number } {
  return err instanceof FeishuApiError ? { code: err.code } : {};
}
