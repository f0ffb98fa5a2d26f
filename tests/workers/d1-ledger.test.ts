import { Miniflare } from "miniflare";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { D1Database } from "../../src/runtime/workers-types.ts";
import { migrateD1, openD1Ledger } from "../../src/store/d1.ts";
import type { Ledger } from "../../src/store/ledger.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";

const at = Date.UTC(2026, 10, 24, 1, 0);

/** The D1 adapter against workerd's D1 (SQLite behind the same API Cloudflare serves), driven from Node. */
describe("the ledger on D1", () => {
  let mf: Miniflare;
  let db: D1Database;
  let ledger: Ledger;

  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: "export default { fetch: () => new Response('ok') }",
      compatibilityDate: "2026-04-20",
      d1Databases: ["DB"],
    });
    db = (await mf.getD1Database("DB")) as unknown as D1Database;
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });
  beforeEach(async () => {
    const tables = await db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all<{ name: string }>();
    for (const { name } of tables.results.filter(
      (t) => !t.name.startsWith("_cf") && t.name !== "sqlite_sequence",
    ))
      await db.prepare(`DROP TABLE IF EXISTS ${name}`).run();
    ledger = openD1Ledger(db, { now: () => at });
  });

  it("migrates on first use, once, keeping the same schema_migrations record as SQLite", async () => {
    await ledger.ping();
    expect(await migrateD1(db, at)).toEqual([]);
    const applied = await db.prepare("SELECT id, name FROM schema_migrations ORDER BY id").all();
    expect(applied.results).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
  });

  it("survives two isolates migrating at once", async () => {
    const [a, b] = await Promise.all([migrateD1(db, at), migrateD1(db, at)]);
    expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it("says an event id is new once and seen after that, apart from action keys", async () => {
    expect(await ledger.seenEvent("evt-1", at)).toBe(false);
    expect(await ledger.seenEvent("evt-1", at)).toBe(true);
    expect(await ledger.seenAction("evt-1")).toBe(false);
    expect(await ledger.pruneEvents(at + 1)).toBe(2);
  });

  it("moves a send from new to pending to sent, and takes a failed one over again", async () => {
    const key = "reminder:ou_1:2026-11-24";
    expect(await ledger.claimSend(key, { at, target: "open_id:ou_1", job: "reminders" })).toEqual({
      state: "new",
      attempts: 1,
      claimedAt: at,
    });
    expect(await ledger.claimSend(key, { at: at + 5 })).toEqual({
      state: "pending",
      attempts: 1,
      claimedAt: at,
    });
    await ledger.markFailed(key, "230013");
    expect(await ledger.claimSend(key, { at: at + 9 })).toEqual({
      state: "new",
      attempts: 2,
      claimedAt: at + 9,
    });
    await ledger.markSent(key, "om_1");
    await ledger.markFailed(key, "late failure must not undo a send");
    expect(await ledger.claimSend(key, { at: at + 20 })).toMatchObject({ state: "sent", messageId: "om_1" });
    expect(await ledger.sendsFor("reminder:ou_1:")).toMatchObject([
      { key, state: "sent", attempts: 2, target: "open_id:ou_1", job: "reminders" },
    ]);
  });

  it("completes a job's period once; a failed run restarts under the same id", async () => {
    const first = await ledger.startJobRun("reminders", "2026-11-24", at);
    expect(first).toEqual(expect.any(Number));
    await ledger.finishJobRun(first!, { error: "boom" }, "failed");
    expect(await ledger.startJobRun("reminders", "2026-11-24", at + 1)).toBe(first);
    await ledger.finishJobRun(first!, { sent: 3 });
    expect(await ledger.startJobRun("reminders", "2026-11-24", at + 2)).toBeNull();
    expect(await ledger.lastJobRun("reminders")).toMatchObject({
      status: "done",
      attempts: 2,
      summary: { sent: 3 },
    });
  });

  it("queues a write once, holds a failed one until its retry time and gives up without one", async () => {
    const write = { key: "w1", table: "tblVisits", op: "create" as const, payload: { fields: { a: 1 } } };
    expect(await ledger.enqueueWrite(write)).toBe(true);
    expect(await ledger.enqueueWrite({ ...write, payload: {} })).toBe(false);
    await ledger.enqueueWrite({ ...write, key: "w2" });
    await ledger.markWriteFailed("w1", "1254290", at + 30_000);
    expect((await ledger.pendingWrites(10, at)).map((w) => w.key)).toEqual(["w2"]);
    expect(await ledger.pendingWrites(10, at + 30_000)).toMatchObject([
      { key: "w1", attempts: 1, error: "1254290", payload: { fields: { a: 1 } } },
      { key: "w2" },
    ]);
    await ledger.markWritten("w2", "rec1");
    await ledger.markWriteFailed("w1", "1254015", null);
    expect(await ledger.pendingWrites(10, at + 86_400_000)).toEqual([]);
  });

  it("keeps small JSON state and deletes it on undefined", async () => {
    await ledger.set("sync:cursor", { at: 5 });
    expect(await ledger.get("sync:cursor")).toEqual({ at: 5 });
    await ledger.set("sync:cursor", undefined);
    expect(await ledger.get("sync:cursor")).toBeUndefined();
  });

  it("lists small state by literal key prefix", async () => {
    await ledger.set("visit-hold:C2", { due: "2026-12-01" });
    await ledger.set("visit-hold:C1", { due: "2026-11-30" });
    await ledger.set("visit_hold:C3", 2);
    expect(await ledger.entries("visit-hold:")).toEqual([
      ["visit-hold:C1", { due: "2026-11-30" }],
      ["visit-hold:C2", { due: "2026-12-01" }],
    ]);
  });
});
