import { lowScoreAlerts } from "../actions/low-score.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import { ACCOUNT_PATCH, accountPatches } from "./account-patches.ts";
import { keyedCreates } from "./keyed-creates.ts";
import { retryDelayMs, type WriteSink } from "./pending-writes.ts";
import { LOW_SCORE_ALERT, surveyLanded } from "./survey-landed.ts";

let sinks: Record<string, WriteSink> | undefined;

/** Who writes each kind of queued write (the ledger row's `table`): template table keys, or an effect name. */
export function writeSinks(): Record<string, WriteSink> {
  sinks ??= {
    surveys: keyedCreates("surveys", { landed: surveyLanded }),
    careLog: keyedCreates("careLog"),
    [ACCOUNT_PATCH]: accountPatches,
    [LOW_SCORE_ALERT]: lowScoreAlerts,
  };
  return sinks;
}

/** Writes a given up after a refusal no retry can fix (bad payload, unknown table) this many times. */
const GIVE_UP_AFTER = 8;

/**
 * Any other queued write, one at a time, in the shapes runtime/write-drain.ts uses: create `{fields}`
 * (client_token from the key), update `{record_id, fields}`, delete `{record_id}`; `table` is a table id
 * or a template table key. So one drain serves the whole ledger.
 */
export const plainWrites: WriteSink = async (services, writes, now) => {
  const due = writes.filter((w) => (w.retryAt ?? 0) <= now).slice(0, 50);
  for (const w of due) {
    try {
      const base = await services.base();
      const tableId = w.table.startsWith("tbl") ? w.table : base.table(w.table).id;
      const p = (w.payload ?? {}) as { fields?: Record<string, unknown>; record_id?: string };
      let recordId = p.record_id ?? "";
      if (w.op === "create" && p.fields) {
        recordId = (await base.gw.createOne(tableId, p.fields, { idempotencyKey: w.key })).record_id;
      } else if (w.op === "update" && p.fields && recordId) {
        await base.gw.batchUpdate(tableId, [{ record_id: recordId, fields: p.fields }]);
      } else if (w.op === "delete" && recordId) {
        await base.gw.batchDelete(tableId, [recordId]);
      } else {
        throw new Error(`pending write ${w.key}: malformed ${w.op} payload`);
      }
      await services.ledger.markWritten(w.key, recordId);
    } catch (err) {
      const attempts = w.attempts + 1;
      const lasting = !(err instanceof FeishuApiError) || !err.retryable;
      const retryAt = lasting && attempts >= GIVE_UP_AFTER ? null : Date.now() + retryDelayMs(attempts);
      await services.ledger.markWriteFailed(w.key, (err as Error).message, retryAt);
    }
  }
  return due.length;
};
