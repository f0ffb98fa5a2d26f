import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM } from "../../src/cards/action-values.ts";
import { visitSubmitValue } from "../../src/cards/visit-form.ts";
import { rowButtonValue } from "../actions/service-world.ts";
import { waitFor } from "../care/sandbox-clicks.ts";
import { cardAction, deliver, envelope, post } from "../http/fixtures.ts";
import {
  cardsTo,
  ENCRYPT_KEY,
  type ReminderWorld,
  startReminderWorld,
  VERIFICATION_TOKEN,
} from "../jobs/reminder-world.ts";
import { type BuiltWorker, buildWorker, type LocalWorker, startLocalWorker } from "./local-worker.ts";

const TODAY = "2026-11-24";
const DAILY_CRON = "0 1 * * *";

/**
 * The bundled Worker in workerd (Miniflare), offline, against the sandbox running in this process. One Worker
 * and one world for the file: the steps build on each other (reminders first, then acting on a reminder card).
 */
describe("the Worker in the Workers runtime", () => {
  let w: ReminderWorld;
  let built: BuiltWorker;
  let worker: LocalWorker;
  let accounts: Map<string, string>;
  const manager = (i: number) => w.managers[i]!.open_id;
  const sandbox = async (path: string, body: unknown) => {
    const res = await fetch(`${w.sandbox.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown> & { eventId: string; toast?: { type?: string } };
  };
  // Signed on the sandbox's clock, which the Worker keeps (a real-time stamp would be a day stale).
  const sign = (payload: unknown) =>
    deliver(payload, { encryptKey: ENCRYPT_KEY, timestampSec: Math.floor(w.now() / 1000) });

  beforeAll(async () => {
    [w, built] = await Promise.all([startReminderWorld({ at: `${TODAY}T09:30:00+08:00` }), buildWorker()]);
    accounts = w.addAccounts([
      {
        code: "A1",
        owner: manager(0),
        tier: "A",
        lastVisit: "2026-11-10",
        nextVisitDue: TODAY,
        visitState: "到期",
      },
      { code: "A2", owner: manager(0), nextVisitDue: "2026-11-19", visitState: "逾期" },
      { code: "A3", owner: manager(1), nextVisitDue: TODAY, visitState: "到期" },
    ]);
    worker = await startLocalWorker({
      built,
      vars: {
        FEISHU_DOMAIN: w.sandbox.url,
        FEISHU_APP_ID: w.appId,
        FEISHU_APP_SECRET: w.appSecret,
        BITABLE_APP_TOKEN: w.appToken,
        FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
        KAM_ADMIN_TOKEN: "worker-test-admin",
        KAM_LOG_LEVEL: "info",
        KAM_FOLLOW_SANDBOX_CLOCK: "true",
        KAM_QUEUE_RETRY_BASE_SECONDS: "1",
      },
    });
    await sandbox("/_sandbox/delivery", {
      eventUrl: `${worker.url}/feishu/events`,
      cardUrl: `${worker.url}/feishu/cards`,
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
    });
  }, 60_000);

  afterAll(async () => {
    // KAM_WORKER_LOGS=1 prints everything the Worker logged, to read after a failure.
    if (process.env.KAM_WORKER_LOGS) console.log(worker.logs.map((l) => JSON.stringify(l)).join("\n"));
    await worker?.stop();
    await w?.stop();
    if (built) rmSync(built.dir, { recursive: true, force: true });
  });

  it("starts, migrates D1 and reaches the sandbox (healthz)", async () => {
    const res = await fetch(`${worker.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { ledger: { ok: true }, feishu: { ok: true } },
    });
  });

  it("answers Feishu's URL check, encrypted and signed", async () => {
    const check = { type: "url_verification", challenge: "c-123", token: VERIFICATION_TOKEN };
    const answer = await post(`${worker.url}/feishu/events`, sign(check));
    expect(answer).toMatchObject({ status: 200, json: { challenge: "c-123" } });
  });

  it("refuses a callback whose signature does not match", async () => {
    const d = sign(envelope("card.action.trigger", {}, { token: VERIFICATION_TOKEN }));
    const answer = await post(`${worker.url}/feishu/cards`, { ...d, body: d.body.replace(/.$/, " }") });
    expect(answer.status).toBe(401);
  });

  it("sends each due manager exactly one reminder when the daily cron fires twice", async () => {
    // The Worker keeps the sandbox's clock: fire the trigger that, on that clock, is 09:00 Shanghai today.
    const at = Date.parse(`${TODAY}T09:00:00+08:00`) - (w.now() - Date.now());
    await worker.scheduled(DAILY_CRON, at);
    await worker.scheduled(DAILY_CRON, at);
    const planned = await worker.waitForLog((l) => l.event === "job.done" && l.job === "reminders");
    expect(planned).toMatchObject({ managers: 2, queued: 2, chunks: 1 });
    await worker.waitForLog((l) => l.event === "queue.job_skipped" && l.job === "reminders");
    const done = await worker.waitForLog(
      (l) => l.event === "queue.items_done" && l.run_id === planned.run_id,
    );
    expect(done).toMatchObject({ job: "reminders", items: 2, sent: 2 });
    expect(cardsTo(w, manager(0))).toHaveLength(1);
    expect(cardsTo(w, manager(1))).toHaveLength(1);
    expect(cardsTo(w, manager(2))).toHaveLength(0);
    const runs = await (await worker.d1())
      .prepare("SELECT period, status, attempts FROM job_runs WHERE job = 'reminders'")
      .all();
    expect(runs.results).toEqual([{ period: TODAY, status: "done", attempts: 1 }]);
  });

  it("queues a forced run from the admin API, which repeats no reminder", async () => {
    const res = await fetch(`${worker.url}/admin/jobs/reminders?force=1`, {
      method: "POST",
      headers: { authorization: "Bearer worker-test-admin" },
    });
    expect(res.status).toBe(202);
    const planned = await worker.waitForLog((l) => l.event === "job.done" && l.trigger === "admin");
    expect(planned).toMatchObject({ job: "reminders", queued: 2 });
    const done = await worker.waitForLog(
      (l) => l.event === "queue.items_done" && l.run_id === planned.run_id,
    );
    expect(done).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(cardsTo(w, manager(0))).toHaveLength(1);
  });

  it("logs a visit from the reminder card once, even when Feishu delivers the callback again", async () => {
    const messageId = cardsTo(w, manager(0))[0]!.messageId;
    const recordId = String(rowButtonValue(cardsTo(w, manager(0))[0]!.text, "visit.log", "A1").recordId);
    const f = FORM.visit;
    const submitted = await sandbox(`/_sandbox/cards/${messageId}/action`, {
      operatorOpenId: manager(0),
      name: f.submit,
      value: visitSubmitValue({ accountId: "A1", recordId, date: TODAY }),
      formValue: {
        [f.date]: `${TODAY} +0800`,
        [f.type]: "onsite",
        [f.summary]: "续约意向明确",
        [f.nextStep]: "报价",
      },
    });
    expect(submitted.error).toBeUndefined();
    expect(submitted.toast?.type).toBe("success");
    const replayed = await sandbox(`/_sandbox/callbacks/${submitted.eventId}/replay`, {});
    expect(replayed.error).toBeUndefined();
    const visits = w.rows("visits").filter((r) => r.fields.客户编号 === "A1");
    expect(visits).toHaveLength(1);
    expect(visits[0]!.fields).toMatchObject({ 纪要: "续约意向明确", 来源: "卡片" });
  });

  it("writes a survey answer to Bitable exactly once through injected Bitable faults, then its roll-up and alert", async () => {
    // Four 5xx in a row outlast the client's three attempts: the first drain fails and the queue comes back.
    await sandbox("/_sandbox/faults", [{ api: "bitable.appTableRecord.create", codes: ["5xx"], count: 4 }]);
    const surveyId = "2026Q4.A1.recContactA1";
    const answerKey = `survey:${surveyId}:ou_manager`;
    const s = FORM.survey;
    const lowAnswer = () => {
      const click = cardAction({
        action: "survey.submit",
        surveyId,
        accountId: accounts.get("A1")!,
        k: `survey:${surveyId}`,
      });
      (click.event as { action: Record<string, unknown> }).action.form_value = {
        [s.overall]: "2",
        [s.product]: "3",
        [s.service]: "2",
        [s.responsiveness]: "3",
        [s.nps]: "3",
        [s.comment]: "交付一再延期",
      };
      return click;
    };
    const click = lowAnswer();
    const first = await post(`${worker.url}/feishu/cards`, sign(click));
    expect(first).toMatchObject({
      status: 200,
      json: { toast: { type: "success", content: "感谢您的反馈" } },
    });
    // The same delivery again (deduped at the edge) and a second click (same write key) change nothing.
    await post(`${worker.url}/feishu/cards`, sign(click));
    expect((await post(`${worker.url}/feishu/cards`, sign(lowAnswer()))).json).toMatchObject({
      toast: { content: "已处理过了" },
    });
    await worker.waitForLog((l) => l.event === "pending_writes.batch_failed" && l.table === "surveys");
    const d1 = await worker.d1();
    const written = (key: string) =>
      d1.prepare("SELECT status, attempts, record_id FROM pending_writes WHERE key = ?").bind(key).first();
    await waitFor(async () => (await written(answerKey))?.status === "written", 20_000, "the answer row");
    const row = await written(answerKey);
    expect(row).toMatchObject({ status: "written", attempts: 1 });
    const answers = w.rows("surveys").filter((r) => r.fields.答卷编号 === `${surveyId}:ou_manager`);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.record_id).toBe(row!.record_id);

    // Its follow-ups are writes of their own, drained by the same queue: the roll-up and the alert.
    const a1 = () => w.rows("accounts").find((r) => r.fields.客户编号 === "A1")!.fields;
    await waitFor(() => a1().最近满意度 === 2, 20_000, "the roll-up on A1");
    expect(a1()).toMatchObject({ NPS类别: "贬损者" });
    expect(String(a1().风险标记)).toContain("低分预警");
    await waitFor(
      async () => (await written(`alert:${answerKey}`))?.status === "written",
      20_000,
      "the alert",
    );
    expect(cardsTo(w, manager(0)).filter((c) => c.text.includes("低分预警"))).toHaveLength(1);
    await sandbox("/_sandbox/faults", []);
  });
});
