import { resultsOf } from "../../domain/engine.ts";
import { decodeRecord } from "../../feishu/codecs.ts";
import type { BoundBase } from "../../ops/base.ts";
import type { Services } from "../../services.ts";
import { dayPeriod } from "../job.ts";
import { type FrozenBook, patchBook } from "./frozen-book.ts";
import { accountsForBook, fullSync, primaryRecordIds } from "./full-sync.ts";
import { loadBaseline, saveBaseline } from "./hysteresis.ts";
import { planAccountWrites } from "./plan.ts";
import { readAccountsBook } from "./read-book.ts";
import type { Touched } from "./record-events.ts";
import { syncMemory } from "./sync-memory.ts";
import { loadVisitHolds } from "./visit-holds.ts";
import { writeBack } from "./write-back.ts";

export type IncrementalOutcome =
  | {
      mode: "incremental";
      accounts: number;
      changedAccounts: number;
      writeCalls: number;
      readCalls: number;
      ms: number;
    }
  | { mode: "full"; reason: string; changedAccounts: number; writeCalls: number; ms: number }
  | { mode: "none"; reason: string };

/**
 * Recomputes what a batch of change events touched. The caller holds the sync lock. Falls back to a
 * full sync when there is no full computation to build on (a restart, a new day) or the events
 * changed the book's shape (an account added, removed or recoded; 设置 edited).
 */
export async function applyTouched(services: Services, touched: Touched): Promise<IncrementalOutcome> {
  const started = Date.now();
  const memory = syncMemory(services);
  const now = services.clock.now();
  const day = dayPeriod(now, services.config.tz);
  const frozen = memory.frozen;
  const fallback =
    touched.full ?? (!frozen ? "no full computation yet" : frozen.now !== day ? "a new day" : undefined);
  if (fallback || !frozen) return full(services, now, fallback ?? "no full computation yet", started);

  const base = await services.base();
  const tz = services.config.tz;
  const resolved = await accountCodes(base, frozen, touched, tz);
  if (resolved.unknownAccount) return full(services, now, "an account row the book does not know", started);
  const codes = [...resolved.codes].filter((c) => frozen.position.has(c));
  if (!codes.length) return { mode: "none", reason: "no known account touched" };

  const snapshot = await readAccountsBook(base, codes, { tz });
  const baseline = await loadBaseline(services.ledger, day);
  const accounts = accountsForBook(
    snapshot.accountRows,
    baseline,
    await loadVisitHolds(services.ledger, codes),
  );
  const positions = patchBook(frozen, { ...snapshot, accounts });
  if (!positions) return full(services, now, "an account new to the book", started);
  const fields = new Map(base.table("accounts").template.fields.map((f) => [f.key, f]));
  const plan = planAccountWrites({
    rows: snapshot.accountRows,
    results: resultsOf(frozen, positions),
    bookProblems: [],
    fields,
    day,
  });
  await saveBaseline(services.ledger, baseline);
  const written = await writeBack(base, plan, {
    day,
    tz,
    echoes: memory.echoes,
    accountRecordIds: primaryRecordIds(snapshot.accountRows),
  });
  return {
    mode: "incremental",
    accounts: positions.length,
    changedAccounts: plan.updates.length,
    writeCalls: written.writeCalls,
    readCalls: snapshot.reads + resolved.reads,
    ms: Date.now() - started,
  };
}

async function full(
  services: Services,
  now: number,
  reason: string,
  started: number,
): Promise<IncrementalOutcome> {
  const summary = await fullSync(services, { now, dryRun: false });
  return {
    mode: "full",
    reason,
    changedAccounts: summary.changedAccounts,
    writeCalls: summary.writeCalls,
    ms: Date.now() - started,
  };
}

/** The account codes behind the touched rows; rows the events did not name an account for are read. */
async function accountCodes(base: BoundBase, frozen: FrozenBook, touched: Touched, tz: string) {
  const codes = new Set(touched.codes);
  let reads = 0;
  let unknownAccount = false;
  const codeOfRecord = new Map<string, string>();
  for (const a of frozen.accounts) if (a.recordId) codeOfRecord.set(a.recordId, a.id);
  const lookups: [string, Set<string>][] = [...touched.lookups];
  if (touched.accountRecords.size) lookups.push(["accounts", touched.accountRecords]);
  for (const [table, ids] of lookups) {
    const { id, template } = base.table(table);
    const fields = template.fields.filter((f) => ["code", "accountCode", "account"].includes(f.key));
    const rows = await base.gw.batchGet(id, [...ids]);
    reads += Math.ceil(ids.size / 100);
    for (const row of rows) {
      const { values } = decodeRecord(fields, row.fields, { tz });
      const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
      const linked = Array.isArray(values.account) ? codeOfRecord.get(values.account[0] ?? "") : undefined;
      const code = table === "accounts" ? text(values.code) : (text(values.accountCode) ?? linked);
      if (table === "accounts" && (!code || !frozen.position.has(code))) unknownAccount = true;
      if (code) codes.add(code);
    }
  }
  return { codes, reads, unknownAccount };
}
