import { RECORD_LIMITS } from "../../feishu/bitable.ts";
import { decodeRecord, encodeFields } from "../../feishu/codecs.ts";
import { primaryField } from "../../feishu/template.ts";
import { startOfDayIn } from "../../feishu/zoned-dates.ts";
import type { BoundBase } from "../../ops/base.ts";
import type { TierChange } from "./plan.ts";

/**
 * Adds the day's 等级变更 rows that are not there yet. A change id names its day, so only today's rows
 * can collide: those are read (filtered on 日期), not the whole history. Rows are encoded and sent one
 * batch at a time, so 100,000 first classifications never sit in memory as request bodies at once.
 * Each batch's client_token comes from the ids it creates: a rerun after a cut-short run skips the
 * rows that made it and never reuses a token for different rows.
 */
export async function writeTierHistory(
  base: BoundBase,
  changes: readonly TierChange[],
  opts: { day: string; tz: string; accountRecordIds: ReadonlyMap<string, string> },
): Promise<{ created: number; calls: number; reads: number }> {
  const { id, template } = base.table("tierHistory");
  const primary = primaryField(template);
  const dateField = template.fields.find((f) => f.key === "date")!;
  const existing = new Set<string>();
  let reads = 0;
  const filter = {
    conjunction: "and" as const,
    conditions: [
      {
        field_name: dateField.name,
        operator: "is" as const,
        value: ["ExactDate", String(startOfDayIn(opts.day, opts.tz))],
      },
    ],
  };
  for await (const page of base.gw.searchPages(id, { fieldNames: [primary.name], filter })) {
    reads++;
    for (const rec of page) {
      const key = decodeRecord([primary], rec.fields).values[primary.key];
      if (typeof key === "string") existing.add(key);
    }
  }
  const fresh = changes.filter((c) => !existing.has(c.changeId));
  let calls = 0;
  for (let i = 0; i < fresh.length; i += RECORD_LIMITS.batchWrite) {
    const chunk = fresh.slice(i, i + RECORD_LIMITS.batchWrite);
    const rows = chunk.map((c) => {
      const recordId = opts.accountRecordIds.get(c.account);
      const values = { ...c, account: recordId ? [recordId] : undefined };
      return encodeFields(template.fields, values, { tz: opts.tz });
    });
    await base.gw.batchCreate(id, rows, { idempotencyKey: `sync:tier-history:${chunkKey(chunk)}` });
    calls++;
  }
  return { created: fresh.length, calls, reads };
}

function chunkKey(chunk: readonly TierChange[]): string {
  let h = 0x811c9dc5;
  for (const c of chunk) {
    for (let i = 0; i < c.changeId.length; i++) h = Math.imul(h ^ c.changeId.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return `${chunk[0]?.changeId}…${chunk.at(-1)?.changeId}:${chunk.length}:${(h >>> 0).toString(36)}`;
}
