import { RECORD_LIMITS } from "../../feishu/bitable.ts";
import { encodeFields } from "../../feishu/codecs.ts";
import type { BoundBase } from "../../ops/base.ts";
import { createMissing } from "../../ops/upsert.ts";
import type { EchoMemo } from "./echo-memo.ts";
import type { AccountUpdate, TierChange } from "./plan.ts";

export type WriteStats = {
  /** batch_update and batch_create calls. */
  writeCalls: number;
  /** Account cells written. */
  cells: number;
  accountsWritten: number;
  historyRows: number;
};

/**
 * Acts on a plan. Tier history goes first: were the accounts written first and the run then cut
 * short, the rerun would see the new tier already in place and record no change. Each 等级变更 row's
 * primary key is its change id, so rows already there are skipped (createMissing) and the batch's
 * client_token is derived from the ids being created.
 */
export async function writeBack(
  base: BoundBase,
  plan: { updates: readonly AccountUpdate[]; tierChanges: readonly TierChange[] },
  opts: { tz: string; echoes?: EchoMemo; accountRecordIds: ReadonlyMap<string, string> },
): Promise<WriteStats> {
  const stats: WriteStats = { writeCalls: 0, cells: 0, accountsWritten: 0, historyRows: 0 };
  if (plan.tierChanges.length) {
    const created = await createMissing(
      base,
      "tierHistory",
      plan.tierChanges.map((c) => ({ ...c })),
      { idempotencyKey: "sync:tier-history", links: { accounts: new Map(opts.accountRecordIds) } },
    );
    stats.historyRows = created.created;
    stats.writeCalls += Math.ceil(created.created / RECORD_LIMITS.batchWrite);
  }
  if (plan.updates.length) {
    const accounts = base.table("accounts");
    const fields = new Map(accounts.template.fields.map((f) => [f.key, f]));
    const rows = plan.updates.map((u) => ({
      record_id: u.recordId,
      fields: encodeFields(accounts.template.fields, u.fields, { tz: opts.tz }),
    }));
    // Remembered before the call: the echo can arrive before the answer does.
    for (const u of plan.updates) opts.echoes?.remember(u.recordId, fields, u.fields);
    stats.accountsWritten = await base.gw.batchUpdate(accounts.id, rows);
    stats.writeCalls += Math.ceil(rows.length / RECORD_LIMITS.batchWrite);
    stats.cells = plan.updates.reduce((n, u) => n + Object.keys(u.fields).length, 0);
  }
  return stats;
}
