/**
 * The ledger schema as ordered migrations, shared by SQLite (Node) and D1 (Workers): plain SQLite SQL,
 * no PRAGMAs, no triggers. A migration, once released, never changes; add a new one instead.
 * seen_keys is written on every callback: one b-tree (WITHOUT ROWID, no index on `at`) halves the cost
 * of that insert; pruning it is a rare full scan.
 */
export type Migration = { id: number; name: string; sql: string };

export const SCHEMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "ledger",
    sql: `
CREATE TABLE seen_keys (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TABLE sends (
  key TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  message_id TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  target TEXT,
  job TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  period TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 1,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  summary TEXT,
  UNIQUE (job, period)
);
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);

CREATE TABLE pending_writes (
  key TEXT PRIMARY KEY,
  table_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'written', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  record_id TEXT,
  error TEXT,
  retry_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX pending_writes_due ON pending_writes (status, retry_at);

CREATE TABLE kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  },
];

/** Migrations not yet applied, in order. */
export function pendingMigrations(appliedIds: ReadonlySet<number>): Migration[] {
  return MIGRATIONS.filter((m) => !appliedIds.has(m.id)).sort((a, b) => a.id - b.id);
}

/** One migration as single statements, for drivers that run one at a time (D1's batch). No `;` inside literals here. */
export function migrationStatements(migration: Migration): string[] {
  return migration.sql
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}
