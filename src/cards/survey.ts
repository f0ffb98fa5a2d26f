import { effectKey, FORM, type SurveyActionValue } from "./action-values.ts";
import { buttonRow, card, header, markdown } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import { form, formButton, type SelectOption, selectStatic, input as textInput } from "./form-elements.ts";
import { both, type MessageKey, perLocale, same } from "./i18n.ts";
import type { Card, CardElement } from "./types.ts";

export type SurveyCardInput = {
  surveyId: string;
  accountId: string;
  contactId?: string;
  /** Shown in the greeting line, e.g. the customer's company or the contact's name. */
  accountName: string;
};

export type SurveyThanksInput = {
  /** The account manager who will follow up; omitted when unknown. */
  ownerName?: string;
};

function scale(from: number, to: number): SelectOption[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    value: String(from + i),
    label: same(String(from + i)),
  }));
}

function question(key: MessageKey, name: string, options: SelectOption[]): CardElement[] {
  return [
    markdown(perLocale((l) => `**${both(key)[l]}** &#42;`)),
    selectStatic({ name, placeholder: both("form.select"), options, required: true }),
  ];
}

export function buildSurveyCard(input: SurveyCardInput): Card {
  const f = FORM.survey;
  const submit: SurveyActionValue = {
    action: "survey.submit",
    surveyId: input.surveyId,
    accountId: input.accountId,
    k: effectKey("survey.submit", input.surveyId),
  };
  if (input.contactId) submit.contactId = input.contactId;
  const oneToFive = scale(1, 5);
  const title = both("survey.title");
  return card({
    header: header(title, "indigo"),
    summary: title,
    elements: [
      markdown(both("survey.intro", { account: escapeMarkdown(input.accountName, 60) })),
      form(f.form, [
        ...question("survey.overall", f.overall, oneToFive),
        ...question("survey.product", f.product, oneToFive),
        ...question("survey.service", f.service, oneToFive),
        ...question("survey.responsiveness", f.responsiveness, oneToFive),
        ...question("survey.nps", f.nps, scale(0, 10)),
        textInput({ name: f.comment, label: both("survey.comment"), multiline: true, maxLength: 1000 }),
        buttonRow([
          formButton(f.submit, both("btn.submit"), "submit", submit),
          formButton(f.reset, both("btn.reset"), "reset"),
        ]),
      ]),
    ],
  });
}

/** What the survey card becomes once answered. */
export function buildSurveyThanksCard(input: SurveyThanksInput = {}): Card {
  const title = both("survey.thanksTitle");
  const body = input.ownerName
    ? both("survey.thanksBody", { owner: escapeMarkdown(input.ownerName, 40) })
    : both("survey.thanksBodyNoOwner");
  return card({ header: header(title, "green"), summary: title, elements: [markdown(body)] });
}
