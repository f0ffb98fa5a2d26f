import { describe, expect, it } from "vitest";
import { cardActionValueSchema, FORM, visitFormSchema } from "../../src/cards/action-values.ts";
import type { CardElement } from "../../src/cards/types.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buildVisitFormCard } from "../../src/cards/visit-form.ts";
import { callbackValues, walk } from "./card-walk.ts";

const input = {
  accountId: "C1",
  recordId: "rec1",
  accountName: "甲公司",
  tier: "A" as const,
  date: "2026-11-24",
};

function fields(): Map<string, CardElement> {
  const out = new Map<string, CardElement>();
  walk(buildVisitFormCard(input), (el) => {
    if (typeof el.name === "string") out.set(el.name, el);
  });
  return out;
}

describe("visit form", () => {
  it("asks for date, type and summary (required), next step and next contact (optional)", () => {
    const f = fields();
    expect(f.get(FORM.visit.date)).toMatchObject({
      tag: "date_picker",
      required: true,
      initial_date: "2026-11-24",
    });
    expect(f.get(FORM.visit.type)).toMatchObject({ tag: "select_static", required: true });
    expect(f.get(FORM.visit.summary)).toMatchObject({
      tag: "input",
      required: true,
      input_type: "multiline_text",
    });
    expect(f.get(FORM.visit.nextStep)).toMatchObject({ tag: "input", required: false });
    expect(f.get(FORM.visit.nextContact)).toMatchObject({ tag: "date_picker", required: false });
  });

  it("offers the four visit types as 电话/上门/高层拜访/线上会议", () => {
    const options = fields().get(FORM.visit.type)!.options as { value: string; text: { content: string } }[];
    expect(options.map((o) => [o.value, o.text.content])).toEqual([
      ["phone", "电话"],
      ["onsite", "上门"],
      ["executive", "高层拜访"],
      ["online", "线上会议"],
    ]);
  });

  it("has a submit and a reset button, and the submit carries the visit.log submit value", () => {
    const f = fields();
    expect(f.get(FORM.visit.submit)).toMatchObject({ form_action_type: "submit" });
    expect(f.get(FORM.visit.reset)).toMatchObject({ form_action_type: "reset" });
    const [value] = callbackValues(buildVisitFormCard(input));
    expect(value).toEqual({
      action: "visit.log",
      step: "submit",
      accountId: "C1",
      recordId: "rec1",
      date: "2026-11-24",
      k: "visit.log:rec1:2026-11-24",
    });
    expect(cardActionValueSchema.parse(value)).toEqual(value);
  });

  it("is a valid card with unique names", () => {
    expect(validateCard(buildVisitFormCard(input))).toEqual([]);
  });

  it("parses what Feishu submits for it", () => {
    const parsed = visitFormSchema.parse({
      [FORM.visit.date]: "2026-11-24 +0800",
      [FORM.visit.type]: "onsite",
      [FORM.visit.summary]: "  谈了续约  ",
      [FORM.visit.nextStep]: "",
      [FORM.visit.nextContact]: "2026-12-01 +0800",
    });
    expect(parsed).toEqual({
      visit_date: "2026-11-24",
      visit_type: "onsite",
      visit_summary: "谈了续约",
      next_step: undefined,
      next_contact: "2026-12-01",
    });
    expect(
      visitFormSchema.safeParse({ visit_date: "2026-11-24", visit_type: "fax", visit_summary: "x" }).success,
    ).toBe(false);
  });
});
