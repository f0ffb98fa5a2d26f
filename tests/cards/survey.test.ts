import { describe, expect, it } from "vitest";
import { FORM, surveyFormSchema } from "../../src/cards/action-values.ts";
import { buildSurveyCard, buildSurveyThanksCard } from "../../src/cards/survey.ts";
import type { CardElement } from "../../src/cards/types.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { callbackValues, walk } from "./card-walk.ts";

const card = buildSurveyCard({ surveyId: "sv1", accountId: "C1", contactId: "ct1", accountName: "甲公司" });

function field(name: string): CardElement {
  let found: CardElement | undefined;
  walk(card, (el) => {
    if (el.name === name) found = el;
  });
  return found!;
}

const values = (el: CardElement) => (el.options as { value: string }[]).map((o) => o.value);

describe("survey card", () => {
  it("asks overall, product, service and responsiveness on 1–5 and NPS on 0–10, all required", () => {
    for (const name of [
      FORM.survey.overall,
      FORM.survey.product,
      FORM.survey.service,
      FORM.survey.responsiveness,
    ]) {
      expect(field(name)).toMatchObject({ tag: "select_static", required: true });
      expect(values(field(name))).toEqual(["1", "2", "3", "4", "5"]);
    }
    expect(values(field(FORM.survey.nps))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(field(FORM.survey.comment)).toMatchObject({ tag: "input", required: false });
  });

  it("submits survey.submit keyed by the survey", () => {
    expect(callbackValues(card)).toEqual([
      { action: "survey.submit", surveyId: "sv1", accountId: "C1", contactId: "ct1", k: "survey.submit:sv1" },
    ]);
  });

  it("parses the submitted answers into numbers", () => {
    expect(
      surveyFormSchema.parse({
        overall: "4",
        product: "5",
        service: "3",
        responsiveness: "2",
        nps: "0",
        comment: "",
      }),
    ).toEqual({ overall: 4, product: 5, service: 3, responsiveness: 2, nps: 0, comment: undefined });
    expect(
      surveyFormSchema.safeParse({ overall: "6", product: "5", service: "3", responsiveness: "2", nps: "9" })
        .success,
    ).toBe(false);
  });

  it("thanks the customer once answered", () => {
    const thanks = buildSurveyThanksCard({ ownerName: "张三" });
    expect(thanks.header?.title.content).toBe("感谢您的反馈");
    expect(JSON.stringify(thanks)).toContain("张三 会认真跟进");
    expect(validateCard(thanks)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });
});
