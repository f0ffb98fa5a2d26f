import { type BookInput, computeBook } from "../../domain/engine.ts";
import type { Policy } from "../../domain/policy.ts";
import type { Account, IsoDate } from "../../domain/types.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { Services } from "../../services.ts";
import { dayPeriod } from "../job.ts";
import { freezeBook } from "./frozen-book.ts";
import { type Baseline, loadBaseline, previousOf, saveBaseline } from "./hysteresis.ts";
import { planAccountWrites, type SyncPlan, secondaryRowProblems, tallyProblems } from "./plan.ts";
import { loadPolicy } from "./policy-source.ts";
import { type BookSnapshot, readBook } from "./read-book.ts";
import type { AccountRecord } from "./row-decoders.ts";
import { noWrites, policyProblemList, previewOf, type SyncSummary } from "./summary.ts";
import { syncMemory } from "./sync-memory.ts";
import { writeBack } from "./write-back.ts";

/** Domain accounts for the rows that have a code, each judged against its baseline classification. */
export function accountsForBook(rows: readonly AccountRecord[], baseline: Baseline): Account[] {
  return rows
    .filter((r) => r.code)
    .map((r) => {
      const account: Account = { ...r.account };
      const previous = previousOf(baseline, r.code, r.held);
      if (previous) account.previous = previous;
      return account;
    });
}

/** The pure half of a full sync: book in, cells to write out. */
export function planFullSync(
  snapshot: BookSnapshot,
  policy: Policy,
  day: IsoDate,
  baseline: Baseline,
  fields: ReadonlyMap<string, FieldTemplate>,
): { plan: SyncPlan; input: BookInput } {
  const rows = snapshot.accountRows;
  const input: BookInput = {
    accounts: accountsForBook(rows, baseline),
    orders: snapshot.orders,
    visits: snapshot.visits,
    surveys: snapshot.surveys,
    policy,
    now: day,
  };
  const book = computeBook(input);
  const results = new Map(book.results.map((r) => [r.accountId, r]));
  const rowProblems = secondaryRowProblems(rows, book.results);
  const writes = planAccountWrites({ rows, results, rowProblems, fields, day });
  return {
    plan: {
      ...writes,
      tiers: { ...book.summary.tiers },
      ...tallyProblems(book.results, book.problems, rowProblems.values()),
    },
    input,
  };
}

/** A full sync under the sync lock, so it never interleaves with an incremental one. */
export function runFullSync(
  services: Services,
  opts: { now: number; dryRun: boolean },
): Promise<SyncSummary> {
  return syncMemory(services).exclusive(() => fullSync(services, opts));
}

/**
 * Reads the whole book, computes it, and writes back the cells that changed (plan, then act). With
 * dryRun nothing is written, not even the ledger's notes. The caller holds the sync lock.
 */
export async function fullSync(
  services: Services,
  opts: { now: number; dryRun: boolean },
): Promise<SyncSummary> {
  const memory = syncMemory(services);
  const started = Date.now();
  const { ledger, config } = services;
  const base = await services.base();
  const day = dayPeriod(opts.now, config.tz);
  const policy = await loadPolicy(base, ledger, { remember: !opts.dryRun });
  const snapshot = await readBook(base, { tz: config.tz });
  const baseline = await loadBaseline(ledger, day);
  const accounts = base.table("accounts").template.fields;
  const fields = new Map(accounts.map((f) => [f.key, f]));
  const { plan, input } = planFullSync(snapshot, policy.policy, day, baseline, fields);
  let written = noWrites();
  if (!opts.dryRun) {
    await saveBaseline(ledger, baseline);
    const accountRecordIds = primaryRecordIds(snapshot.accountRows);
    written = await writeBack(base, plan, { tz: config.tz, echoes: memory.echoes, accountRecordIds });
    if (memory.incremental) memory.frozen = freezeBook(input);
  }
  return {
    mode: "full",
    dryRun: opts.dryRun,
    day,
    accountRows: snapshot.accountRows.length,
    orders: snapshot.orders.length,
    visits: snapshot.visits.length,
    surveys: snapshot.surveys.length,
    tiers: plan.tiers,
    tierChanges: plan.tierChanges.length,
    changedAccounts: plan.updates.length,
    changedCells: plan.updates.reduce((n, u) => n + Object.keys(u.fields).length, 0),
    readCalls: snapshot.reads + policy.reads,
    writeCalls: written.writeCalls,
    writtenCells: written.cells,
    historyRows: written.historyRows,
    problems: plan.problems,
    problemsByCode: plan.problemsByCode,
    orphanOrders: plan.orphanOrders,
    policyProblems: policyProblemList(policy.problems),
    preview: previewOf(plan.updates, fields),
    ms: Date.now() - started,
  } satisfies SyncSummary;
}

/** Account code → the record id of its first row (the one the book uses), for 等级变更 links. */
export function primaryRecordIds(rows: readonly AccountRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) if (r.code && !out.has(r.code)) out.set(r.code, r.recordId);
  return out;
}
