import { describe, expect, it } from "vitest";
import { CARD_STATE_PREFIXES, housekeepingJob, RETENTION_DAYS } from "../../src/jobs/housekeeping.ts";
import type { Services } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const DAY = 86_400_000;
const today = Date.UTC(2026, 10, 25, 19, 30);

/** A ledger whose clock we move, so rows carry the ages we want. */
function agedLedger() {
  let now = today;
  const ledger = openSqliteLedger(":memory:", { now: () => now });
  return { ledger, at: (daysAgo: number) => (now = today - daysAgo * DAY) };
}

describe("housekeeping prunes the ledger by retention", () => {
  it("drops old card state, seen keys and finished sends and writes, and keeps the rest", async () => {
    const { ledger, at } = agedLedger();
    const old = RETENTION_DAYS.cardState + 1;
    at(old);
    for (const prefix of CARD_STATE_PREFIXES) await ledger.set(`${prefix}old`, { x: 1 });
    await ledger.set("account-notes:rec1", [{ kind: "snoozed" }]);
    await ledger.set("visit-hold:C1", { kind: "snooze", due: "2026-09-01", setOn: "2026-08-20" });
    await ledger.set("sync:hysteresis-baseline", { period: "2026-09", accounts: {} });
    at(RETENTION_DAYS.seen + 1);
    await ledger.seenEvent("ev-old", today - (RETENTION_DAYS.seen + 1) * DAY);
    await ledger.claimSend("remind:old", { at: today - 100 * DAY });
    await ledger.markSent("remind:old", "om_old");
    await ledger.claimSend("remind:stuck", { at: today - 100 * DAY });
    await ledger.enqueueWrite({ key: "w-old", table: "visits", op: "create", payload: {} });
    await ledger.markWritten("w-old", "rec9");
    at(1);
    await ledger.set("reminder-card:fresh", { x: 2 });
    await ledger.seenEvent("ev-new", today - DAY);
    await ledger.claimSend("remind:new", { at: today - DAY });
    await ledger.markSent("remind:new", "om_new");
    at(0);

    const services = { ledger } as unknown as Services;
    const summary = await housekeepingJob.run(services, {
      now: today,
      dryRun: false,
      force: false,
      trigger: "schedule",
    });
    expect(summary).toEqual({ cardState: CARD_STATE_PREFIXES.length, seen: 1, finished: 2 });

    for (const prefix of CARD_STATE_PREFIXES) expect(await ledger.get(`${prefix}old`)).toBeUndefined();
    expect(await ledger.get("reminder-card:fresh")).toEqual({ x: 2 });
    expect(await ledger.get("account-notes:rec1")).toBeDefined();
    expect(await ledger.get("visit-hold:C1")).toBeDefined();
    expect(await ledger.get("sync:hysteresis-baseline")).toBeDefined();
    expect(await ledger.seenEvent("ev-old", today)).toBe(false);
    expect(await ledger.seenEvent("ev-new", today)).toBe(true);
    // A send still pending is never dropped: a restart must resend it under the same uuid.
    expect((await ledger.sendsFor("remind:")).map((r) => r.key)).toEqual(["remind:new", "remind:stuck"]);
  });

  it("keeps card state for less time than the keys that make a click run once", () => {
    expect(RETENTION_DAYS.cardState).toBeLessThan(RETENTION_DAYS.seen);
  });
});
