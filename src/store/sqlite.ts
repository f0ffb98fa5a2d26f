import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { Ledger, SendClaim } from "./ledger.ts";
import { type Row, toJobRun, toPendingWrite, toSendRow } from "./ledger-rows.ts";
import { type MIGRATIONS, pendingMigrations, SCHEMA_MIGRATIONS_TABLE } from "./migrations.ts";

export type SqliteLedger = Ledger & { close(): void; readonly path: string };

export type SqliteLedgerOptions = {
  now?: () => number;
  /**
   * After this many dedupe claims a file ledger hands its WAL checkpoints to a background thread (see
   * startCheckpointer); a CLI run or a quiet service never gets there. Infinity keeps them on the writer.
   */
  backgroundCheckpointsAfter?: number;
};

type Db = Database.Database;

/** Opens (creating folder and file if needed) and migrates the ledger. `:memory:` gives a private in-memory one. */
export function openSqliteLedger(path: string, opts: SqliteLedgerOptions = {}): SqliteLedger {
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
    sendsPrune: db.prepare("DELETE FROM sends WHERE state != 'pending' AND updated_at < ?"),
    writesPrune: db.prepare("DELETE FROM pending_writes WHERE status != 'pending' AND updated_at < ?"),
    kvPrune: db.prepare(
      "DELETE FROM kv WHERE key >= @p AND substr(key, 1, length(@p)) = @p AND updated_at < @before",
    ),
    kvRange: db.prepare(
      "SELECT key, value FROM kv WHERE key >= @p AND substr(key, 1, length(@p)) = @p ORDER BY key",
    ),
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

  let checkpointer: Checkpointer | undefined;
  let claims = 0;
  const checkpointsAfter =
    path === ":memory:" || path.startsWith("file:")
      ? Number.POSITIVE_INFINITY
      : (opts.backgroundCheckpointsAfter ?? BACKGROUND_CHECKPOINTS_AFTER);
  let sinceRestart = 0;
  const seen = createSeenKeys(db, q.seen, (committed) => {
    claims += committed;
    if (!checkpointer) {
      if (claims >= checkpointsAfter) checkpointer = startCheckpointer(db, resolve(path));
      return undefined;
    }
    sinceRestart += committed;
    if (sinceRestart < RESTART_WAL_AFTER) return undefined;
    sinceRestart = 0;
    return checkpointer.restart();
  });

  return {
    path,
    close: () => {
      seen.flush(true);
      checkpointer?.stop();
      db.close();
    },
    seenEvent: (eventId, at) => seen.claim("event", eventId, at),
    seenAction: (key, at = now()) => seen.claim("action", key, at),
    pruneEvents: async (before) => {
      seen.flush(true);
      seen.forget();
      return q.prune.run(before).changes;
    },
    pruneFinished: async (before) => q.sendsPrune.run(before).changes + q.writesPrune.run(before).changes,
    pruneState: async (prefix, before) => q.kvPrune.run({ p: prefix, before }).changes,

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
    entries: async <T>(prefix: string) =>
      (q.kvRange.all({ p: prefix }) as { key: string; value: string }[]).map((r): [string, T] => [
        r.key,
        JSON.parse(r.value) as T,
      ]),
    ping: async () => void q.ping.get(),
  };
}

type SeenClaim = {
  kind: string;
  key: string;
  at: number;
  resolve(seen: boolean): void;
  reject(error: unknown): void;
};

/** How many recently committed keys are remembered, so a redelivery is answered without a query. */
const RECENT_KEYS = 16_384;

/**
 * The dedupe claims (event ids, card-action keys). Claims made in the same event-loop turn are inserted in one
 * transaction after that turn: one commit instead of one per callback, and each caller's promise resolves only
 * once its row is committed, so nothing acts on a key that a crash could lose. Keys committed lately are
 * remembered: a repeat of one is answered "seen" without the database, which stays the source of truth for
 * everything else (a key not in memory is always asked of it).
 */
function createSeenKeys(
  db: Db,
  insert: Database.Statement,
  /** Told after each commit; a promise it returns holds the next commits until it settles. */
  committed: (count: number) => Promise<void> | undefined,
) {
  let pending: SeenClaim[] = [];
  let held: Promise<void> | undefined;
  const recent = new Set<string>();
  const insertAll = db.transaction((claims: SeenClaim[]) =>
    claims.map((c) => insert.run(c.kind, c.key, c.at).changes === 0),
  );

  const remember = (c: SeenClaim) => {
    recent.add(`${c.kind}\u0000${c.key}`);
    if (recent.size > RECENT_KEYS) recent.delete(recent.values().next().value!);
  };

  const flush = (force = false) => {
    if (held && !force) return;
    const claims = pending;
    if (claims.length === 0) return;
    pending = [];
    let answers: boolean[];
    try {
      answers = insertAll.immediate(claims);
    } catch {
      // One failing claim must not fail the others: each is tried alone and gets its own answer or error.
      for (const c of claims) {
        try {
          const answer = insert.run(c.kind, c.key, c.at).changes === 0;
          remember(c);
          c.resolve(answer);
        } catch (err) {
          c.reject(err);
        }
      }
      return;
    }
    claims.forEach((c, i) => {
      remember(c);
      c.resolve(answers[i]!);
    });
    const hold = committed(claims.length);
    if (hold)
      held = hold.then(() => {
        held = undefined;
        flush();
      });
  };

  const claim = (kind: string, key: string, at: number) => {
    if (recent.has(`${kind}\u0000${key}`)) return Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => {
      // setImmediate runs after the poll phase, so the claims of every delivery read in this turn share it.
      if (pending.length === 0) setImmediate(() => flush());
      pending.push({ kind, key, at, resolve, reject });
    });
  };

  return { claim, flush, forget: () => recent.clear() };
}

/** SQLite's own default: the writer checkpoints once the WAL holds this many pages. */
const WRITER_CHECKPOINT_PAGES = 1_000;
/** With the background checkpointer, the writer still checkpoints past this (the checkpointer is stuck or gone). */
const FALLBACK_CHECKPOINT_PAGES = 8_000;
const BACKGROUND_CHECKPOINTS_AFTER = 1_000;
const BACKGROUND_CHECKPOINT_EVERY_MS = 100;
/** Claims between two WAL restarts: bounds the WAL to a few thousand pages. */
const RESTART_WAL_AFTER = 2_000;
/** Claims are never held longer than this for a restart, even if the checkpointer does not answer. */
const RESTART_HOLD_MS = 1_000;

type Checkpointer = {
  /** Checkpoints everything and lets the next commit start the WAL over; resolves when done (or given up on). */
  restart(): Promise<void>;
  stop(): void;
};

/** The checkpointer thread: its own connection and nothing else. CommonJS, run by eval. */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
// A short busy timeout: RESTART that finds a reader or another process's writer in the way falls back to
// PASSIVE rather than keep the claims it was asked for waiting.
const db = new Database(workerData.file, { fileMustExist: true, timeout: 50 });
db.pragma("synchronous = NORMAL");
setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.everyMs);
parentPort.on("message", () => {
  db.pragma("wal_checkpoint(RESTART)");
  parentPort.postMessage("restarted");
});
`;

/**
 * A checkpoint copies the pages appended to the WAL into the database file and fsyncs both: done by the writer,
 * as SQLite does by default, it blocks the event loop for about 10 ms (up to 20) every thousand commits, which
 * is what the p99 of a busy callback edge is made of. A second connection on a thread of its own does it
 * instead: PASSIVE checkpoints every 100 ms never take the writer's lock. They cannot let the WAL start over
 * while the writer keeps appending, so every few thousand claims the writer holds its claims (not the event
 * loop) while the thread checkpoints the little that is left with RESTART. A commit is as durable as before
 * (WAL, synchronous=NORMAL); only who pays for the copy changes. Should the thread fail, the writer
 * checkpoints again as SQLite does by default.
 */
function startCheckpointer(db: Db, file: string): Checkpointer {
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      file,
      everyMs: BACKGROUND_CHECKPOINT_EVERY_MS,
    },
  });
  db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  const waiting: (() => void)[] = [];
  let stopped = false;
  let failed = false;
  const fallBack = () => {
    failed = true;
    for (const done of waiting.splice(0)) done();
    if (!stopped && db.open) db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  };
  worker.on("message", () => waiting.shift()?.());
  worker.on("error", fallBack);
  worker.on("exit", fallBack);
  worker.unref();
  return {
    restart: () => {
      if (failed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RESTART_HOLD_MS);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage("restart");
      });
    },
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
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
