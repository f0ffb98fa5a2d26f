import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accountNotes } from "../../src/actions/account-notes.ts";
import { FORM } from "../../src/cards/action-values.ts";
import { visitValue } from "../../src/cards/reminder-forms.ts";
import { visitSubmitValue } from "../../src/cards/visit-form.ts";
import { runFullSync } from "../../src/jobs/sync/full-sync.ts";
import { visitHoldKey } from "../../src/jobs/sync/visit-holds.ts";
import { cardsTo } from "../jobs/reminder-world.ts";
import { dayOfCell, rowButtonValue, type ServiceWorld, startServiceWorld, TODAY } from "./service-world.ts";

const ADMIN = "ou_admin_from_config";

describe("推迟 and 转交 over HTTP, through the sandbox", () => {
  let s: ServiceWorld;
  let messageId: string;
  let row: { accountId: string; recordId: string; date: string };

  beforeEach(async () => {
    s = await startServiceWorld(
      (w) => [{ code: "A1", owner: w.managers[0]!.open_id, nextVisitDue: "2026-11-19", visitState: "逾期" }],
      { adminIds: [ADMIN] },
    );
    messageId = await s.remind(0);
    const v = rowButtonValue(s.cardText(messageId), "visit.snooze", "A1");
    row = { accountId: "A1", recordId: String(v.recordId), date: TODAY };
  });
  afterEach(async () => {
    await s.stop();
  });

  const snooze = (formValue: Record<string, unknown>, operator = s.manager(0)) =>
    s.act(messageId, {
      operatorOpenId: operator,
      name: FORM.snooze.submit,
      value: visitValue("visit.snooze", "submit", row),
      formValue,
    });
  const reassign = (formValue: Record<string, unknown>, operator = s.manager(0)) =>
    s.act(messageId, {
      operatorOpenId: operator,
      name: FORM.reassign.submit,
      value: visitValue("visit.reassign", "submit", row),
      formValue,
    });

  it("opens the snooze form in the card", async () => {
    const answer = await s.act(messageId, {
      operatorOpenId: s.manager(0),
      value: visitValue("visit.snooze", "open", row),
    });
    expect(answer.cardUpdated).toBe(true);
    expect(s.cardText(messageId)).toContain(`"name":"${FORM.snooze.form}"`);
  });

  it("snoozes by 3 days onto a working day and marks the row", async () => {
    const answer = await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "客户出差" });
    expect(answer.toast?.type).toBe("success");
    // 2026-11-24 + 3 = Friday 11-27, a working day.
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-11-27");
    expect(s.account("A1").拜访状态).toBe("即将到期");
    expect(s.cardText(messageId)).toContain("已推迟 3 天 ✓");
    const { ledger } = s.service.services;
    expect((await accountNotes(ledger, row.recordId))[0]?.text).toBe("客户出差");
    expect(await ledger.get(visitHoldKey("A1"))).toEqual({
      kind: "snooze",
      due: "2026-11-27",
      setOn: TODAY,
    });
  });

  it("keeps the snoozed day through the next daily sync, until a visit is logged", async () => {
    await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "客户出差" });
    const { services } = s.service;
    const next = Date.parse("2026-11-25T08:30:00+08:00");
    const summary = await runFullSync(services, { now: next, dryRun: false });
    expect(summary.accountRows).toBe(1);
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-11-27");
    expect(s.account("A1").拜访状态).toBe("即将到期");
    // Without the hold the cadence would put a never-visited C account 90 days out.
    await services.ledger.set(visitHoldKey("A1"), undefined);
    await runFullSync(services, { now: next + 3_600_000, dryRun: false });
    expect(dayOfCell(s.account("A1").下次拜访)).not.toBe("2026-11-27");
  });

  it("snoozes by 7 days past the weekend onto the next working day", async () => {
    await snooze({ [FORM.snooze.days]: "7", [FORM.snooze.reason]: "等预算" });
    // 11-24 + 7 = Tuesday 12-01.
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-12-01");
  });

  it("answers 'expired' to a submit on a card whose state was pruned, changing nothing", async () => {
    await s.service.services.ledger.set(`reminder-message:${messageId}`, undefined);
    const answer = await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "客户出差" });
    expect(answer.toast?.content).toContain("过期");
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-11-19");
  });

  it("refuses a snooze of another length or without a reason", async () => {
    for (const formValue of [
      { [FORM.snooze.days]: "5", [FORM.snooze.reason]: "x" },
      { [FORM.snooze.days]: "3", [FORM.snooze.reason]: " " },
    ]) {
      expect((await snooze(formValue)).toast?.type).toBe("error");
    }
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-11-19");
  });

  it("reassigns the account to a known colleague", async () => {
    const to = s.manager(3);
    const answer = await reassign({ [FORM.reassign.to]: to, [FORM.reassign.reason]: "区域调整" });
    expect(answer.toast?.type).toBe("success");
    expect((s.account("A1").负责人 as { id: string }[])[0]!.id).toBe(to);
    expect(s.cardText(messageId)).toContain("已转交给");
    // The new owner is told once, even when Feishu re-delivers the click.
    await s.replay(answer.eventId);
    await s.service.services.background.drain(5_000);
    const told = cardsTo(s.w, to).filter((c) => c.text.includes("客户转交"));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("区域调整");
  });

  it("offers the owner's teammates when the reassign form opens", async () => {
    await s.act(messageId, {
      operatorOpenId: s.manager(0),
      value: visitValue("visit.reassign", "open", row),
    });
    const card = s.cardText(messageId);
    expect(card).toContain(`"name":"${FORM.reassign.form}"`);
    expect(card).toContain(s.manager(3));
  });

  it("refuses to reassign to someone the directory does not know", async () => {
    const answer = await reassign({ [FORM.reassign.to]: "ou_nobody_at_all" });
    expect(answer.toast?.type).toBe("error");
    expect((s.account("A1").负责人 as { id: string }[])[0]!.id).toBe(s.manager(0));
  });

  it("refuses a stranger's snooze and lets a configured admin do it", async () => {
    const before = s.revisions(messageId);
    const denied = await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "x" }, s.manager(2));
    expect(denied.toast?.type).toBe("error");
    expect(s.revisions(messageId)).toBe(before);
    expect(dayOfCell(s.account("A1").下次拜访)).toBe("2026-11-19");
    const allowed = await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "x" }, ADMIN);
    expect(allowed.toast?.type).toBe("success");
  });

  it("refuses the old owner once the account is reassigned", async () => {
    await reassign({ [FORM.reassign.to]: s.manager(3) });
    const denied = await snooze({ [FORM.snooze.days]: "3", [FORM.snooze.reason]: "x" }, s.manager(0));
    expect(denied.toast?.type).toBe("error");
  });

  it("lets a configured admin outside the directory log a visit", async () => {
    const answer = await s.act(messageId, {
      operatorOpenId: ADMIN,
      name: FORM.visit.submit,
      value: visitSubmitValue(row),
      formValue: { [FORM.visit.date]: TODAY, [FORM.visit.type]: "phone", [FORM.visit.summary]: "电话确认" },
    });
    expect(answer.toast?.type).toBe("success");
    expect(s.visits("A1")).toHaveLength(1);
  });
});
