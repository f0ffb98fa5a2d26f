import { type BookRows, computeBook } from "../../domain/engine.ts";
import type { Policy } from "../../domain/policy.ts";
import type { Account, IsoDate } from "../../domain/types.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { BoundBase } from "../../ops/base.ts";
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

/**
 * Domain accounts for the rows that have a code, each judged against its baseline classification.
 * The rows' own account objects are completed in place: they are read afresh for every run.
 */
export function accountsForBook(rows: readonly AccountRecord[], baseline: Baseline): Account[] {
  const accounts: Account[] = [];
  for (const r of rows) {
    if (!r.code) continue;
    const previous = previousOf(baseline, r.code, r.held);
    if (previous) r.account.previous = previous;
    accounts.push(r.account);
  }
  return accounts;
}

/** The pure half of a full sync: book in, cells to write out. */
export function planFullSync(
  snapshot: BookSnapshot,
  policy: Policy,
  day: IsoDate,
  baseline: Baseline,
  fields: ReadonlyMap<string, FieldTemplate>,
): { plan: SyncPlan; input: BookRows } {
  const rows = snapshot.accountRows;
  const input: BookRows = {
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
  const baseline = await loadBaseline(ledger, day);
  const fields = new Map(base.table("accounts").template.fields.map((f) => [f.key, f]));
  const read = await readAndPlan(
    base,
    { tz: config.tz, policy: policy.policy, day, baseline, fields },
    () => !opts.dryRun && memory.incremental,
  );
  const { plan, counts } = read;
  if (read.frozen) memory.frozen = read.frozen;
  let written = noWrites();
  if (!opts.dryRun) {
    await saveBaseline(ledger, baseline);
    written = await writeBack(base, plan, {
      day,
      tz: config.tz,
      echoes: memory.echoes,
      accountRecordIds: read.accountRecordIds,
    });
  }
  return {
    mode: "full",
    dryRun: opts.dryRun,
    day,
    ...counts,
    tiers: plan.tiers,
    tierChanges: plan.tierChanges.length,
    changedAccounts: plan.updates.length,
    changedCells: plan.updates.reduce((n, u) => n + Object.keys(u.fields).length, 0),
    readCalls: counts.readCalls + policy.reads,
    writeCalls: written.writeCalls,
    writtenCells: written.cells,
    historyRows: written.historyRows,
    problems: plan.problems,
    problemsByCode: plan.problemsByCode,
    orphanOrders: plan.orphanOrders,
    policyProblems: policyProblemList(policy.problems),
    preview: read.preview,
    ms: Date.now() - started,
  } satisfies SyncSummary;
}

/**
 * Read and plan in a scope of their own: once it returns, the orders, visits and answers (about 200 MB
 * for a million orders) are garbage before the write-back starts, keeping the sync's peak memory low.
 */
async function readAndPlan(
  base: BoundBase,
  opts: {
    tz: string;
    policy: Policy;
    day: IsoDate;
    baseline: Baseline;
    fields: ReadonlyMap<string, FieldTemplate>;
  },
  keepFigures: () => boolean,
) {
  const snapshot = await readBook(base, { tz: opts.tz });
  const { plan, input } = planFullSync(snapshot, opts.policy, opts.day, opts.baseline, opts.fields);
  return {
    plan,
    preview: previewOf(plan.updates, opts.fields, snapshot.accountRows),
    frozen: keepFigures() ? freezeBook(input) : undefined,
    accountRecordIds: primaryRecordIds(snapshot.accountRows),
    counts: {
      accountRows: snapshot.accountRows.length,
      orders: snapshot.orders.length,
      visits: snapshot.visits.length,
      surveys: snapshot.surveys.length,
      readCalls: snapshot.reads,
    },
  };
}

/** Account code → the record id of its first row (the one the book uses), for 等级变更 links. */
export function primaryRecordIds(rows: readonly AccountRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) if (r.code && !out.has(r.code)) out.set(r.code, r.recordId);
  return out;
}
