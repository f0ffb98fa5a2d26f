import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrationStatements, pendingMigrations } from "../../src/store/migrations.ts";
import { migrate, openSqliteLedger } from "../../src/store/sqlite.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "kam-ledger-"));
  dirs.push(dir);
  return join(dir, "nested", "folder", "kam.db");
}

describe("migrations", () => {
  it("are numbered uniquely in ascending order", () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  it("contain no PRAGMA or trigger, so D1 accepts them as they are", () => {
    for (const m of MIGRATIONS) expect(m.sql).not.toMatch(/\bPRAGMA\b|\bCREATE\s+TRIGGER\b/i);
  });

  it("split into single statements that rebuild the same schema", () => {
    const db = new Database(":memory:");
    for (const m of MIGRATIONS) for (const statement of migrationStatements(m)) db.prepare(statement).run();
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(["seen_keys", "sends", "job_runs", "pending_writes", "kv"]),
    );
  });

  it("apply once: migrating again finds nothing to do", () => {
    const db = new Database(":memory:");
    expect(migrate(db, 1)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(migrate(db, 2)).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS.length);
    expect(pendingMigrations(new Set(MIGRATIONS.map((m) => m.id)))).toEqual([]);
  });
});

describe("the SQLite ledger on disk", () => {
  it("creates the folder of its path and opens twice without migrating twice", () => {
    const path = tempDb();
    openSqliteLedger(path).close();
    expect(existsSync(path)).toBe(true);
    openSqliteLedger(path).close();
    const db = new Database(path);
    expect(db.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("keeps what it recorded across a reopen", async () => {
    const path = tempDb();
    const first = openSqliteLedger(path);
    await first.seenEvent("evt-1", 1);
    await first.claimSend("reminder:rec1:2026-11-24", { at: 1 });
    await first.markSent("reminder:rec1:2026-11-24", "om_1");
    const runId = await first.startJobRun("reminders", "2026-11-24", 1);
    await first.finishJobRun(runId!, { sent: 1 });
    await first.enqueueWrite({ key: "w1", table: "tblVisits", op: "create", payload: { a: 1 } });
    await first.set("cursor", 42);
    first.close();

    const again = openSqliteLedger(path);
    expect(await again.seenEvent("evt-1", 2)).toBe(true);
    expect(await again.claimSend("reminder:rec1:2026-11-24", { at: 2 })).toMatchObject({
      state: "sent",
      messageId: "om_1",
    });
    expect(await again.startJobRun("reminders", "2026-11-24", 2)).toBeNull();
    expect(await again.pendingWrites(10)).toMatchObject([{ key: "w1", payload: { a: 1 } }]);
    expect(await again.get("cursor")).toBe(42);
    again.close();
  });

  it("lets two connections share the file (WAL, busy timeout)", async () => {
    const path = tempDb();
    const a = openSqliteLedger(path);
    const b = openSqliteLedger(path);
    expect(await a.seenEvent("evt-shared", 1)).toBe(false);
    expect(await b.seenEvent("evt-shared", 2)).toBe(true);
    a.close();
    b.close();
  });
});
