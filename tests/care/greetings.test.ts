import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CareService, type CareWorld, startCareService, startCareWorld } from "./care-world.ts";
import { act, buttonValues, messagesTo, replay, waitFor } from "./sandbox-clicks.ts";

/** Three days before 春节 2026 (02-17): the day A accounts' owners hear about it. */
const AT = "2026-02-14T09:00:00+08:00";

describe("greeting cards and what the buttons do", () => {
  let w: CareWorld;
  let svc: CareService;
  let owner: string;
  let other: string;
  const cardsOf = (openId: string) => messagesTo(w, openId).filter((m) => m.type === "interactive");
  const springCard = () => cardsOf(owner).find((m) => m.content.includes("春节"))!;
  const contactId = (name: string) => w.ids.get(name)!;
  const careRows = (name: string) =>
    w.rows("careLog").filter((r) => JSON.stringify(r.fields.联系人).includes(contactId(name)));
  const click = (action: string, name: string, extra: Record<string, unknown> = {}) => {
    const value = buttonValues(springCard().content, action, contactId(name))[0]!;
    return act(w, springCard().messageId, { operatorOpenId: owner, value, ...extra });
  };

  beforeAll(async () => {
    w = await startCareWorld({ at: AT });
    owner = w.managers[0]!.open_id;
    other = w.managers[1]!.open_id;
    w.addAccounts([
      { code: "A1", name: "恒瑞精密制造有限公司", owner, tier: "A", chat: true },
      { code: "A2", name: "启明零售有限公司", owner, tier: "A" },
      { code: "A3", name: "远航物流有限公司", owner: other, tier: "A" },
      { code: "C1", name: "小微贸易有限公司", owner, tier: "C" },
    ]);
    w.addContacts([
      { name: "王强", account: "A1", title: "采购总监", decisionMaker: true },
      {
        name: "刘洋",
        account: "A1",
        title: "总经理",
        decisionMaker: true,
        birthday: "1980-02-17",
        calendar: "公历",
      },
      { name: "陈静", account: "A2", title: "采购经理", decisionMaker: true },
      { name: "赵磊", account: "A3", title: "运营总监", decisionMaker: true },
      { name: "孙丽", account: "C1", title: "老板", decisionMaker: true },
    ]);
    svc = await startCareService(w);
    const run = await svc.service.jobs.run("greetings", { trigger: "admin" });
    expect(run.status).toBe("done");
  }, 30_000);
  afterAll(async () => {
    await svc.stop();
    await w.stop();
  });

  it("gives each owner one card per occasion, listing their contacts with a suggested text", () => {
    const mine = cardsOf(owner);
    expect(mine).toHaveLength(2);
    expect(springCard().content).toContain("王总您好");
    expect(springCard().content).toContain("陈经理您好");
    expect(springCard().content).not.toContain("孙丽");
    expect(mine.find((m) => m.content.includes("生日"))!.content).toContain("刘总，祝您生日快乐");
    expect(cardsOf(other)).toHaveLength(1);
  });

  it("sends nothing more when the day's run is repeated", async () => {
    const before = w.sandbox.state.messages.size;
    const again = await svc.service.jobs.run("greetings", { trigger: "admin", force: true });
    expect(again).toMatchObject({ status: "done", summary: { sent: 0, alreadySent: 3 } });
    expect(w.sandbox.state.messages.size).toBe(before);
  });

  it("lets only the owner, their leader or an admin act on the card", async () => {
    const value = buttonValues(springCard().content, "greeting.sent", contactId("王强"))[0]!;
    const answer = await act(w, springCard().messageId, { operatorOpenId: "ou_stranger", value });
    expect(answer.toast?.type).toBe("error");
    expect(answer.cardUpdated).toBe(false);
    expect(careRows("王强")).toEqual([]);
  });

  it("records 已发送 once, however often it is clicked or the callback is replayed", async () => {
    // The second click comes from a copy of the card that has not refreshed yet: same button, same value.
    const value = buttonValues(springCard().content, "greeting.sent", contactId("王强"))[0]!;
    const first = await act(w, springCard().messageId, { operatorOpenId: owner, value });
    expect(first.toast?.type).toBe("success");
    expect(first.cardUpdated).toBe(true);
    expect(springCard().content).toContain("已发送 ✓");
    const second = await act(w, springCard().messageId, { operatorOpenId: owner, value });
    expect(second.toast?.content).toBe("已处理过了");
    await replay(w, first.eventId);
    await svc.drain.settled();
    expect(careRows("王强").map((r) => r.fields.结果)).toEqual(["已发送"]);
    expect(careRows("王强")[0]!.fields).toMatchObject({ 场合: "春节", 年份: 2026, 客户编号: "A1" });
  });

  it("posts into the customer group once for 发到客户群, and records it", async () => {
    const group = w.chats.get("A1")!;
    const textsInGroup = () => messagesTo(w, group).filter((m) => m.type === "text");
    const value = buttonValues(springCard().content, "greeting.group", contactId("刘洋"))[0]!;
    const first = await act(w, springCard().messageId, { operatorOpenId: owner, value });
    expect(first.toast?.content).toBe("已发到客户群");
    await act(w, springCard().messageId, { operatorOpenId: owner, value });
    await replay(w, first.eventId);
    expect(textsInGroup()).toHaveLength(1);
    expect(JSON.parse(textsInGroup()[0]!.content).text).toContain("刘总您好！值此新春佳节");
    await svc.drain.settled();
    expect(careRows("刘洋").map((r) => r.fields.结果)).toEqual(["发到客户群"]);
  });

  it("opens an edit form prefilled with the suggestion, and records the edited text", async () => {
    const opened = await click("greeting.edit", "陈静");
    expect(opened.cardUpdated).toBe(true);
    expect(springCard().content).toContain("greeting_text");
    const submit = buttonValues(springCard().content, "greeting.sent", contactId("陈静")).find(
      (v) => v.edited,
    )!;
    const done = await act(w, springCard().messageId, {
      operatorOpenId: owner,
      value: submit,
      formValue: { greeting_text: "陈经理，新春快乐！今年一起把新店开起来。" },
    });
    expect(done.toast?.type).toBe("success");
    await svc.drain.settled();
    expect(careRows("陈静").map((r) => [r.fields.结果, r.fields.内容])).toEqual([
      ["编辑后发送", "陈经理，新春快乐！今年一起把新店开起来。"],
    ]);
  });

  it("asks for the text when an edited greeting is submitted empty", async () => {
    const card = cardsOf(other)[0]!;
    const submit = { ...buttonValues(card.content, "greeting.sent")[0]!, edited: true };
    const answer = await act(w, card.messageId, {
      operatorOpenId: other,
      value: submit,
      formValue: { greeting_text: " " },
    });
    expect(answer.toast?.type).toBe("error");
    expect(careRows("赵磊")).toEqual([]);
  });

  it("records 跳过 without posting anything", async () => {
    const card = cardsOf(other)[0]!;
    const value = buttonValues(card.content, "greeting.skip", contactId("赵磊"))[0]!;
    const answer = await act(w, card.messageId, { operatorOpenId: other, value });
    expect(answer.toast?.content).toBe("已跳过");
    await svc.drain.settled();
    expect(careRows("赵磊").map((r) => r.fields.结果)).toEqual(["跳过"]);
  });

  it("keeps every row's outcome on the card as rows are handled one after another", async () => {
    await waitFor(() => springCard().content.includes("已发到客户群 ✓"), 2_000, "group outcome on the card");
    const content = springCard().content;
    expect(content).toContain("已发送 ✓");
    expect(content).toContain("已发到客户群 ✓");
  });
});
