import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { remindersJob } from "../../src/jobs/reminders.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import { silentLogger } from "../../src/logger.ts";
import { startScheduler } from "../../src/runtime/scheduler.ts";
import type { Services } from "../../src/services.ts";
import {
  type AccountSpec,
  cardsTo,
  jobServices,
  type ReminderWorld,
  startReminderWorld,
} from "./reminder-world.ts";

const TUESDAY = "2026-11-24T09:30:00+08:00";
const INJECTED = "**粗体** <at id=all></at> [点我](https://evil.example)";

/** m = the demo managers; team = index % 3, so m1 and m4 share a leader. */
function book(w: ReminderWorld): AccountSpec[] {
  const m = w.managers.map((x) => x.open_id);
  return [
    {
      code: "A1",
      name: INJECTED,
      owner: m[0],
      tier: "A",
      lastVisit: "2026-11-10",
      nextVisitDue: "2026-11-24",
      visitState: "到期",
    },
    { code: "A2", owner: m[0], nextVisitDue: "2026-11-19", visitState: "逾期" },
    { code: "A3", owner: m[1], nextVisitDue: "2026-11-04", visitState: "升级" },
    { code: "A4", owner: m[1], nextVisitDue: "2026-11-24", visitState: "到期" },
    { code: "A5", owner: m[2], nextVisitDue: "2026-12-20", visitState: "正常" },
    { code: "A6", owner: m[3], nextVisitDue: "2026-11-23", visitState: "即将到期" },
    { code: "A7", owner: m[4], nextVisitDue: "2026-11-01", visitState: "升级" },
    { code: "A8", nextVisitDue: "2026-11-10", visitState: "逾期" },
    { code: "A9", owner: m[5], nextVisitDue: "2026-11-02", visitState: "升级" },
  ];
}

describe("reminders job (against the sandbox)", () => {
  let w: ReminderWorld;
  let services: Services;
  let run: (opts?: { force?: boolean; dryRun?: boolean }) => ReturnType<ReturnType<typeof createJobs>["run"]>;

  beforeEach(async () => {
    w = await startReminderWorld({ at: TUESDAY });
    w.addAccounts(book(w));
    services = jobServices(w);
    const jobs = createJobs([remindersJob], services);
    run = (opts = {}) => jobs.run("reminders", { trigger: "cli", ...opts });
  });
  afterEach(async () => {
    await w.stop();
  });

  const managerId = (i: number) => w.managers[i]!.open_id;
  const leaderOf = (i: number) => w.managers[i]!.leaderOpenId!;

  it("sends each manager with due accounts exactly one card listing all of them", async () => {
    const outcome = await run();
    expect(outcome.status).toBe("done");
    for (const i of [0, 1, 3, 4, 5]) expect(cardsTo(w, managerId(i)), `manager ${i}`).toHaveLength(1);
    const [card] = cardsTo(w, managerId(0));
    const sends = await services.ledger.sendsFor(`reminder:${managerId(0)}:`);
    expect(sends.map((r) => [r.key, r.state, r.messageId])).toEqual([
      [`reminder:${managerId(0)}:2026-11-24`, "sent", card!.messageId],
    ]);
    expect(card!.text).toContain("A2 测试客户有限公司");
    expect(card!.text).toContain('"accountId":"A1"');
    expect(cardsTo(w, managerId(1))[0]!.text).toContain("A3 测试客户有限公司");
    expect(cardsTo(w, managerId(1))[0]!.text).toContain("A4 测试客户有限公司");
  });

  it("sends nothing to a manager whose accounts are not due", async () => {
    await run();
    expect(cardsTo(w, managerId(2))).toHaveLength(0);
  });

  it("treats a 下次拜访 already passed as due even when 拜访状态 is stale", async () => {
    await run();
    expect(cardsTo(w, managerId(3))[0]!.text).toContain("A6 测试客户有限公司");
  });

  it("sends nothing more when run again the same day, even forced", async () => {
    await run();
    expect((await run()).status).toBe("skipped");
    const forced = await run({ force: true });
    expect(forced.status === "done" && forced.summary).toMatchObject({ sent: 0, alreadySent: 5 });
    for (const i of [0, 1, 3, 4, 5]) expect(cardsTo(w, managerId(i))).toHaveLength(1);
  });

  it("escapes customer text in the card", async () => {
    await run();
    const { text } = cardsTo(w, managerId(0))[0]!;
    expect(text).not.toContain("<at id=all>");
    expect(text).not.toContain("](https://evil.example)");
    expect(text).toContain("&#60;at id=all&#62;");
  });

  it("sends escalations to the owner's leader in one card, at most once a week", async () => {
    await run();
    const leader = leaderOf(1);
    expect(leaderOf(4)).toBe(leader);
    const cards = cardsTo(w, leader);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.uuid).toMatch(/^(escalation:|h-)/);
    expect(cards[0]!.text).toContain("A3 测试客户有限公司");
    expect(cards[0]!.text).toContain("A7 测试客户有限公司");
    expect(cardsTo(w, leaderOf(5))).toHaveLength(1);
    expect(cardsTo(w, leaderOf(0))).toHaveLength(0);

    w.setClock("2026-11-25T09:30:00+08:00");
    await run();
    expect(cardsTo(w, managerId(1))).toHaveLength(2);
    expect(cardsTo(w, leader)).toHaveLength(1);

    w.setClock("2026-11-30T09:30:00+08:00");
    await run();
    expect(cardsTo(w, leader)).toHaveLength(2);
  });

  it("sends nothing on a statutory holiday or a weekend", async () => {
    for (const at of ["2026-10-01T09:30:00+08:00", "2026-11-28T09:30:00+08:00"]) {
      w.setClock(at);
      const outcome = await run();
      expect(outcome.status === "done" && outcome.summary).toMatchObject({ skipped: "non-working-day" });
    }
    expect(w.sandbox.state.messages.size).toBe(0);
  });

  it("sends on a make-up working Saturday", async () => {
    w.setClock("2026-10-10T09:30:00+08:00");
    const outcome = await run();
    expect(outcome.status === "done" && outcome.summary).toMatchObject({ date: "2026-10-10", managers: 4 });
    expect(cardsTo(w, managerId(0))).toHaveLength(1);
  });

  it("keeps quiet during quiet hours", async () => {
    w.setClock("2026-11-24T22:00:00+08:00");
    const outcome = await run();
    expect(outcome.status === "done" && outcome.summary).toMatchObject({ skipped: "quiet-hours" });
    expect(w.sandbox.state.messages.size).toBe(0);
  });

  it("returns the plan on a dry run and sends nothing", async () => {
    const outcome = await run({ dryRun: true });
    expect(w.sandbox.state.messages.size).toBe(0);
    const summary = outcome.status === "done" ? outcome.summary : {};
    const reminders = summary.reminders as { to: string; accounts: { code: string }[] }[];
    expect(reminders.map((r) => r.to).sort()).toEqual([0, 1, 3, 4, 5].map(managerId).sort());
    const first = reminders.find((r) => r.to === managerId(0))!;
    expect(first.accounts.map((a) => a.code).sort()).toEqual(["A1", "A2"]);
    expect(summary.unowned).toEqual(["A8"]);
    expect((summary.escalations as { to: string }[]).map((e) => e.to).sort()).toEqual(
      [leaderOf(1), leaderOf(5)].sort(),
    );
  });
});

describe("catching up a missed run at start", () => {
  let w: ReminderWorld;
  afterEach(async () => {
    await w.stop();
  });

  async function startAndSettle(services: Services, waitRounds = 100) {
    const jobs = createJobs([remindersJob], services);
    const scheduler = startScheduler(jobs, { tz: "Asia/Shanghai", logger: silentLogger, now: () => w.now() });
    for (let i = 0; i < waitRounds; i++) {
      const last = await services.ledger.lastJobRun("reminders");
      if (last && last.status !== "running") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    scheduler.stop();
  }

  it("runs the day's reminders once when the service starts after 09:00, and not again on a restart", async () => {
    w = await startReminderWorld({ at: "2026-11-24T10:15:00+08:00" });
    w.addAccounts([
      { code: "C1", owner: w.managers[0]!.open_id, nextVisitDue: "2026-11-24", visitState: "到期" },
    ]);
    const services = jobServices(w);
    await startAndSettle(services);
    expect((await services.ledger.lastJobRun("reminders"))?.status).toBe("done");
    expect(cardsTo(w, w.managers[0]!.open_id)).toHaveLength(1);

    await startAndSettle(services);
    expect(cardsTo(w, w.managers[0]!.open_id)).toHaveLength(1);
  });

  it("does not run early when the service starts before 09:00", async () => {
    w = await startReminderWorld({ at: "2026-11-24T08:30:00+08:00" });
    const services = jobServices(w);
    await startAndSettle(services, 6);
    expect(await services.ledger.lastJobRun("reminders")).toBeUndefined();
  });
});
