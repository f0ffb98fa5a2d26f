import { createHash } from "node:crypto";
import type { RawRecord } from "../feishu/bitable.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";
import { isDue, type WriteSink } from "./sink-pass.ts";

/** What a queued row create carries: the row's fields by name, plus whatever its landing hook needs. */
export type CreatePayload = { fields: Record<string, unknown> };

/** Runs once the row exists (also again after a crash); throwing keeps the write pending. Must be idempotent. */
export type LandingHook = (services: Services, write: PendingWrite, record: RawRecord) => Promise<void>;

/**
 * The batch in flight for a table, kept in the ledger before it is sent. Until it lands it is resent exactly
 * as it was (same rows, same client_token), so an answer that may or may not have been written — a 5xx, a
 * timeout, a crash — is never written again under another token. Only a refusal that proves nothing was
 * written (a final business error) lets its rows be batched anew.
 */
type OpenBatch = {
  keys: string[];
  rows: Record<string, unknown>[];
  /** One row: createOne with the write's own key as client_token; several: batch_create. */
  solo: boolean;
  idempotencyKey: string;
  attempts: number;
  retryAt: number;
};

/** Writes refused this many times go alone, so one bad row cannot hold back the others. */
const ALONE_AFTER = 3;

export function keyedCreates(
  table: string,
  opts: { maxBatch?: number; landed?: LandingHook } = {},
): WriteSink {
  const maxBatch = opts.maxBatch ?? 500;
  const openKey = `pending-writes:open:${table}`;

  return async (services, writes, pass) => {
    const { ledger } = services;
    const log = services.logger.child({ component: "pending-writes", table });
    const byKey = new Map(writes.map((w) => [w.key, w]));
    let open = await ledger.get<OpenBatch>(openKey);
    if (open && !open.keys.some((k) => byKey.has(k))) {
      await ledger.set(openKey, undefined);
      open = undefined;
    }
    if (open && open.retryAt > pass.now) return 0;
    if (!open) {
      const due = writes.filter((w) => isDue(w, pass.now));
      if (due.length === 0) return 0;
      const together = due.filter((w) => w.attempts < ALONE_AFTER).slice(0, Math.min(maxBatch, pass.budget));
      const chosen = together.length > 0 ? together : due.slice(0, 1);
      const keys = chosen.map((w) => w.key);
      open = {
        keys,
        rows: chosen.map((w) => (w.payload as CreatePayload).fields),
        solo: keys.length === 1,
        idempotencyKey: keys.length === 1 ? keys[0]! : `${table}:batch:${digest(keys)}`,
        attempts: 0,
        retryAt: 0,
      };
      await ledger.set(openKey, open);
    }
    const batch = open;
    const base = await services.base();
    const tableId = base.table(table).id;
    let records: RawRecord[];
    try {
      records = batch.solo
        ? [await base.gw.createOne(tableId, batch.rows[0]!, { idempotencyKey: batch.idempotencyKey })]
        : await base.gw.batchCreate(tableId, batch.rows, { idempotencyKey: batch.idempotencyKey });
    } catch (err) {
      const refused = err instanceof FeishuApiError && !err.retryable && err.code > 0 && err.httpStatus < 500;
      await failed(batch, err, refused);
      return batch.keys.length;
    }
    try {
      for (const [i, key] of batch.keys.entries()) {
        const write = byKey.get(key);
        const record = records[i];
        if (!write || !record) continue;
        await opts.landed?.(services, write, record);
        await ledger.markWritten(key, record.record_id);
      }
      await ledger.set(openKey, undefined);
      services.metrics
        .counter("kam_pending_writes_landed_total", "Queued Bitable writes that landed, by table.")
        .inc({ table }, batch.keys.length);
    } catch (err) {
      // The rows exist; only the follow-ups failed. Resending the same batch returns the same records.
      await failed(batch, err, false);
    }
    return batch.keys.length;

    async function failed(b: OpenBatch, err: unknown, refused: boolean): Promise<void> {
      const attempts = b.attempts + 1;
      const retryAt = pass.retryAt(attempts);
      const error = (err as Error).message ?? String(err);
      for (const key of b.keys) if (byKey.has(key)) await ledger.markWriteFailed(key, error, retryAt);
      await ledger.set(openKey, refused ? undefined : { ...b, attempts, retryAt });
      log.warn("pending_writes.batch_failed", { rows: b.keys.length, attempts, refused, error });
    }
  };
}

function digest(keys: string[]): string {
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 24);
}
