import { describe, expect, it } from "vitest";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const at = Date.UTC(2026, 10, 24, 1, 0);
const open = () => openSqliteLedger(":memory:", { now: () => at });

describe("seen events and actions", () => {
  it("says an event id is new the first time and seen after that", async () => {
    const ledger = open();
    expect(await ledger.seenEvent("evt-1", at)).toBe(false);
    expect(await ledger.seenEvent("evt-1", at + 1)).toBe(true);
    expect(await ledger.seenEvent("evt-2", at)).toBe(false);
  });

  it("keeps card-action keys apart from event ids", async () => {
    const ledger = open();
    expect(await ledger.seenEvent("k", at)).toBe(false);
    expect(await ledger.seenAction("k")).toBe(false);
    expect(await ledger.seenAction("k")).toBe(true);
  });

  it("forgets what was seen before the prune point, and only that", async () => {
    const ledger = open();
    await ledger.seenEvent("old", at - 10_000);
    await ledger.seenEvent("new", at);
    expect(await ledger.pruneEvents(at - 1)).toBe(1);
    expect(await ledger.seenEvent("old", at)).toBe(false);
    expect(await ledger.seenEvent("new", at)).toBe(true);
  });
});

describe("claimSend", () => {
  it("moves a send from new to pending to sent with its message id", async () => {
    const ledger = open();
    expect(
      await ledger.claimSend("reminder:rec1:2026-11-24", { at, target: "ou_1", job: "reminders" }),
    ).toEqual({
      state: "new",
      attempts: 1,
      claimedAt: at,
    });
    expect((await ledger.claimSend("reminder:rec1:2026-11-24", { at: at + 5 })).state).toBe("pending");
    await ledger.markSent("reminder:rec1:2026-11-24", "om_1");
    expect(await ledger.claimSend("reminder:rec1:2026-11-24", { at: at + 9 })).toMatchObject({
      state: "sent",
      messageId: "om_1",
    });
  });

  it("lets a failed send be claimed again as new, counting attempts", async () => {
    const ledger = open();
    await ledger.claimSend("greeting:C1:2026", { at });
    await ledger.markFailed("greeting:C1:2026", "230013 user outside availability");
    expect(await ledger.sendsFor("greeting:")).toMatchObject([
      { state: "failed", error: expect.stringContaining("230013") },
    ]);
    expect(await ledger.claimSend("greeting:C1:2026", { at: at + 60_000 })).toEqual({
      state: "new",
      attempts: 2,
      claimedAt: at + 60_000,
    });
  });

  it("never turns a sent message back into a failed one", async () => {
    const ledger = open();
    await ledger.claimSend("s", { at });
    await ledger.markSent("s", "om_9");
    await ledger.markFailed("s", "late timeout");
    expect(await ledger.sendsFor("s")).toMatchObject([{ state: "sent", messageId: "om_9" }]);
  });

  it("lists sends by literal key prefix (no LIKE wildcards)", async () => {
    const ledger = open();
    for (const key of ["reminder:a", "reminder:b", "reminders", "survey:a", "re%x", "re_x"]) {
      await ledger.claimSend(key, { at });
    }
    expect((await ledger.sendsFor("reminder:")).map((s) => s.key)).toEqual(["reminder:a", "reminder:b"]);
    expect((await ledger.sendsFor("re%")).map((s) => s.key)).toEqual(["re%x"]);
  });
});

describe("job runs", () => {
  it("runs a job once per period: a completed period gives null", async () => {
    const ledger = open();
    const runId = await ledger.startJobRun("reminders", "2026-11-24", at);
    expect(runId).toEqual(expect.any(Number));
    await ledger.finishJobRun(runId!, { sent: 3 });
    expect(await ledger.startJobRun("reminders", "2026-11-24", at + 1)).toBeNull();
    expect(await ledger.startJobRun("reminders", "2026-11-25", at + 2)).not.toBe(runId);
    expect(await ledger.startJobRun("digest", "2026-11-24", at + 3)).toEqual(expect.any(Number));
  });

  it("restarts a period whose run crashed or failed, under the same run id", async () => {
    const ledger = open();
    const runId = await ledger.startJobRun("sync", "2026-11-24T01", at);
    expect(await ledger.startJobRun("sync", "2026-11-24T01", at + 1)).toBe(runId);
    await ledger.finishJobRun(runId!, { error: "1254291" }, "failed");
    expect(await ledger.startJobRun("sync", "2026-11-24T01", at + 2)).toBe(runId);
    expect(await ledger.lastJobRun("sync")).toMatchObject({
      runId,
      status: "running",
      attempts: 3,
      startedAt: at + 2,
    });
  });

  it("reports the latest run of a job with its summary", async () => {
    const ledger = open();
    const first = await ledger.startJobRun("digest", "2026-W47", at);
    await ledger.finishJobRun(first!, { cards: 2 });
    const second = await ledger.startJobRun("digest", "2026-W48", at + 7 * 86_400_000);
    await ledger.finishJobRun(second!, { cards: 5 });
    expect(await ledger.lastJobRun("digest")).toMatchObject({
      runId: second,
      period: "2026-W48",
      status: "done",
      finishedAt: at,
      summary: { cards: 5 },
    });
    expect(await ledger.lastJobRun("never-ran")).toBeUndefined();
  });
});

describe("pending writes", () => {
  const write = {
    key: "visit:evt-1",
    table: "tblVisits",
    op: "create" as const,
    payload: { fields: { 客户: "C0001" } },
  };

  it("queues a write once per key", async () => {
    const ledger = open();
    expect(await ledger.enqueueWrite(write)).toBe(true);
    expect(await ledger.enqueueWrite({ ...write, payload: { other: true } })).toBe(false);
    expect(await ledger.pendingWrites(10)).toMatchObject([{ ...write, status: "pending", attempts: 0 }]);
  });

  it("holds a failed write until its retry time, then offers it again", async () => {
    const ledger = open();
    await ledger.enqueueWrite(write);
    await ledger.markWriteFailed(write.key, "1254290 too fast", at + 30_000);
    expect(await ledger.pendingWrites(10, at)).toEqual([]);
    expect(await ledger.pendingWrites(10, at + 30_000)).toMatchObject([
      { key: write.key, attempts: 1, error: "1254290 too fast" },
    ]);
  });

  it("drops a written write from the queue and keeps its record id", async () => {
    const ledger = open();
    await ledger.enqueueWrite(write);
    await ledger.markWritten(write.key, "rec123");
    expect(await ledger.pendingWrites(10)).toEqual([]);
    expect(await ledger.enqueueWrite(write)).toBe(false);
  });

  it("gives up on a write when no retry time is given", async () => {
    const ledger = open();
    await ledger.enqueueWrite(write);
    await ledger.markWriteFailed(write.key, "1254015 field type mismatch", null);
    expect(await ledger.pendingWrites(10, at + 86_400_000)).toEqual([]);
  });

  it("hands out due writes oldest first, up to the limit", async () => {
    const ledger = open();
    for (const n of [1, 2, 3]) await ledger.enqueueWrite({ ...write, key: `w${n}` });
    expect((await ledger.pendingWrites(2)).map((w) => w.key)).toEqual(["w1", "w2"]);
  });
});

describe("small state", () => {
  it("stores JSON values by key and deletes on undefined", async () => {
    const ledger = open();
    expect(await ledger.get("sync:cursor")).toBeUndefined();
    await ledger.set("sync:cursor", { table: "tblA", at: 5 });
    await ledger.set("sync:cursor", { table: "tblA", at: 6 });
    expect(await ledger.get("sync:cursor")).toEqual({ table: "tblA", at: 6 });
    await ledger.set("sync:cursor", undefined);
    expect(await ledger.get("sync:cursor")).toBeUndefined();
  });

  it("lists entries by literal key prefix, in key order", async () => {
    const ledger = open();
    await ledger.set("visit-hold:C2", { due: "2026-12-01" });
    await ledger.set("visit-hold:C1", { due: "2026-11-30" });
    await ledger.set("visit-holds", 1);
    await ledger.set("visit_hold:C3", 2);
    expect(await ledger.entries("visit-hold:")).toEqual([
      ["visit-hold:C1", { due: "2026-11-30" }],
      ["visit-hold:C2", { due: "2026-12-01" }],
    ]);
    expect(await ledger.entries("visit%")).toEqual([]);
  });
});

describe("the port", () => {
  it("is asynchronous, so a D1 adapter can implement it", () => {
    const ledger = open();
    expect(ledger.seenEvent("x", at)).toBeInstanceOf(Promise);
    expect(ledger.ping()).toBeInstanceOf(Promise);
  });

  it("rejects, rather than throws, once the database is closed", async () => {
    const ledger = open();
    ledger.close();
    await expect(ledger.ping()).rejects.toThrow();
  });
});
