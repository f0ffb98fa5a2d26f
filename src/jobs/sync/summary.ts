import type { Problem, ProblemCode, Tier } from "../../domain/types.ts";
import type { FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { ComputedKey } from "./account-fields.ts";
import type { AccountUpdate } from "./plan.ts";
import type { AccountRecord } from "./row-decoders.ts";
import type { WriteStats } from "./write-back.ts";

/** What a sync run reports (the job's summary in the ledger, the CLI's printout, the event log line). */
export type SyncSummary = {
  mode: "full" | "incremental";
  dryRun: boolean;
  day: string;
  /** Account rows read (duplicates and rows without a code included). */
  accountRows: number;
  orders: number;
  visits: number;
  surveys: number;
  tiers: Record<Tier, number>;
  tierChanges: number;
  /** Accounts with at least one cell to change, and those cells. */
  changedAccounts: number;
  changedCells: number;
  readCalls: number;
  writeCalls: number;
  writtenCells: number;
  historyRows: number;
  problems: number;
  problemsByCode: Partial<Record<ProblemCode, number>>;
  orphanOrders: number;
  policyProblems: { row?: string; key?: string; message: string }[];
  /** The first changes, for a person to check (always filled on a dry run). */
  preview: { code: string; field: string; from: string; to: string }[];
  ms: number;
};

const PREVIEW = 20;
const POLICY_LIST = 20;

function shown(value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === "") return "∅";
  const text = typeof value === "object" && !Array.isArray(value) ? value.link : String(value);
  const line = text.replace(/\n/g, " ⏎ ");
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** The first changes, with what the cells held before (from the rows as read). */
export function previewOf(
  updates: readonly AccountUpdate[],
  fields: ReadonlyMap<string, FieldTemplate>,
  rows: readonly AccountRecord[],
) {
  const out: SyncSummary["preview"] = [];
  const held = new Map(rows.map((r) => [r.recordId, r.held]));
  for (const u of updates) {
    for (const [key, to] of Object.entries(u.fields)) {
      if (out.length === PREVIEW) return out;
      const from = held.get(u.recordId)?.[key as ComputedKey];
      out.push({
        code: u.code || u.recordId,
        field: fields.get(key)?.name ?? key,
        from: shown(from),
        to: shown(to),
      });
    }
  }
  return out;
}

export function policyProblemList(problems: readonly Problem[]): SyncSummary["policyProblems"] {
  return problems.slice(0, POLICY_LIST).map((p) => ({ row: p.rowId, key: p.field, message: p.message }));
}

export function noWrites(): WriteStats {
  return { writeCalls: 0, cells: 0, accountsWritten: 0, historyRows: 0 };
}
