import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestJob } from "../../src/jobs/digest.ts";
import type { Job } from "../../src/jobs/job.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import { surveysJob } from "../../src/jobs/surveys.ts";
import { createLogger } from "../../src/logger.ts";
import { jsonBytes, MESSAGE_BYTES } from "../../src/runtime/queue-chunks.ts";
import { queueSteps } from "../../src/runtime/worker-fan-out.ts";
import { consumeWork } from "../../src/runtime/worker-queue.ts";
import type { Services } from "../../src/services.ts";
import { type CareService, type CareWorld, startCareService, startCareWorld } from "../care/care-world.ts";
import { addSurveyedAccounts } from "../care/survey-load.ts";
import { RUN_AT } from "../digest/demo-digest-book.ts";
import { type DigestWorld, startDigestWorld } from "../digest/digest-world.ts";
import { batch, fakeWorkQueue, message } from "./fake-queue.ts";

/**
 * The surveys and digest jobs through the Worker's fan-out in Node: planned in the job's message, their items
 * through JSON (as a queue carries them) and acted on chunk by chunk.
 */
async function fanOut(services: Services, job: Job, at: number, budget: number) {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("info", (l) => logs.push(JSON.parse(l)));
  const work = fakeWorkQueue();
  const jobs = createJobs([job], services, {
    runSteps: queueSteps({ services, work, logger, subrequestBudget: budget }),
  });
  const q = {
    services,
    jobs,
    work,
    logger,
    settings: { retryBaseSeconds: 10, writesPerDrain: 2, subrequestBudget: budget },
  };
  await consumeWork(q, batch("kam-work", [message({ kind: "job", job: job.name, at })]));
  const bodies = work.sent.map((s) => JSON.parse(JSON.stringify(s.body)) as { items: unknown[] });
  const chunks = bodies.map((b) => message(b));
  await consumeWork(q, batch("kam-work", chunks));
  return {
    run: await services.ledger.lastJobRun(job.name),
    bodies,
    acked: chunks.filter((c) => c.outcome === "ack").length,
    done: logs.filter((l) => l.event === "queue.items_done"),
  };
}

describe("surveys fanned out", () => {
  let w: CareWorld;
  let svc: CareService;
  beforeAll(async () => {
    w = await startCareWorld({ at: "2026-06-22T10:00:00+08:00" });
    addSurveyedAccounts(w, 10, w.managers[0]!.open_id);
    svc = await startCareService(w);
  }, 30_000);
  afterAll(async () => {
    await svc?.stop();
    await w?.stop();
  });

  it("sends each account's survey once, four to a message", async () => {
    // (490 − 10) / 10 messages = 48 subrequests a message: four surveys at 12 each.
    const out = await fanOut(svc.service.services, surveysJob, w.now(), 490);
    expect(out.run).toMatchObject({ status: "done", summary: { planned: 10, queued: 10, chunks: 3 } });
    expect(out.bodies.map((b) => b.items.length)).toEqual([4, 4, 2]);
    expect(out.acked).toBe(3);
    expect(out.done.reduce((n, l) => n + (l.sent as number), 0)).toBe(10);
    const surveys = [...w.sandbox.state.messages.values()].filter((m) => m.content.includes("survey.submit"));
    expect(surveys).toHaveLength(10);
    expect(new Set(surveys.map((m) => m.chat_id)).size).toBe(10);
  });
});

describe("the weekly digest fanned out", () => {
  let world: DigestWorld;
  beforeAll(async () => {
    world = await startDigestWorld({ accounts: 120 });
  }, 60_000);
  afterAll(async () => world?.stop());

  it("carries each reader's built card in messages under the size limit, and sends each once", async () => {
    const out = await fanOut(world.services(), digestJob, RUN_AT, 1000);
    expect(out.run).toMatchObject({ status: "done", summary: { week: "2026-W48", leaders: 4, queued: 5 } });
    for (const b of out.bodies) expect(jsonBytes(b)).toBeLessThanOrEqual(MESSAGE_BYTES);
    expect(out.acked).toBe(out.bodies.length);
    expect(out.done.reduce((n, l) => n + (l.sent as number), 0)).toBe(5);
    const sent = [...world.sandbox.state.messages.values()];
    expect(sent).toHaveLength(5);
    expect(sent.filter((m) => m.chat_id === world.chatId)).toHaveLength(1);
  });
});
