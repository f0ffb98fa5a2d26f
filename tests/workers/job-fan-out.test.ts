import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD_COST } from "../../src/jobs/reminders/send-cards.ts";
import { waitFor } from "../care/sandbox-clicks.ts";
import {
  cardsTo,
  ENCRYPT_KEY,
  type ReminderWorld,
  startReminderWorld,
  VERIFICATION_TOKEN,
} from "../jobs/reminder-world.ts";
import {
  type BuiltWorker,
  buildWorker,
  type LocalWorker,
  type LogLine,
  startLocalWorker,
} from "./local-worker.ts";

const DAY1 = "2026-11-24";
const DAY2 = "2026-11-25";
const DAILY_CRON = "0 1 * * *";
/** (280 − 10) / 10 messages a batch = 27 subrequests a message: three cards at CARD_COST (9) each. */
const BUDGET = "280";

/**
 * The reminders job spread over queue messages in the real Workers runtime (workerd), against the sandbox's 20
 * managers: the plan queues the cards three to a message, each message is a consumer invocation of its own.
 */
describe("a job run fanned out over the Worker's queue", () => {
  let w: ReminderWorld;
  let built: BuiltWorker;
  let worker: LocalWorker;
  let leader: string;
  const managers = () => w.managers.map((m) => m.open_id);
  const cardCounts = () => managers().map((id) => cardsTo(w, id).length);
  const chunksOf = (runId: unknown) =>
    worker.logs.filter((l) => l.event === "queue.items_done" && l.run_id === runId);
  const itemsDone = (runId: unknown) => chunksOf(runId).reduce((n, l) => n + (l.items as number), 0);

  /** Prints what a run's plan and chunks spent (the figures docs/workers.md quotes). */
  function report(what: string, runId: unknown) {
    const chunks = chunksOf(runId);
    const sum = (key: string) => chunks.reduce((n, c) => n + (c[key] as number), 0);
    const items = sum("items");
    const feishu = sum("feishu_calls");
    const d1 = sum("d1_queries");
    const plan = worker.logs.find((l) => l.event === "queue.items_queued" && l.run_id === runId)!;
    console.info(
      `reminders on Workers, ${what}: plan ${plan.feishu_calls} Feishu calls + ${plan.d1_queries} D1 queries; ` +
        `${items} cards in ${chunks.length} messages, ${feishu} Feishu calls + ${d1} D1 queries = ` +
        `${((feishu + d1) / items).toFixed(2)} subrequests per card`,
    );
    return { items, feishu, d1 };
  }

  /** Fires the daily trigger at 09:00 Shanghai of `day` on the sandbox's clock (which the Worker keeps). */
  async function fireDaily(day: string) {
    const at = Date.parse(`${day}T09:00:00+08:00`) - (w.now() - Date.now());
    await worker.scheduled(DAILY_CRON, at);
  }
  async function runOf(day: string): Promise<LogLine> {
    const planned = await worker.waitForLog(
      (l) => l.event === "job.done" && l.job === "reminders" && l.period === day,
    );
    await waitFor(() => itemsDone(planned.run_id) === planned.queued, 30_000, `the ${day} chunks`);
    return planned;
  }

  beforeAll(async () => {
    [w, built] = await Promise.all([startReminderWorld({ at: `${DAY1}T09:30:00+08:00` }), buildWorker()]);
    w.addAccounts(
      managers().map((owner, i) => ({
        code: `F${i}`,
        owner,
        nextVisitDue: DAY1,
        visitState: "到期" as const,
      })),
    );
    // One escalation too: its leader's weekly card is an item like the managers' cards.
    w.addAccounts([{ code: "E1", owner: managers()[1], nextVisitDue: "2026-11-01", visitState: "升级" }]);
    leader = w.managers[1]!.leaderOpenId!;
    worker = await startLocalWorker({
      built,
      vars: {
        FEISHU_DOMAIN: w.sandbox.url,
        FEISHU_APP_ID: w.appId,
        FEISHU_APP_SECRET: w.appSecret,
        BITABLE_APP_TOKEN: w.appToken,
        FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
        KAM_LOG_LEVEL: "info",
        KAM_FOLLOW_SANDBOX_CLOCK: "true",
        KAM_QUEUE_RETRY_BASE_SECONDS: "1",
        KAM_SUBREQUEST_BUDGET: BUDGET,
        KAM_ADMIN_TOKEN: "fan-out-admin",
      },
    });
  }, 60_000);

  afterAll(async () => {
    if (process.env.KAM_WORKER_LOGS) console.log(worker.logs.map((l) => JSON.stringify(l)).join("\n"));
    await worker?.stop();
    await w?.stop();
    if (built) rmSync(built.dir, { recursive: true, force: true });
  });

  it("spreads a run over messages of three cards, and sends each manager one card though the trigger fires twice", async () => {
    await fireDaily(DAY1);
    await fireDaily(DAY1);
    const planned = await runOf(DAY1);
    expect(planned).toMatchObject({ managers: 20, escalations: 1, queued: 21, chunks: 7 });
    await worker.waitForLog((l) => l.event === "queue.job_skipped" && l.job === "reminders");
    const chunks = chunksOf(planned.run_id);
    expect(chunks.map((c) => c.items)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(chunks.reduce((n, c) => n + (c.sent as number) + (c.escalationsSent as number), 0)).toBe(21);
    expect(cardCounts()).toEqual(managers().map(() => 1));
    expect(cardsTo(w, leader)).toHaveLength(1);
    const runs = await (await worker.d1())
      .prepare("SELECT period, status FROM job_runs WHERE job = 'reminders'")
      .all();
    expect(runs.results).toEqual([{ period: DAY1, status: "done" }]);
  });

  it("spends no more subrequests per card than the chunks are sized for", () => {
    const planned = worker.logs.find((l) => l.event === "job.done" && l.period === DAY1)!;
    const chunks = chunksOf(planned.run_id);
    const { items, feishu } = report("first run", planned.run_id);
    expect(feishu).toBe(items);
    for (const c of chunks)
      expect((c.feishu_calls as number) + (c.d1_queries as number)).toBeLessThanOrEqual(
        (c.items as number) * CARD_COST,
      );
  });

  it("retries the chunk whose send failed, and every manager still ends with exactly one card that day", async () => {
    w.setClock(`${DAY2}T09:30:00+08:00`);
    // The Worker re-reads the sandbox's clock at most every two seconds.
    await new Promise((r) => setTimeout(r, 2_100));
    // Three 5xx in a row outlast the Worker client's three attempts at one send.
    w.sandbox.state.faults.set([
      { api: "im.message.create", rate: 1, codes: ["5xx"], latencyMs: 0, count: 3 },
    ]);
    await fireDaily(DAY2);
    const planned = await runOf(DAY2);
    expect(planned).toMatchObject({ managers: 20, escalations: 1, queued: 21 });
    const retried = worker.logs.filter((l) => l.event === "queue.items_retry" && l.run_id === planned.run_id);
    expect(retried).toMatchObject([{ job: "reminders", items: 3, retryable: 1, attempts: 1 }]);
    expect([...w.sandbox.state.faults.fired.values()]).toEqual([3]);
    const chunks = chunksOf(planned.run_id);
    expect(chunks).toHaveLength(7);
    expect(chunks.filter((c) => c.attempts === 2)).toMatchObject([{ sent: 1, alreadySent: 2 }]);
    expect(cardCounts()).toEqual(managers().map(() => 2));
    // The leader's escalation is weekly: already sent on Tuesday.
    expect(cardsTo(w, leader)).toHaveLength(1);
    w.sandbox.state.faults.set([]);
  });

  it("repeats no card on a forced rerun, which costs a few ledger reads per card", async () => {
    const res = await fetch(`${worker.url}/admin/jobs/reminders?force=1`, {
      method: "POST",
      headers: { authorization: "Bearer fan-out-admin" },
    });
    expect(res.status).toBe(202);
    const planned = await worker.waitForLog((l) => l.event === "job.done" && l.trigger === "admin");
    await waitFor(() => itemsDone(planned.run_id) === planned.queued, 30_000, "the forced run's chunks");
    const { feishu } = report("forced rerun", planned.run_id);
    expect(feishu).toBe(0);
    expect(chunksOf(planned.run_id).reduce((n, c) => n + (c.alreadySent as number), 0)).toBe(20);
    expect(cardCounts()).toEqual(managers().map(() => 2));
  });
});
