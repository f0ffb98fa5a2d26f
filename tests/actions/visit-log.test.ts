import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FORM } from "../../src/cards/action-values.ts";
import { visitSubmitValue } from "../../src/cards/visit-form.ts";
import { dayOfCell, rowButtonValue, type ServiceWorld, startServiceWorld, TODAY } from "./service-world.ts";

const f = FORM.visit;
const VISIT = {
  [f.date]: "2026-11-24 +0800",
  [f.type]: "onsite",
  [f.summary]: "续约意向明确 <at id=all></at>",
  [f.nextStep]: "下周发报价",
};

describe("记录拜访 over HTTP, through the sandbox", () => {
  let s: ServiceWorld;
  let messageId: string;
  let recordId: string;

  beforeEach(async () => {
    s = await startServiceWorld((w) => [
      {
        code: "A1",
        owner: w.managers[0]!.open_id,
        tier: "A",
        lastVisit: "2026-11-10",
        nextVisitDue: TODAY,
        visitState: "到期",
      },
      { code: "A2", owner: w.managers[0]!.open_id, nextVisitDue: "2026-11-19", visitState: "逾期" },
    ]);
    messageId = await s.remind(0);
    recordId = String(rowButtonValue(s.cardText(messageId), "visit.log", "A1").recordId);
  });
  afterEach(async () => {
    await s.stop();
  });

  const open = () =>
    s.act(messageId, {
      operatorOpenId: s.manager(0),
      value: rowButtonValue(s.cardText(messageId), "visit.log", "A1"),
    });
  /** The form's submit button carries the same value whether or not this operator opened the form. */
  const submit = (operator = s.manager(0), formValue: Record<string, unknown> = VISIT) => {
    const value = visitSubmitValue({ accountId: "A1", recordId, date: TODAY });
    return s.act(messageId, { operatorOpenId: operator, name: f.submit, value, formValue });
  };

  it("opens the visit form inside the card", async () => {
    const answer = await open();
    expect(answer.cardUpdated).toBe(true);
    expect(s.cardText(messageId)).toContain(`"name":"${f.form}"`);
  });

  it("creates one 拜访记录 row, moves the account on and marks the row in place", async () => {
    await open();
    const answer = await submit();
    expect(answer.error).toBeUndefined();
    expect(answer.toast?.type).toBe("success");
    const visits = s.visits("A1");
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      类型: "上门",
      纪要: VISIT[f.summary],
      下一步: "下周发报价",
      来源: "卡片",
    });
    const account = s.account("A1");
    expect(dayOfCell(account.上次拜访)).toBe(TODAY);
    // Tier A: a 14-day cadence from the visit, on a working day.
    expect(dayOfCell(account.下次拜访)).toBe("2026-12-08");
    expect(account.拜访状态).toBe("正常");
    const card = s.cardText(messageId);
    expect(card).toMatch(/已记录 ✓ \S+ 11-24 09:3\d/);
    expect(card).not.toContain(`"name":"${f.form}"`);
    expect(card).toContain("A2 测试客户有限公司");
  });

  it("creates no second row when the same callback is delivered again", async () => {
    const first = await submit();
    const before = s.revisions(messageId);
    const again = await s.replay(first.eventId);
    expect(again.error).toBeUndefined();
    expect(s.visits("A1")).toHaveLength(1);
    expect(s.revisions(messageId)).toBe(before);
  });

  it("creates no second row when the form is submitted twice", async () => {
    await submit();
    const second = await submit();
    expect(second.toast?.type).toBe("info");
    expect(s.visits("A1")).toHaveLength(1);
    expect(s.cardText(messageId)).toContain("已记录 ✓");
  });

  it("creates one row when two submits race", async () => {
    const answers = await Promise.all([submit(), submit(), submit()]);
    expect(answers.filter((a) => a.toast?.type === "success")).toHaveLength(1);
    expect(s.visits("A1")).toHaveLength(1);
  });

  it("refuses a stranger with an error toast and changes nothing", async () => {
    const before = s.revisions(messageId);
    const stranger = s.manager(1);
    const answer = await submit(stranger);
    expect(answer.toast?.type).toBe("error");
    expect(s.visits("A1")).toHaveLength(0);
    expect(s.account("A1").拜访状态).toBe("到期");
    expect(s.revisions(messageId)).toBe(before);
    expect(
      (
        await s.act(messageId, {
          operatorOpenId: stranger,
          value: rowButtonValue(s.cardText(messageId), "visit.log", "A1"),
        })
      ).toast?.type,
    ).toBe("error");
  });

  it("lets the owner's leader log the visit", async () => {
    const answer = await submit(s.leaderOf(0));
    expect(answer.toast?.type).toBe("success");
    expect(s.visits("A1")).toHaveLength(1);
  });

  it("answers invalid form values with an error toast and writes nothing", async () => {
    const cases = [
      { ...VISIT, [f.summary]: "  " },
      { ...VISIT, [f.type]: "碰头" },
      { ...VISIT, [f.date]: "明天" },
      { ...VISIT, [f.date]: "2026-11-30 +0800" },
    ];
    for (const formValue of cases) {
      const answer = await submit(s.manager(0), formValue);
      expect(answer.toast?.type, JSON.stringify(formValue)).toBe("error");
    }
    expect(s.visits("A1")).toHaveLength(0);
    expect(s.account("A1").拜访状态).toBe("到期");
    // A corrected form still goes through: a refused submit does not use up the effect key.
    expect((await submit()).toast?.type).toBe("success");
  });

  it("answers within Feishu's 3 s when Bitable is slow, then updates the card with the callback token", async () => {
    s.w.sandbox.state.faults.set([
      { api: "bitable.appTableRecord.create", rate: 1, codes: [], latencyMs: 2_800 },
    ]);
    const answer = await submit();
    expect(answer.error).toBeUndefined();
    expect(answer.toast?.content).toBe("处理中…");
    expect(await s.service.deps.background.drain(10_000)).toBe(true);
    expect(s.visits("A1")).toHaveLength(1);
    expect(s.cardText(messageId)).toContain("已记录 ✓");
  }, 15_000);
});
