import { foldBook, resultsOf } from "../../domain/engine.ts";
import type { Policy } from "../../domain/policy.ts";
import type { Account, IsoDate } from "../../domain/types.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { BoundBase } from "../../ops/base.ts";
import type { Services } from "../../services.ts";
import { dayPeriod } from "../job.ts";
import { type Baseline, loadBaseline, previousOf, saveBaseline } from "./hysteresis.ts";
import { planAccountWrites } from "./plan.ts";
import { loadPolicy } from "./policy-source.ts";
import { codesOfRecords, createBookReader } from "./read-book.ts";
import type { AccountRecord } from "./row-decoders.ts";
import { noWrites, policyProblemList, previewOf, type SyncSummary } from "./summary.ts";
import { syncMemory } from "./sync-memory.ts";
import { loadVisitHolds, type VisitHolds } from "./visit-holds.ts";
import { writeBack } from "./write-back.ts";

/**
 * Domain accounts for the rows that have a code, each judged against its baseline classification and
 * carrying any 下次拜访 a person set from a card. The rows' own account objects are completed in
 * place: they are read afresh for every run.
 */
export function accountsForBook(
  rows: readonly AccountRecord[],
  baseline: Baseline,
  holds: VisitHolds = new Map(),
): Account[] {
  const accounts: Account[] = [];
  for (const r of rows) {
    if (!r.code) continue;
    const previous = previousOf(baseline, r.code, r.held);
    if (previous) r.account.previous = previous;
    const hold = holds.get(r.code);
    if (hold) r.account.visitHold = hold;
    accounts.push(r.account);
  }
  return accounts;
}

type PlanOptions = {
  tz: string;
  policy: Policy;
  day: IsoDate;
  baseline: Baseline;
  holds: VisitHolds;
  fields: ReadonlyMap<string, FieldTemplate>;
  /** Keep the book's figures for incremental recomputes. */
  keepFigures: boolean;
};

/**
 * Reads the book and plans the write-back without holding the rows: orders, visits and answers are
 * folded into per-account figures as each page is decoded, and each account's result is folded into
 * the plan as it is computed. What stays is the account rows, the figures and the cells to change.
 */
export async function readAndPlan(base: BoundBase, opts: PlanOptions) {
  const reader = createBookReader(base, opts.tz);
  const rows = await reader.accounts();
  const accounts = accountsForBook(rows, opts.baseline, opts.holds);
  const folder = foldBook({ accounts, policy: opts.policy, now: opts.day });
  await reader.activity(codesOfRecords(rows), folder);
  const figures = folder.finish();
  const plan = planAccountWrites({
    rows,
    results: resultsOf(figures),
    bookProblems: figures.bookProblems,
    fields: opts.fields,
    day: opts.day,
  });
  return {
    plan,
    preview: previewOf(plan.updates, opts.fields, rows),
    frozen: opts.keepFigures ? figures : undefined,
    accountRecordIds: primaryRecordIds(rows),
    counts: reader.counts,
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
  const read = await readAndPlan(base, {
    tz: config.tz,
    policy: policy.policy,
    day,
    baseline,
    holds: await loadVisitHolds(ledger),
    fields,
    keepFigures: !opts.dryRun && memory.incremental,
  });
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
    accountRows: counts.accountRows,
    orders: counts.orders,
    visits: counts.visits,
    surveys: counts.surveys,
    tiers: plan.tiers,
    tierChanges: plan.tierChanges.length,
    changedAccounts: plan.updates.length,
    changedCells: plan.updates.reduce((n, u) => n + Object.keys(u.fields).length, 0),
    readCalls: counts.reads + policy.reads,
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

/** Account code → the record id of its first row (the one the book uses), for 等级变更 links. */
export function primaryRecordIds(rows: readonly AccountRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) if (r.code && !out.has(r.code)) out.set(r.code, r.recordId);
  return out;
}
