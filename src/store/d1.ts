import type { D1Database } from "../runtime/workers-types.ts";
import type { Ledger, SendClaim } from "./ledger.ts";
import { type Row, toJobRun, toPendingWrite, toSendRow } from "./ledger-rows.ts";
import { migrationStatements, pendingMigrations, SCHEMA_MIGRATIONS_TABLE } from "./migrations.ts";

/**
 * The ledger on D1 (Workers): the same port, schema and migrations as the SQLite adapter. D1 has no
 * interactive transactions, so the read-then-write steps of SQLite's claimSend and startJobRun become single
 * upserts with RETURNING. The schema is migrated on first use in each isolate (see `migrateD1`).
 */
export function openD1Ledger(db: D1Database, opts: { now?: () => number } = {}): Ledger {
  const now = opts.now ?? Date.now;
  let ready: Promise<unknown> | undefined;
  const migrated = () => {
    ready ??= migrateD1(db, now()).catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return ready;
  };
  const q = async (sql: string, ...args: unknown[]) => {
    await migrated();
    return db.prepare(sql).bind(...args);
  };
  const changes = async (sql: string, ...args: unknown[]) =>
    (await (await q(sql, ...args)).run()).meta.changes;
  const first = async (sql: string, ...args: unknown[]) => (await q(sql, ...args)).first<Row>();
  const all = async (sql: string, ...args: unknown[]) => (await (await q(sql, ...args)).all<Row>()).results;

  return {
    seenEvent: async (eventId, at) =>
      (await changes(
        "INSERT OR IGNORE INTO seen_keys (kind, key, at) VALUES ('event', ?, ?)",
        eventId,
        at,
      )) === 0,
    seenAction: async (key, at = now()) =>
      (await changes("INSERT OR IGNORE INTO seen_keys (kind, key, at) VALUES ('action', ?, ?)", key, at)) ===
      0,
    pruneEvents: (before) => changes("DELETE FROM seen_keys WHERE at < ?", before),
    pruneFinished: async (before) =>
      (await changes("DELETE FROM sends WHERE state != 'pending' AND updated_at < ?", before)) +
      (await changes("DELETE FROM pending_writes WHERE status != 'pending' AND updated_at < ?", before)),
    pruneState: (prefix, before) =>
      changes(
        "DELETE FROM kv WHERE key >= ?1 AND substr(key, 1, length(?1)) = ?1 AND updated_at < ?2",
        prefix,
        before,
      ),

    async claimSend(key, meta) {
      // A new key is inserted and a failed one taken over again; both come back from RETURNING. Nothing comes
      // back for a pending or sent row, which is then read as it stands.
      const claimed = await first(
        `INSERT INTO sends (key, state, attempts, target, job, created_at, updated_at)
         VALUES (?1, 'pending', 1, ?2, ?3, ?4, ?4)
         ON CONFLICT (key) DO UPDATE SET state = 'pending', attempts = attempts + 1, error = NULL, updated_at = ?4
         WHERE sends.state = 'failed'
         RETURNING attempts`,
        key,
        meta.target ?? null,
        meta.job ?? null,
        meta.at,
      );
      if (claimed) return { state: "new", attempts: claimed.attempts as number, claimedAt: meta.at };
      const row = await first("SELECT state, message_id, attempts, updated_at FROM sends WHERE key = ?", key);
      if (!row) throw new Error(`ledger: send ${key} vanished while being claimed`);
      const claim: SendClaim = {
        state: row.state as "pending" | "sent",
        attempts: row.attempts as number,
        claimedAt: row.updated_at as number,
      };
      if (row.message_id) claim.messageId = row.message_id as string;
      return claim;
    },
    markSent: async (key, messageId) =>
      void (await changes(
        `INSERT INTO sends (key, state, message_id, created_at, updated_at) VALUES (?1, 'sent', ?2, ?3, ?3)
         ON CONFLICT (key) DO UPDATE SET state = 'sent', message_id = ?2, error = NULL, updated_at = ?3`,
        key,
        messageId,
        now(),
      )),
    markFailed: async (key, error) =>
      void (await changes(
        "UPDATE sends SET state = 'failed', error = ?, updated_at = ? WHERE key = ? AND state != 'sent'",
        error,
        now(),
        key,
      )),
    sendsFor: async (prefix) =>
      (
        await all(
          "SELECT * FROM sends WHERE key >= ?1 AND substr(key, 1, length(?1)) = ?1 ORDER BY key",
          prefix,
        )
      ).map(toSendRow),

    async startJobRun(job, period, at) {
      const row = await first(
        `INSERT INTO job_runs (job, period, status, started_at) VALUES (?1, ?2, 'running', ?3)
         ON CONFLICT (job, period) DO UPDATE SET status = 'running', attempts = attempts + 1,
           started_at = ?3, finished_at = NULL
         WHERE job_runs.status != 'done'
         RETURNING id`,
        job,
        period,
        at,
      );
      return row ? (row.id as number) : null;
    },
    finishJobRun: async (runId, summary, status = "done") =>
      void (await changes(
        "UPDATE job_runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
        status,
        now(),
        JSON.stringify(summary),
        runId,
      )),
    async lastJobRun(job) {
      const row = await first(
        "SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT 1",
        job,
      );
      return row ? toJobRun(row) : undefined;
    },

    enqueueWrite: async (w) =>
      (await changes(
        `INSERT OR IGNORE INTO pending_writes (key, table_id, op, payload, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)`,
        w.key,
        w.table,
        w.op,
        JSON.stringify(w.payload ?? null),
        now(),
      )) === 1,
    pendingWrites: async (limit, at = now()) =>
      (
        await all(
          `SELECT * FROM pending_writes WHERE status = 'pending' AND (retry_at IS NULL OR retry_at <= ?)
           ORDER BY created_at, rowid LIMIT ?`,
          at,
          limit,
        )
      ).map(toPendingWrite),
    markWritten: async (key, recordId) =>
      void (await changes(
        `UPDATE pending_writes SET status = 'written', record_id = ?, error = NULL, retry_at = NULL,
         updated_at = ? WHERE key = ?`,
        recordId,
        now(),
        key,
      )),
    markWriteFailed: async (key, error, retryAt) =>
      void (await changes(
        `UPDATE pending_writes SET attempts = attempts + 1, error = ?1, retry_at = ?2,
         status = CASE WHEN ?2 IS NULL THEN 'failed' ELSE 'pending' END, updated_at = ?3
         WHERE key = ?4 AND status != 'written'`,
        error,
        retryAt,
        now(),
        key,
      )),

    entries: async <T>(prefix: string) =>
      (
        await all(
          "SELECT key, value FROM kv WHERE key >= ?1 AND substr(key, 1, length(?1)) = ?1 ORDER BY key",
          prefix,
        )
      ).map((r): [string, T] => [r.key as string, JSON.parse(r.value as string) as T]),

    async get<T>(key: string) {
      const row = await first("SELECT value FROM kv WHERE key = ?", key);
      return row ? (JSON.parse(row.value as string) as T) : undefined;
    },
    set: async (key, value) => {
      if (value === undefined) await changes("DELETE FROM kv WHERE key = ?", key);
      else
        await changes(
          `INSERT INTO kv (key, value, updated_at) VALUES (?1, ?2, ?3)
           ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3`,
          key,
          JSON.stringify(value),
          now(),
        );
    },
    ping: async () => void (await first("SELECT 1 AS ok")),
  };
}

/**
 * Applies the migrations D1 lacks, each as one batch (D1 runs a batch as a transaction) together with its
 * schema_migrations row, so Node and Workers keep the same bookkeeping. Two isolates starting at once may both
 * try: the loser's batch fails as a whole, and it then finds the migration applied and carries on.
 */
export async function migrateD1(db: D1Database, at: number): Promise<number[]> {
  await db.prepare(SCHEMA_MIGRATIONS_TABLE).run();
  const applied = async () =>
    new Set(
      (await db.prepare("SELECT id FROM schema_migrations").all<{ id: number }>()).results.map((r) => r.id),
    );
  const done: number[] = [];
  for (const m of pendingMigrations(await applied())) {
    const statements = migrationStatements(m).map((sql) => db.prepare(sql));
    statements.push(
      db
        .prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)")
        .bind(m.id, m.name, at),
    );
    try {
      await db.batch(statements);
      done.push(m.id);
    } catch (err) {
      if (!(await applied()).has(m.id)) throw err;
    }
  }
  return done;
}
