import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type { JobRun, Ledger, PendingWrite, SendClaim, SendRow } from "./ledger.ts";
import { type MIGRATIONS, pendingMigrations, SCHEMA_MIGRATIONS_TABLE } from "./migrations.ts";

export type SqliteLedger = Ledger & { close(): void; readonly path: string };

type Db = Database.Database;
type Row = Record<string, unknown>;

/** Opens (creating folder and file if needed) and migrates the ledger. `:memory:` gives a private in-memory one. */
export function openSqliteLedger(path: string, opts: { now?: () => number } = {}): SqliteLedger {
  const now = opts.now ?? Date.now;
  if (path !== ":memory:" && !path.startsWith("file:"))
    mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  migrate(db, now());

  const q = {
    seen: db.prepare("INSERT OR IGNORE INTO seen_keys (kind, key, at) VALUES (?, ?, ?)"),
    prune: db.prepare("DELETE FROM seen_keys WHERE at < ?"),
    send: db.prepare("SELECT * FROM sends WHERE key = ?"),
    sendInsert: db.prepare(
      "INSERT INTO sends (key, state, attempts, target, job, created_at, updated_at) VALUES (?, 'pending', 1, ?, ?, ?, ?)",
    ),
    sendRetry: db.prepare(
      "UPDATE sends SET state = 'pending', attempts = attempts + 1, error = NULL, updated_at = ? WHERE key = ?",
    ),
    sendSent:
      db.prepare(`INSERT INTO sends (key, state, message_id, created_at, updated_at) VALUES (@key, 'sent', @id, @at, @at)
      ON CONFLICT (key) DO UPDATE SET state = 'sent', message_id = @id, error = NULL, updated_at = @at`),
    sendFailed: db.prepare(
      "UPDATE sends SET state = 'failed', error = ?, updated_at = ? WHERE key = ? AND state != 'sent'",
    ),
    sendsFor: db.prepare(
      "SELECT * FROM sends WHERE key >= @p AND substr(key, 1, length(@p)) = @p ORDER BY key",
    ),
    run: db.prepare("SELECT * FROM job_runs WHERE job = ? AND period = ?"),
    runInsert: db.prepare(
      "INSERT INTO job_runs (job, period, status, started_at) VALUES (?, ?, 'running', ?)",
    ),
    runRestart: db.prepare(
      "UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = ?, finished_at = NULL WHERE id = ?",
    ),
    runFinish: db.prepare("UPDATE job_runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?"),
    runLast: db.prepare("SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT 1"),
    writeInsert: db.prepare(`INSERT OR IGNORE INTO pending_writes
      (key, table_id, op, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`),
    writesDue:
      db.prepare(`SELECT * FROM pending_writes WHERE status = 'pending' AND (retry_at IS NULL OR retry_at <= ?)
      ORDER BY created_at, rowid LIMIT ?`),
    writeDone:
      db.prepare(`UPDATE pending_writes SET status = 'written', record_id = ?, error = NULL, retry_at = NULL,
      updated_at = ? WHERE key = ?`),
    writeFailed:
      db.prepare(`UPDATE pending_writes SET attempts = attempts + 1, error = @error, retry_at = @retryAt,
      status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END, updated_at = @at
      WHERE key = @key AND status != 'written'`),
    kvGet: db.prepare("SELECT value FROM kv WHERE key = ?"),
    kvSet: db.prepare(`INSERT INTO kv (key, value, updated_at) VALUES (@key, @value, @at)
      ON CONFLICT (key) DO UPDATE SET value = @value, updated_at = @at`),
    kvDelete: db.prepare("DELETE FROM kv WHERE key = ?"),
    ping: db.prepare("SELECT 1"),
  };

  const claimSend = db.transaction(
    (key: string, target: string | null, job: string | null, at: number): SendClaim => {
      const row = q.send.get(key) as Row | undefined;
      if (!row) {
        q.sendInsert.run(key, target, job, at, at);
        return { state: "new", attempts: 1, claimedAt: at };
      }
      const attempts = row.attempts as number;
      if (row.state === "failed") {
        q.sendRetry.run(at, key);
        return { state: "new", attempts: attempts + 1, claimedAt: at };
      }
      const claim: SendClaim = {
        state: row.state as "pending" | "sent",
        attempts,
        claimedAt: row.updated_at as number,
      };
      if (row.message_id) claim.messageId = row.message_id as string;
      return claim;
    },
  );

  const startJobRun = db.transaction((job: string, period: string, at: number): number | null => {
    const row = q.run.get(job, period) as Row | undefined;
    if (!row) return Number(q.runInsert.run(job, period, at).lastInsertRowid);
    if (row.status === "done") return null;
    q.runRestart.run(at, row.id);
    return row.id as number;
  });

  return {
    path,
    close: () => db.close(),
    seenEvent: async (eventId, at) => q.seen.run("event", eventId, at).changes === 0,
    seenAction: async (key, at = now()) => q.seen.run("action", key, at).changes === 0,
    pruneEvents: async (before) => q.prune.run(before).changes,

    claimSend: async (key, meta) => claimSend.immediate(key, meta.target ?? null, meta.job ?? null, meta.at),
    markSent: async (key, messageId) => void q.sendSent.run({ key, id: messageId, at: now() }),
    markFailed: async (key, error) => void q.sendFailed.run(error, now(), key),
    sendsFor: async (prefix) => (q.sendsFor.all({ p: prefix }) as Row[]).map(toSendRow),

    startJobRun: async (job, period, at) => startJobRun.immediate(job, period, at),
    finishJobRun: async (runId, summary, status = "done") =>
      void q.runFinish.run(status, now(), JSON.stringify(summary), runId),
    lastJobRun: async (job) => {
      const row = q.runLast.get(job) as Row | undefined;
      return row ? toJobRun(row) : undefined;
    },

    enqueueWrite: async (w) =>
      q.writeInsert.run(w.key, w.table, w.op, JSON.stringify(w.payload ?? null), now(), now()).changes === 1,
    pendingWrites: async (limit, at = now()) => (q.writesDue.all(at, limit) as Row[]).map(toPendingWrite),
    markWritten: async (key, recordId) => void q.writeDone.run(recordId, now(), key),
    markWriteFailed: async (key, error, retryAt) =>
      void q.writeFailed.run({ error, retryAt, at: now(), key }),

    get: async <T>(key: string) => {
      const row = q.kvGet.get(key) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set: async (key, value) => {
      if (value === undefined) q.kvDelete.run(key);
      else q.kvSet.run({ key, value: JSON.stringify(value), at: now() });
    },
    ping: async () => void q.ping.get(),
  };
}

/** Applies pending migrations, each in its own IMMEDIATE transaction so two processes opening at once do not race. */
export function migrate(db: Db, at: number): number[] {
  db.exec(SCHEMA_MIGRATIONS_TABLE);
  const applied = new Set(db.prepare("SELECT id FROM schema_migrations").pluck().all() as number[]);
  const isApplied = db.prepare("SELECT 1 FROM schema_migrations WHERE id = ?").pluck();
  const record = db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)");
  const done: number[] = [];
  const apply = db.transaction((m: (typeof MIGRATIONS)[number]) => {
    if (isApplied.get(m.id)) return;
    db.exec(m.sql);
    record.run(m.id, m.name, at);
    done.push(m.id);
  });
  for (const m of pendingMigrations(applied)) apply.immediate(m);
  return done;
}

function toSendRow(r: Row): SendRow {
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

function toJobRun(r: Row): JobRun {
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

function toPendingWrite(r: Row): PendingWrite {
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
