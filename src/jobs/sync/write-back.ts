import { RECORD_LIMITS } from "../../feishu/bitable.ts";
import { encodeFields } from "../../feishu/codecs.ts";
import type { BoundBase } from "../../ops/base.ts";
import type { EchoMemo } from "./echo-memo.ts";
import type { AccountUpdate, TierChange } from "./plan.ts";
import { writeTierHistory } from "./tier-history.ts";

export type WriteStats = {
  /** batch_update and batch_create calls. */
  writeCalls: number;
  /** Account cells written. */
  cells: number;
  accountsWritten: number;
  historyRows: number;
};

/**
 * Acts on a plan: full batches of at most 1,000 rows, one call at a time (one table takes one write at
 * a time; the client's table lock holds anyone else back meanwhile). Tier history goes first: were the
 * accounts written first and the run then cut short, the rerun would see the new tier already in place
 * and record no change.
 */
export async function writeBack(
  base: BoundBase,
  plan: { updates: readonly AccountUpdate[]; tierChanges: readonly TierChange[] },
  opts: { day: string; tz: string; echoes?: EchoMemo; accountRecordIds: ReadonlyMap<string, string> },
): Promise<WriteStats> {
  const stats: WriteStats = { writeCalls: 0, cells: 0, accountsWritten: 0, historyRows: 0 };
  if (plan.tierChanges.length) {
    const history = await writeTierHistory(base, plan.tierChanges, opts);
    stats.historyRows = history.created;
    stats.writeCalls += history.calls;
  }
  const accounts = base.table("accounts");
  const fields = new Map(accounts.template.fields.map((f) => [f.key, f]));
  for (let i = 0; i < plan.updates.length; i += RECORD_LIMITS.batchWrite) {
    const chunk = plan.updates.slice(i, i + RECORD_LIMITS.batchWrite);
    const rows = chunk.map((u) => ({
      record_id: u.recordId,
      fields: encodeFields(accounts.template.fields, u.fields, { tz: opts.tz }),
    }));
    // Remembered before the call: the echo can arrive before the answer does.
    for (const u of chunk) opts.echoes?.remember(u.recordId, fields, u.fields);
    stats.accountsWritten += await base.gw.batchUpdate(accounts.id, rows);
    stats.writeCalls++;
    for (const u of chunk) stats.cells += Object.keys(u.fields).length;
  }
  return stats;
}
