import type { JobRun, PendingWrite, SendRow } from "./ledger.ts";

/**
 * Ledger rows as SQLite and D1 return them (snake_case columns) mapped to the port's types. Free of any
 * driver, so both adapters share them.
 */
export type Row = Record<string, unknown>;

export function toSendRow(r: Row): SendRow {
  return {
    key: r.key as string,
    state: r.state as SendRow["state"],
    messageId: (r.message_id as string | null) ?? undefined,
    error: (r.error as string | null) ?? undefined,
    attempts: r.attempts as number,
    target: (r.target as string | null) ?? undefined,
    job: (r.job as string | null) ?? undefined,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function toJobRun(r: Row): JobRun {
  return {
    runId: r.id as number,
    job: r.job as string,
    period: r.period as string,
    status: r.status as JobRun["status"],
    attempts: r.attempts as number,
    startedAt: r.started_at as number,
    finishedAt: (r.finished_at as number | null) ?? undefined,
    summary: r.summary ? (JSON.parse(r.summary as string) as Record<string, unknown>) : undefined,
  };
}

export function toPendingWrite(r: Row): PendingWrite {
  return {
    key: r.key as string,
    table: r.table_id as string,
    op: r.op as PendingWrite["op"],
    payload: JSON.parse(r.payload as string),
    status: r.status as PendingWrite["status"],
    attempts: r.attempts as number,
    recordId: (r.record_id as string | null) ?? undefined,
    error: (r.error as string | null) ?? undefined,
    retryAt: (r.retry_at as number | null) ?? undefined,
    createdAt: r.created_at as number,
  };
}
