import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../../src/feishu/template.ts";
import { startOfDayIn } from "../../src/feishu/zoned-dates.ts";
import { bindBase } from "../../src/ops/base.ts";
import { appOperator, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { cardAction, deliver, post } from "../http/fixtures.ts";
import {
  type CareService,
  type CareWorld,
  ENCRYPT_KEY,
  startCareService,
  startCareWorld,
} from "./care-world.ts";
import { act, buttonValues, messagesTo, waitFor } from "./sandbox-clicks.ts";

const AT = "2026-06-22T10:00:00+08:00";
const GOOD = { overall: "5", product: "4", service: "5", responsiveness: "4", nps: "9", comment: "合作愉快" };

describe("survey campaigns and answers", () => {
  let w: CareWorld;
  let svc: CareService;
  let owner: string;
  const surveyCards = (id: string) => messagesTo(w, id).filter((m) => m.content.includes("survey.submit"));
  const answers = () => w.rows("surveys");
  /** The submit button's value of each account's survey card, as sent (the card changes once answered). */
  const sent = new Map<string, Record<string, unknown>>();
  const submit = (card: { messageId: string; content: string }, who: string, form: Record<string, string>) =>
    act(w, card.messageId, {
      operatorOpenId: who,
      value: buttonValues(card.content, "survey.submit")[0]!,
      formValue: form,
    });

  beforeAll(async () => {
    w = await startCareWorld({ at: AT });
    owner = w.managers[0]!.open_id;
    w.addAccounts([
      { code: "G1", name: "恒瑞精密制造有限公司", owner, tier: "A", chat: true },
      { code: "P1", name: "启明零售有限公司", owner, tier: "B" },
      { code: "R1", name: "远航物流有限公司", owner, tier: "C", chat: true },
    ]);
    w.addContacts([
      { name: "王强", account: "G1", title: "采购总监", decisionMaker: true },
      { name: "陈静", account: "P1", title: "采购经理", decisionMaker: true },
      { name: "赵磊", account: "R1", title: "运营总监", decisionMaker: true },
      { name: "钱多", account: "R1", title: "财务经理" },
    ]);
    // 赵磊 answered a month ago: within the 60-day gap, so R1 is asked through 钱多.
    writeRecords(
      w.sandbox.state,
      w.appToken,
      await surveysTableId(w),
      [
        {
          fields: {
            答卷编号: "old-1",
            联系人: [w.ids.get("赵磊")!],
            提交日期: startOfDayIn("2026-05-20"),
            总体满意度: 4,
          },
        },
      ],
      appOperator("people"),
    );
    svc = await startCareService(w);
    expect(await svc.service.jobs.run("surveys", { trigger: "admin" })).toMatchObject({
      status: "done",
      summary: { planned: 3, sent: 3 },
    });
    for (const code of ["G1", "R1"])
      sent.set(code, buttonValues(surveyCards(w.chats.get(code)!)[0]!.content, "survey.submit")[0]!);
  }, 30_000);
  afterAll(async () => {
    await svc.stop();
    await w.stop();
  });

  it("sends the card into the account's group when it has one", () => {
    expect(surveyCards(w.chats.get("G1")!)).toHaveLength(1);
    expect(surveyCards(w.chats.get("G1")!)[0]!.content).toContain("恒瑞精密制造有限公司");
  });

  it("sends it to the owner with a note to forward it when there is no group", () => {
    const toOwner = messagesTo(w, owner);
    expect(toOwner.map((m) => m.type)).toEqual(["text", "interactive"]);
    expect(JSON.parse(toOwner[0]!.content).text).toContain("转发给客户");
    expect(JSON.parse(toOwner[0]!.content).text).toContain("陈静");
  });

  it("does not ask a contact surveyed within the minimum gap", () => {
    const card = surveyCards(w.chats.get("R1")!)[0]!;
    expect(buttonValues(card.content, "survey.submit")[0]!.contactId).toBe(w.ids.get("钱多"));
  });

  it("sends each campaign once: the day's rerun and the next day send nothing", async () => {
    const before = w.sandbox.state.messages.size;
    await svc.service.jobs.run("surveys", { trigger: "admin", force: true });
    w.setClock("2026-06-23T10:00:00+08:00");
    await svc.service.jobs.run("surveys", { trigger: "admin" });
    expect(w.sandbox.state.messages.size).toBe(before);
  });

  it("refuses a missing or out-of-range score with an error toast and stores nothing", async () => {
    const card = surveyCards(w.chats.get("G1")!)[0]!;
    const missing = await submit(card, "ou_customer_1", { ...GOOD, nps: "" });
    expect(missing.toast).toMatchObject({ type: "error" });
    expect(missing.toast?.content).toContain("推荐意愿");
    const high = await submit(card, "ou_customer_1", { ...GOOD, overall: "9" });
    expect(high.toast).toMatchObject({ type: "error" });
    expect(high.cardUpdated).toBe(false);
    expect(await svc.service.services.ledger.pendingWrites(10, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(answers()).toHaveLength(1);
  });

  it("answers 401 to a forged callback (bad signature) and changes nothing", async () => {
    const card = surveyCards(w.chats.get("G1")!)[0]!;
    const value = buttonValues(card.content, "survey.submit")[0]!;
    const forged = cardAction(value);
    (forged.event as { action: Record<string, unknown> }).action.form_value = GOOD;
    const res = await post(`${svc.service.url}/feishu/cards`, deliver(forged, { encryptKey: "not-the-key" }));
    expect(res.status).toBe(401);
    const unsigned = await post(
      `${svc.service.url}/feishu/cards`,
      deliver(forged, { encryptKey: ENCRYPT_KEY, sign: false }),
    );
    expect(unsigned.status).toBe(401);
    expect(await svc.service.services.ledger.pendingWrites(10, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(answers()).toHaveLength(1);
  });

  it("thanks the customer in place and writes the answer, rolled up on the account", async () => {
    const card = surveyCards(w.chats.get("G1")!)[0]!;
    const answer = await submit(card, "ou_customer_1", GOOD);
    expect(answer.toast?.content).toBe("感谢您的反馈");
    expect(surveyCards(w.chats.get("G1")!)).toHaveLength(0);
    expect(messagesTo(w, w.chats.get("G1")!)[0]!.content).toContain("感谢您的反馈");
    await svc.drain.settled();
    const row = answers().find((r) => String(r.fields.答卷编号).endsWith(":ou_customer_1"))!;
    expect(row.fields).toMatchObject({
      客户编号: "G1",
      总体满意度: 5,
      推荐意愿: 9,
      意见: "合作愉快",
      调查批次: "2026Q2",
    });
    await waitFor(
      () => w.rows("accounts").find((r) => r.fields.客户编号 === "G1")!.fields.NPS类别 === "推荐者",
    );
    expect(w.rows("accounts").find((r) => r.fields.客户编号 === "G1")!.fields.最近满意度).toBe(5);
  });

  it("recognises a second submission by the same person and thanks them without a second row", async () => {
    const card = messagesTo(w, w.chats.get("G1")!)[0]!;
    const again = await act(w, card.messageId, {
      operatorOpenId: "ou_customer_1",
      value: sent.get("G1")!,
      formValue: { ...GOOD, nps: "3" },
    });
    expect(again.toast?.content).toBe("已处理过了");
    expect(again.cardUpdated).toBe(true);
    await svc.drain.settled();
    expect(answers().filter((r) => String(r.fields.答卷编号).endsWith(":ou_customer_1"))).toHaveLength(1);
  });
});

async function surveysTableId(w: CareWorld): Promise<string> {
  return (await bindBase(w.gw, loadTemplate())).table("surveys").id;
}
