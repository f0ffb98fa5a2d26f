import { decodeRecord, encodeFields } from "../feishu/codecs.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import type { Services } from "../services.ts";
import { isDue, type WriteSink } from "./sink-pass.ts";

export const ACCOUNT_PATCH = "account-patch";

/**
 * A change to one 客户 row owed to Bitable: fields to set (domain values by template key), and/or a line
 * for 风险标记. Only the fields named are written, so the sync job's other computed fields stay its own.
 */
export type AccountPatch = {
  recordId: string;
  set?: Record<string, unknown>;
  /** Appended to 风险标记 unless the cell already holds it (so a retry adds it once). */
  riskLine?: string;
};

export async function queueAccountPatch(
  services: Services,
  key: string,
  patch: AccountPatch,
): Promise<boolean> {
  return services.ledger.enqueueWrite({ key, table: ACCOUNT_PATCH, op: "update", payload: patch });
}

/** An account patch that keeps failing for a reason a retry cannot fix (the row was deleted) is dropped. */
const GIVE_UP_AFTER = 8;

export const accountPatches: WriteSink = async (services, writes, pass) => {
  const ready = writes.filter((w) => isDue(w, pass.now));
  // A patch that failed twice goes alone, so one deleted row cannot sink the batch it rides in.
  const alone = ready.find((w) => w.attempts >= 2);
  const due = alone ? [alone] : ready.slice(0, Math.min(500, pass.budget));
  if (due.length === 0) return 0;
  const base = await services.base();
  const { id, template } = base.table("accounts");
  const tz = services.config.tz;
  const merged = new Map<string, { set: Record<string, unknown>; lines: string[] }>();
  for (const w of due) {
    const p = w.payload as AccountPatch;
    const m = merged.get(p.recordId) ?? { set: {}, lines: [] };
    Object.assign(m.set, p.set ?? {});
    if (p.riskLine) m.lines.push(p.riskLine);
    merged.set(p.recordId, m);
  }
  try {
    const current = new Map<string, string>();
    const toRead = [...merged].filter(([, m]) => m.lines.length > 0).map(([recordId]) => recordId);
    if (toRead.length > 0) {
      const flags = template.fields.filter((f) => f.key === "riskFlags");
      for (const rec of await base.gw.batchGet(id, toRead)) {
        const v = decodeRecord(flags, rec.fields, { tz }).values.riskFlags;
        current.set(rec.record_id, typeof v === "string" ? v : "");
      }
    }
    const rows = [...merged].flatMap(([recordId, m]) => {
      const values = { ...m.set };
      const had = current.get(recordId) ?? "";
      const fresh = [...new Set(m.lines)].filter((line) => !had.includes(line));
      if (fresh.length > 0) values.riskFlags = [had.trim(), ...fresh].filter(Boolean).join("\n");
      const fields = encodeFields(template.fields, values, { tz });
      return Object.keys(fields).length > 0 ? [{ record_id: recordId, fields }] : [];
    });
    if (rows.length > 0) await base.gw.batchUpdate(id, rows);
    for (const w of due) await services.ledger.markWritten(w.key, (w.payload as AccountPatch).recordId);
  } catch (err) {
    const final = err instanceof FeishuApiError && !err.retryable;
    const error = (err as Error).message ?? String(err);
    for (const w of due) {
      const attempts = w.attempts + 1;
      const giveUp = final && attempts >= GIVE_UP_AFTER;
      await services.ledger.markWriteFailed(w.key, error, giveUp ? null : pass.retryAt(attempts));
    }
    services.logger.warn("pending_writes.account_patch_failed", { rows: due.length, final, error });
  }
  return due.length;
};
