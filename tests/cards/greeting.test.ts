import { describe, expect, it } from "vitest";
import { cardActionValueSchema, FORM, greetingFormSchema } from "../../src/cards/action-values.ts";
import { byteLength, countComponents } from "../../src/cards/budget.ts";
import { buildGreetingCard, markGreetingRow } from "../../src/cards/greeting.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buttonsOf, callbackValues, walk } from "./card-walk.ts";
import { greetingInput, greetingItem } from "./factories.ts";

const labels = (card: ReturnType<typeof buildGreetingCard>) =>
  buttonsOf(card).map((b) => (b.text as { content: string }).content);

describe("greeting card", () => {
  it("shows each contact with the suggested text and 已发送 / 发到客户群 / 编辑 / 跳过", () => {
    const card = buildGreetingCard(greetingInput(1));
    expect(JSON.stringify(card)).toContain("新春快乐");
    expect(labels(card)).toEqual(["已发送", "发到客户群", "编辑", "跳过"]);
  });

  it("offers 发到客户群 only when the account has a group chat", () => {
    const card = buildGreetingCard(greetingInput(0, { items: [greetingItem(1)] }));
    expect(labels(card)).toEqual(["已发送", "编辑", "跳过"]);
  });

  it("keys every effect by contact and occasion, and names the chat to post into", () => {
    const values = callbackValues(buildGreetingCard(greetingInput(1)));
    expect(values[1]).toEqual({
      action: "greeting.group",
      contactId: "ct0",
      accountId: "C0",
      occasion: "spring-2026",
      chatId: "oc_0",
      k: "greeting.group:ct0:spring-2026",
    });
    for (const v of values) expect(cardActionValueSchema.safeParse(v).success).toBe(true);
  });

  it("edits in a form prefilled with the suggestion, whose buttons send the edited text", () => {
    const card = buildGreetingCard(greetingInput(2, { editing: "ct0" }));
    const inputs: Record<string, unknown>[] = [];
    walk(card, (el) => {
      if (el.tag === "input") inputs.push(el);
    });
    expect(inputs[0]).toMatchObject({ name: FORM.greeting.text, required: true });
    expect(String(inputs[0]?.default_value)).toContain("新春快乐");
    const submits = buttonsOf(card).filter((b) => b.form_action_type === "submit");
    expect(submits.map((b) => b.name)).toEqual([FORM.greeting.sent, FORM.greeting.group]);
    const edited = callbackValues(card).filter((v) => v.edited === true);
    expect(edited.map((v) => v.action)).toEqual(["greeting.sent", "greeting.group"]);
    expect(greetingFormSchema.parse({ greeting_text: " 新年好 " })).toEqual({ greeting_text: "新年好" });
  });

  it("replaces a handled row's buttons with its outcome", () => {
    const input = markGreetingRow(greetingInput(2), "ct0", {
      kind: "group",
      by: "张三",
      at: "2026-02-16T09:30",
    });
    const card = buildGreetingCard(input);
    expect(JSON.stringify(card)).toContain("已发到客户群 ✓ 张三 02-16 09:30");
    expect(callbackValues(card).some((v) => v.contactId === "ct0")).toBe(false);
    const skipped = buildGreetingCard(
      markGreetingRow(greetingInput(1), "ct0", { kind: "skipped", by: "张三", at: "2026-02-16T09:30" }),
    );
    expect(skipped.header?.template).toBe("green");
  });

  it("fits 500 contacts within the limits and counts the rest", () => {
    const card = buildGreetingCard(greetingInput(500));
    expect(validateCard(card)).toEqual([]);
    expect(countComponents(card)).toBeLessThanOrEqual(200);
    expect(byteLength(card)).toBeLessThanOrEqual(30 * 1024);
    expect(JSON.stringify(card)).toMatch(/还有 \d+ 个未显示/);
  });
});
