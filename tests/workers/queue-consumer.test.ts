import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBackgroundQueue } from "../../src/background.ts";
import { loadConfig } from "../../src/config.ts";
import { createFeishuClient } from "../../src/feishu/client.ts";
import { dayPeriod, type Job } from "../../src/jobs/job.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import { createLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { consumeWork, retryDelaySeconds } from "../../src/runtime/worker-queue.ts";
import { createServices } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { startWorld, type World } from "../support/world.ts";
import { batch, type FakeMessage, fakeWorkQueue, message, type SentWork } from "./fake-queue.ts";

/** The consumer in Node with the real ledger, drain and Feishu client against the sandbox; the queue is a fake. */
describe("the queue consumer", () => {
  let world: World;
  let logs: Record<string, unknown>[];
  let sent: SentWork[];
  let runs: string[];
  let q: Parameters<typeof consumeWork>[0];
  const now = Date.UTC(2026, 10, 24, 1, 0);
  /** The service clock, which the drain keeps retry times on; moved on to make retries due. */
  let at = now;

  beforeEach(async () => {
    world = await startWorld({ writeConflicts: false });
    at = now;
    logs = [];
    runs = [];
    const logger = createLogger("debug", (l) => logs.push(JSON.parse(l)));
    const config = loadConfig({
      FEISHU_DOMAIN: world.sandbox.url,
      FEISHU_APP_ID: world.appId,
      FEISHU_APP_SECRET: world.appSecret,
      BITABLE_APP_TOKEN: world.appToken,
      FEISHU_VERIFICATION_TOKEN: "v",
    });
    const ledger = openSqliteLedger(":memory:");
    const services = createServices({
      config,
      logger,
      ledger,
      clock: { now: () => at },
      // Few, quick in-client retries: these tests are about what the queue does after the client gives up.
      client: createFeishuClient({
        domain: world.sandbox.url,
        appId: world.appId,
        appSecret: world.appSecret,
        logger,
        retry: { maxAttempts: 2, baseDelayMs: 5 },
      }),
      metrics: createMetrics(),
      background: createBackgroundQueue(logger),
    });
    const job = (name: string, fail: boolean): Job => ({
      name,
      description: name,
      schedule: "0 9 * * *",
      period: dayPeriod,
      catchUp: false,
      run: async () => {
        runs.push(name);
        if (fail) throw new Error(`${name} failed`);
        return {};
      },
    });
    const jobs = createJobs([job("fine", false), job("broken", true)], services);
    const work = fakeWorkQueue();
    sent = work.sent;
    q = {
      services,
      jobs,
      work,
      logger,
      settings: { retryBaseSeconds: 10, writesPerDrain: 2, subrequestBudget: 1000 },
    };
  });
  afterEach(async () => {
    await world.stop();
  });

  const table = async () => (await world.gw.createTable("答卷", [{ field_name: "编号", type: 1 }])).table_id;
  const queueWrites = async (tableId: string, n: number) => {
    for (let i = 1; i <= n; i++)
      await q.services.ledger.enqueueWrite({
        key: `w${i}`,
        table: tableId,
        op: "create",
        payload: { fields: { 编号: `S${i}` } },
      });
  };

  const drain = () => consumeWork(q, batch("kam-work", [message({ kind: "writes" })]));
  const pending = () => q.services.ledger.pendingWrites(10, Number.MAX_SAFE_INTEGER);

  it("acknowledges a job that ran, and one whose period already ran", async () => {
    const first = message({ kind: "job", job: "fine", at: now });
    const second = message({ kind: "job", job: "fine", at: now });
    await consumeWork(q, batch("kam-work", [first, second]));
    expect([first.outcome, second.outcome]).toEqual(["ack", "ack"]);
    expect(runs).toEqual(["fine"]);
  });

  it("retries a failed run later, with a delay that grows with the attempts", async () => {
    const early = message({ kind: "job", job: "broken", at: now }, 1);
    const late = message({ kind: "job", job: "broken", at: now }, 4);
    await consumeWork(q, batch("kam-work", [early, late]));
    const delay = (m: FakeMessage) => (m.outcome as { retry: number }).retry;
    expect(delay(early)).toBeGreaterThanOrEqual(5);
    expect(delay(early)).toBeLessThanOrEqual(10);
    expect(delay(late)).toBeGreaterThanOrEqual(40);
    expect(delay(late)).toBeLessThanOrEqual(80);
  });

  it("drains pending writes once for any number of notices, and continues a full batch at once", async () => {
    const tableId = await table();
    await queueWrites(tableId, 3);
    const notices = [message({ kind: "writes" }), message({ kind: "writes" }), message({ kind: "writes" })];
    await consumeWork(q, batch("kam-work", notices));
    expect(notices.map((m) => m.outcome)).toEqual(["ack", "ack", "ack"]);
    expect(sent).toEqual([{ body: { kind: "writes" }, delaySeconds: undefined }]);
    await consumeWork(q, batch("kam-work", [message({ kind: "writes" })]));
    const text = (cell: unknown) => (cell as { text: string }[]).map((s) => s.text).join("");
    expect((await world.gw.searchAll(tableId)).map((r) => text(r.fields.编号)).sort()).toEqual([
      "S1",
      "S2",
      "S3",
    ]);
    expect(await q.services.ledger.pendingWrites(10, now)).toEqual([]);
  });

  it("schedules the next drain for when a failed write is due again", async () => {
    const tableId = await table();
    await queueWrites(tableId, 1);
    world.sandbox.state.faults.set([
      { api: "bitable.appTableRecord.create", rate: 1, codes: [1254291], latencyMs: 0 },
    ]);
    await drain();
    const [waiting] = await pending();
    expect(waiting!.retryAt).toBeGreaterThan(now);
    expect(sent).toEqual([
      { body: { kind: "writes" }, delaySeconds: Math.ceil((waiting!.retryAt! - now) / 1000) },
    ]);
    expect(logs.some((l) => l.event === "write.retry_later" && l.code === 1254291)).toBe(true);
  });

  it("retries a write Feishu refused for a passing reason, waiting longer each time, until it lands once", async () => {
    const tableId = await table();
    await queueWrites(tableId, 1);
    world.sandbox.state.faults.set([
      { api: "bitable.appTableRecord.create", rate: 1, codes: [1254291], latencyMs: 0 },
    ]);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await drain();
      const [w] = await pending();
      expect(w).toMatchObject({ attempts: attempt, status: "pending" });
      waits.push(w!.retryAt! - at);
      at = w!.retryAt!;
    }
    // Backoff doubles per attempt from one second, half of it jittered.
    for (const [i, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(wait).toBeLessThan(1000 * 2 ** i + 500);
    }
    world.sandbox.state.faults.set([]);
    await drain();
    expect(await pending()).toEqual([]);
    expect(await world.gw.searchAll(tableId)).toHaveLength(1);
  });

  it("gives a write up after 8 refusals that no retry can fix, and schedules nothing more for it", async () => {
    await queueWrites("tblNoSuchTable00", 1);
    for (let attempt = 1; attempt <= 7; attempt++) {
      await drain();
      expect(await pending()).toMatchObject([{ attempts: attempt }]);
      at = (await pending())[0]!.retryAt!;
    }
    sent.length = 0;
    await drain();
    expect(await pending()).toEqual([]);
    expect(sent).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({ event: "write.gave_up", key: "w1", attempts: 8, code: 1254041 }),
    );
  });

  it("gives a malformed write up at once", async () => {
    await q.services.ledger.enqueueWrite({ key: "odd", table: await table(), op: "update", payload: {} });
    await drain();
    expect(await pending()).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ event: "write.gave_up", key: "odd", attempts: 1 }));
  });

  it("logs and acknowledges what reaches the dead-letter queue", async () => {
    const dead = message({ kind: "job", job: "broken", at: now }, 6);
    await consumeWork(q, batch("kam-work-dead", [dead]));
    expect(dead.outcome).toBe("ack");
    expect(runs).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({ event: "queue.dead_letter", job: "broken", attempts: 6 }),
    );
  });

  it("drops a message it cannot read rather than retrying it forever", async () => {
    const odd = message({ kind: "mystery" });
    await consumeWork(q, batch("kam-work", [odd]));
    expect(odd.outcome).toBe("ack");
    expect(logs).toContainEqual(expect.objectContaining({ event: "queue.unknown_message" }));
  });
});

describe("retry delays", () => {
  it("double per attempt, half jittered, and stop at an hour", () => {
    expect(retryDelaySeconds(1, 30, () => 0)).toBe(15);
    expect(retryDelaySeconds(1, 30, () => 1)).toBe(30);
    expect(retryDelaySeconds(3, 30, () => 1)).toBe(120);
    expect(retryDelaySeconds(20, 30, () => 1)).toBe(3600);
  });
});
