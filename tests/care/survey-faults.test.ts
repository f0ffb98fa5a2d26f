import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CareService, type CareWorld, startCareService, startCareWorld } from "./care-world.ts";
import { waitFor } from "./sandbox-clicks.ts";
import {
  acknowledged,
  addSurveyedAccounts,
  answerRows,
  FAULTS,
  submissions,
  submitAll,
} from "./survey-load.ts";

const AT = "2026-06-22T10:00:00+08:00";
const DISTINCT = 1_000;
const AGAIN = 200;

describe("no survey answer is lost or doubled while Bitable fails 30 % of writes with 2 s latency", () => {
  let w: CareWorld;
  let svc: CareService;

  beforeAll(async () => {
    w = await startCareWorld({ at: AT });
    addSurveyedAccounts(w, 50, w.managers[0]!.open_id);
    svc = await startCareService(w);
    const run = await svc.service.jobs.run("surveys", { trigger: "admin" });
    expect(run).toMatchObject({ status: "done", summary: { sent: 50 } });
  }, 30_000);
  afterAll(async () => {
    await svc?.stop();
    await w?.stop();
  });

  it("writes exactly 1,000 answer rows for 1,000 answers and 200 resubmissions", async () => {
    w.sandbox.state.faults.set(FAULTS(2_000));
    const started = Date.now();
    const results = await submitAll(w, submissions(w, DISTINCT, AGAIN), { concurrency: 16 });
    const answeredMs = Date.now() - started;
    // Every click was answered inside Feishu's 3 s: the answer is in the ledger before the thanks.
    expect(results.filter((r) => !acknowledged(r)).map((r) => r.error ?? r.answer)).toEqual([]);
    expect(results.filter((r) => r.answer?.toast?.type === "info")).toHaveLength(AGAIN);

    await waitFor(
      async () => (await svc.service.services.ledger.pendingWrites(1, Number.MAX_SAFE_INTEGER)).length === 0,
      80_000,
      "the write queue to empty",
    );
    const rows = answerRows(w);
    expect(rows.size).toBe(DISTINCT);
    expect([...rows.values()].filter((n) => n > 1)).toEqual([]);
    const injected = [...w.sandbox.state.faults.fired.values()].reduce((a, b) => a + b, 0);
    const writes = w.sandbox.state.callLog.filter((c) =>
      /appTableRecord\.(create|batchCreate|update|batchUpdate)$/.test(c.api),
    );
    expect(injected).toBeGreaterThanOrEqual(3);
    console.info(
      `fault test: ${DISTINCT + AGAIN} submissions answered in ${answeredMs} ms; all ${DISTINCT} rows landed after ${Date.now() - started} ms; ${writes.length} write calls, ${writes.filter((c) => c.code !== 0).length} failed (${injected} injected)`,
    );
  }, 90_000);
});
