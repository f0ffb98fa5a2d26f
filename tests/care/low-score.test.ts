import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorkingDays } from "../../src/domain/calendar.ts";
import { runFullSync } from "../../src/jobs/sync/full-sync.ts";
import { type CareService, type CareWorld, startCareService, startCareWorld } from "./care-world.ts";
import { act, buttonValues, messagesTo, waitFor } from "./sandbox-clicks.ts";

const AT = "2026-06-22T10:00:00+08:00";
const LOW = {
  overall: "2",
  product: "3",
  service: "2",
  responsiveness: "1",
  nps: "3",
  comment: "售后响应太慢，问题拖了两周。<at id=all></at>",
};

describe("a low score alerts the owner and the owner's leader", () => {
  let w: CareWorld;
  let svc: CareService;
  let owner: string;
  let leader: string;
  let answeredAt = 0;
  const alerts = (openId: string) =>
    messagesTo(w, openId).filter(
      (m) => m.content.includes("alert.followup") || m.content.includes("低分预警"),
    );
  const account = (code: string) => w.rows("accounts").find((r) => r.fields.客户编号 === code)!.fields;

  beforeAll(async () => {
    w = await startCareWorld({ at: AT });
    owner = w.managers[0]!.open_id;
    leader = w.managers[0]!.leaderOpenId!;
    w.addAccounts([
      {
        code: "G1",
        name: "恒瑞精密制造有限公司",
        owner,
        tier: "A",
        chat: true,
        risk: 35,
        riskFlags: "近90天采购额下降 35%",
      },
      { code: "G2", name: "启明零售有限公司", owner, tier: "B", chat: true },
    ]);
    w.addContacts([
      { name: "王强", account: "G1", title: "采购总监", decisionMaker: true },
      { name: "陈静", account: "G2", title: "采购经理", decisionMaker: true },
    ]);
    svc = await startCareService(w);
    await svc.service.jobs.run("surveys", { trigger: "admin" });
    for (const code of ["G1", "G2"]) {
      const card = messagesTo(w, w.chats.get(code)!)[0]!;
      const value = buttonValues(card.content, "survey.submit")[0]!;
      await act(w, card.messageId, { operatorOpenId: `ou_customer_${code}`, value, formValue: LOW });
    }
    answeredAt = Date.now();
    await svc.drain.settled();
  }, 30_000);
  afterAll(async () => {
    await svc.stop();
    await w.stop();
  });

  it("sends one alert card to the owner and one to the leader right after the answer lands", async () => {
    await waitFor(() => alerts(owner).length === 2 && alerts(leader).length === 2, 60_000, "alert cards");
    expect(Date.now() - answeredAt).toBeLessThan(60_000);
    const card = alerts(owner).find((m) => m.content.includes("恒瑞精密"))!.content;
    expect(card).toContain("售后响应太慢");
    expect(card).not.toContain("<at id=all>");
    expect(card).toContain("健康度 65");
    expect(card).toContain("近90天采购额下降 35%");
    expect(card).toContain("王强");
  });

  it("adds a line to the account's 风险标记 and rolls the answer up", async () => {
    await waitFor(() => String(account("G1").风险标记).includes("低分预警"), 10_000, "risk line");
    expect(String(account("G1").风险标记)).toContain("近90天采购额下降 35%");
    expect(account("G1")).toMatchObject({ 最近满意度: 2, NPS类别: "贬损者" });
  });

  it("创建跟进 sets 下次拜访 two working days out, once, and shows it on both copies", async () => {
    const mine = alerts(owner).find((m) => m.content.includes("恒瑞精密"))!;
    const theirs = alerts(leader).find((m) => m.content.includes("恒瑞精密"))!;
    const value = buttonValues(mine.content, "alert.followup")[0]!;
    const first = await act(w, mine.messageId, { operatorOpenId: owner, value });
    expect(first.toast?.content).toBe("已创建跟进任务");
    const again = await act(w, theirs.messageId, { operatorOpenId: leader, value });
    expect(again.toast?.content).toBe("已处理过了");
    await svc.drain.settled();
    const due = addWorkingDays("2026-06-22", 2);
    expect(due).toBe("2026-06-24");
    const dueCell = account("G1").下次拜访 as number;
    expect(new Date(dueCell + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(due);
    expect(String(account("G1").风险标记).match(/已安排跟进/g)).toHaveLength(1);
    await waitFor(
      () =>
        alerts(leader)
          .find((m) => m.messageId === theirs.messageId)!
          .content.includes("已创建跟进 ✓"),
      5_000,
      "leader's copy",
    );
    expect(alerts(owner).find((m) => m.messageId === mine.messageId)!.content).toContain("已创建跟进 ✓");
  });

  it("已处理 closes an alert without touching the account; nobody else may close it", async () => {
    const card = alerts(leader).find((m) => m.content.includes("启明零售"))!;
    const value = buttonValues(card.content, "alert.done")[0]!;
    const stranger = await act(w, card.messageId, { operatorOpenId: "ou_stranger", value });
    expect(stranger.toast?.type).toBe("error");
    const answer = await act(w, card.messageId, { operatorOpenId: leader, value });
    expect(answer.toast?.content).toBe("已标记为处理");
    await svc.drain.settled();
    expect(account("G2").下次拜访).toBeUndefined();
  });

  it("the next daily sync keeps the follow-up day and says so in 风险标记", async () => {
    const dayOf = (ms: unknown) => new Date(Number(ms) + 8 * 3_600_000).toISOString().slice(0, 10);
    const summary = await runFullSync(svc.service.services, {
      now: Date.parse("2026-06-23T08:30:00+08:00"),
      dryRun: false,
    });
    expect(summary.accountRows).toBeGreaterThanOrEqual(2);
    expect(dayOf(account("G1").下次拜访)).toBe("2026-06-24");
    expect(String(account("G1").风险标记)).toContain("已安排跟进：2026-06-24 前回访");
    // G2's alert was closed without a follow-up: its 下次拜访 is the cadence's.
    expect(dayOf(account("G2").下次拜访)).not.toBe("2026-06-24");
    expect(String(account("G2").风险标记)).not.toContain("已安排跟进");
  });

  it("does not alert on a good answer", async () => {
    const before = alerts(owner).length;
    w.addAccounts([{ code: "G3", owner, tier: "A", chat: true }]);
    w.addContacts([{ name: "孙丽", account: "G3", decisionMaker: true }]);
    await svc.service.jobs.run("surveys", { trigger: "admin", force: true });
    const card = messagesTo(w, w.chats.get("G3")!)[0]!;
    const value = buttonValues(card.content, "survey.submit")[0]!;
    const good = { overall: "4", product: "4", service: "3", responsiveness: "3", nps: "8" };
    await act(w, card.messageId, { operatorOpenId: "ou_customer_G3", value, formValue: good });
    await svc.drain.settled();
    expect(account("G3").NPS类别).toBe("被动者");
    expect(alerts(owner)).toHaveLength(before);
  });
});
