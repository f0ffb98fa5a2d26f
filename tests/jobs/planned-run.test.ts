import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBackgroundQueue } from "../../src/background.ts";
import { createFeishuClient } from "../../src/feishu/client.ts";
import type { JobContext, JobSteps } from "../../src/jobs/job.ts";
import { actOn, runPlanned } from "../../src/jobs/planned-run.ts";
import { reminderSteps } from "../../src/jobs/reminders.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { createServices, type Services } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { cardsTo, type ReminderWorld, serviceConfig, startReminderWorld } from "./reminder-world.ts";

const TUESDAY = "2026-11-24T09:30:00+08:00";

/** The generic plan → act → summarize, with the reminders job's steps, the SQLite ledger and the sandbox. */
describe("a job with steps run in one go", () => {
  let w: ReminderWorld;
  let services: Services;
  const ctx = (): JobContext => ({ now: w.now(), dryRun: false, force: false, trigger: "cli" });
  const everyManagerHasOneCard = () =>
    expect(w.managers.map((m) => cardsTo(w, m.open_id).length)).toEqual(w.managers.map(() => 1));
  const cardsSent = () => w.managers.reduce((n, m) => n + cardsTo(w, m.open_id).length, 0);

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
    const config = serviceConfig(w);
    services = createServices({
      config,
      logger: silentLogger,
      ledger: openSqliteLedger(":memory:"),
      clock: { now: () => w.now() },
      // Two quick attempts per call: these tests are about what the run does once the client gives up.
      client: createFeishuClient({
        domain: w.sandbox.url,
        appId: w.appId,
        appSecret: w.appSecret,
        logger: silentLogger,
        retry: { maxAttempts: 2, baseDelayMs: 5 },
      }),
      metrics: createMetrics(),
      background: createBackgroundQueue(silentLogger),
    });
  });
  afterEach(async () => {
    await w.stop();
  });

  it("acts on every planned item and sums the outcomes", async () => {
    const summary = await runPlanned(reminderSteps, services, ctx());
    expect(summary).toMatchObject({
      date: "2026-11-24",
      managers: 20,
      sent: 20,
      alreadySent: 0,
      unreachable: [],
    });
    everyManagerHasOneCard();
    const sends = await services.ledger.sendsFor("reminder:");
    expect(sends.filter((s) => s.state === "sent")).toHaveLength(20);
  });

  it("fails a run with a failed send, and a rerun sends only the missing card", async () => {
    // Both of the client's attempts at the first send fail.
    w.sandbox.state.faults.set([
      { api: "im.message.create", rate: 1, codes: ["5xx"], latencyMs: 0, count: 2 },
    ]);
    await expect(runPlanned(reminderSteps, services, ctx())).rejects.toThrow(
      /^1 reminder sends failed .*; 19 sent$/,
    );
    expect(cardsSent()).toBe(19);
    w.sandbox.state.faults.set([]);
    expect(await runPlanned(reminderSteps, services, ctx())).toMatchObject({ sent: 1, alreadySent: 19 });
    everyManagerHasOneCard();
  });

  it("counts a recipient Feishu refuses for good as unreachable, and the run still succeeds", async () => {
    w.sandbox.state.faults.set([
      { api: "im.message.create", rate: 1, codes: [230013], latencyMs: 0, count: 1 },
    ]);
    const summary = await runPlanned(reminderSteps, services, ctx());
    expect(summary).toMatchObject({ sent: 19, unreachable: [{ code: 230013 }] });
    expect(cardsSent()).toBe(19);
  });

  it("plans nothing on a non-working day and reports why", async () => {
    w.setClock("2026-11-28T09:30:00+08:00");
    expect(await runPlanned(reminderSteps, services, ctx())).toEqual({
      date: "2026-11-28",
      skipped: "non-working-day",
    });
    expect(cardsSent()).toBe(0);
  });
});

describe("acting on items", () => {
  const ctx: JobContext = { now: 0, dryRun: false, force: false, trigger: "cli" };
  const services = {} as Services;

  it("keeps at most the job's concurrency in flight and returns outcomes in the items' order", async () => {
    let inFlight = 0;
    let most = 0;
    const steps: JobSteps<number, string> = {
      costPerItem: 1,
      concurrency: 3,
      plan: async () => ({ items: [], summary: {} }),
      async act(_s, _c, n) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, (10 - n) * 2));
        inFlight--;
        return `done ${n}`;
      },
      retryable: () => undefined,
      summarize: () => ({ summary: {} }),
    };
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(await actOn(steps, services, ctx, items)).toEqual(items.map((n) => `done ${n}`));
    expect(most).toBe(3);
  });
});
