import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBackgroundQueue } from "../../src/background.ts";
import { createFeishuClient } from "../../src/feishu/client.ts";
import { remindersJob } from "../../src/jobs/reminders.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import { createLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { queueSteps } from "../../src/runtime/worker-fan-out.ts";
import { consumeWork, type QueueContext } from "../../src/runtime/worker-queue.ts";
import { createServices } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { cardsTo, type ReminderWorld, serviceConfig, startReminderWorld } from "../jobs/reminder-world.ts";
import { batch, type FakeMessage, fakeWorkQueue, message } from "./fake-queue.ts";

const TUESDAY = "2026-11-24T09:30:00+08:00";
/** (280 − 10) / 10 messages = 27 subrequests a message: 3 cards at 9 each. */
const BUDGET = 280;

/**
 * The Worker's fan-out in Node: the real consumer, ledger, reminders job and sandbox; the queue is a fake whose
 * messages the test delivers by hand, so retries and dead letters are exact.
 */
describe("a job run spread over queue messages", () => {
  let w: ReminderWorld;
  let q: QueueContext;
  let work: ReturnType<typeof fakeWorkQueue>;
  let logs: Record<string, unknown>[];
  const at = Date.parse(TUESDAY);
  const jobMessage = () => message({ kind: "job", job: "reminders", at });
  const consume = (...msgs: FakeMessage[]) => consumeWork(q, batch("kam-work", msgs));
  const itemMessages = () => work.sent.filter((s) => s.body.kind === "items").map((s) => message(s.body));
  const cardCounts = () => w.managers.map((m) => cardsTo(w, m.open_id).length);
  const logged = (event: string) => logs.filter((l) => l.event === event);
  /** Cards so far to the managers a chunk is for. */
  const cardsFor = (chunk: FakeMessage) =>
    (chunk.body as { items: { card: { managerOpenId: string } }[] }).items.map(
      (i) => cardsTo(w, i.card.managerOpenId).length,
    );

  beforeEach(async () => {
    w = await startReminderWorld({ at: TUESDAY });
    w.addAccounts(
      w.managers.map((m, i) => ({
        code: `P${i}`,
        owner: m.open_id,
        nextVisitDue: "2026-11-24",
        visitState: "到期",
      })),
    );
    logs = [];
    const logger = createLogger("debug", (l) => logs.push(JSON.parse(l)));
    const services = createServices({
      config: serviceConfig(w),
      logger,
      ledger: openSqliteLedger(":memory:"),
      clock: { now: () => w.now() },
      client: createFeishuClient({
        domain: w.sandbox.url,
        appId: w.appId,
        appSecret: w.appSecret,
        logger,
        retry: { maxAttempts: 2, baseDelayMs: 5 },
      }),
      metrics: createMetrics(),
      background: createBackgroundQueue(logger),
    });
    work = fakeWorkQueue();
    const jobs = createJobs([remindersJob], services, {
      runSteps: queueSteps({ services, work, logger, subrequestBudget: BUDGET }),
    });
    q = {
      services,
      jobs,
      work,
      logger,
      settings: { retryBaseSeconds: 10, writesPerDrain: 2, subrequestBudget: BUDGET },
    };
  });
  afterEach(async () => {
    await w.stop();
  });

  it("plans in the job's message, queues the cards three to a message, and records the run as queued", async () => {
    const job = jobMessage();
    await consume(job);
    expect(job.outcome).toBe("ack");
    expect(cardCounts().every((n) => n === 0)).toBe(true);
    const chunks = itemMessages().map((m) => (m.body as { items: unknown[] }).items.length);
    expect(chunks).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(work.batches).toBe(1);
    const run = await q.services.ledger.lastJobRun("reminders");
    expect(run).toMatchObject({ status: "done", summary: { managers: 20, queued: 20, chunks: 7 } });
    expect(itemMessages()[0]!.body).toMatchObject({ kind: "items", job: "reminders", at, runId: run!.runId });
  });

  it("sends every manager one card from the chunks, and plans nothing more when the trigger fires again", async () => {
    await consume(jobMessage(), jobMessage());
    const chunks = itemMessages();
    expect(chunks).toHaveLength(7);
    await consume(...chunks);
    expect(chunks.map((m) => m.outcome)).toEqual(chunks.map(() => "ack"));
    expect(cardCounts()).toEqual(w.managers.map(() => 1));
    const done = logged("queue.items_done");
    expect(done.reduce((n, l) => n + (l.sent as number), 0)).toBe(20);
    expect(logged("queue.job_skipped")).toHaveLength(1);
  });

  it("retries a chunk with a failed send later, and the retry sends only the missing card", async () => {
    await consume(jobMessage());
    const [first] = itemMessages();
    w.sandbox.state.faults.set([
      { api: "im.message.create", rate: 1, codes: ["5xx"], latencyMs: 0, count: 2 },
    ]);
    await consume(first!);
    const delay = (first!.outcome as { retry: number }).retry;
    expect(delay).toBeGreaterThanOrEqual(5);
    expect(delay).toBeLessThanOrEqual(10);
    expect(logged("queue.items_retry")).toMatchObject([
      { job: "reminders", items: 3, sent: 2, retryable: 1 },
    ]);
    expect(cardsFor(first!).sort()).toEqual([0, 1, 1]);

    w.sandbox.state.faults.set([]);
    const again = message(first!.body, 2);
    await consume(again);
    expect(again.outcome).toBe("ack");
    expect(logged("queue.items_done")).toMatchObject([{ items: 3, sent: 1, alreadySent: 2, attempts: 2 }]);
    expect(cardsFor(first!)).toEqual([1, 1, 1]);
    expect(cardCounts().reduce((a, b) => a + b)).toBe(3);
  });

  it("acknowledges a chunk whose recipient Feishu refuses for good, counting them unreachable", async () => {
    await consume(jobMessage());
    const [first] = itemMessages();
    w.sandbox.state.faults.set([
      { api: "im.message.create", rate: 1, codes: [230013], latencyMs: 0, count: 1 },
    ]);
    await consume(first!);
    expect(first!.outcome).toBe("ack");
    expect(logged("queue.items_done")).toMatchObject([{ items: 3, sent: 2 }]);
  });

  it("names the job and the number of items of a chunk that reached the dead-letter queue", async () => {
    await consume(jobMessage());
    const dead = message(itemMessages()[0]!.body, 6);
    await consumeWork(q, batch("kam-work-dead", [dead]));
    expect(dead.outcome).toBe("ack");
    expect(logged("queue.dead_letter")).toMatchObject([
      { kind: "items", job: "reminders", items: 3, attempts: 6 },
    ]);
    expect(cardCounts().every((n) => n === 0)).toBe(true);
  });
});
