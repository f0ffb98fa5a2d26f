import { effectKey, FORM, type VisitActionValue } from "./action-values.ts";
import { buttonRow, card, header, markdown, tierTag } from "./elements.ts";
import { escapeMarkdown } from "./escape.ts";
import {
  datePicker,
  form,
  formButton,
  type SelectOption,
  selectStatic,
  input as textInput,
} from "./form-elements.ts";
import { both, perLocale } from "./i18n.ts";
import { type Card, type CardElement, type Tier, VISIT_TYPES, type VisitType } from "./types.ts";

export type VisitFormInput = {
  accountId: string;
  recordId: string;
  accountName: string;
  tier?: Tier;
  /** The reminder's day (yyyy-mm-dd): default visit date and the period of the effect key. */
  date: string;
  defaultType?: VisitType;
  nextStep?: string;
};

export const VISIT_TYPE_OPTIONS: readonly SelectOption[] = VISIT_TYPES.map((type) => ({
  value: type,
  label: both(`visitType.${type}`),
}));

export function visitSubmitValue(
  input: Pick<VisitFormInput, "accountId" | "recordId" | "date">,
): VisitActionValue {
  return {
    action: "visit.log",
    step: "submit",
    accountId: input.accountId,
    recordId: input.recordId,
    date: input.date,
    k: effectKey("visit.log", input.recordId, input.date),
  };
}

function label(key: "visit.date" | "visit.type" | "visit.nextContact", required: boolean): CardElement {
  return markdown(
    perLocale((l) => `**${both(key)[l]}**${required ? " &#42;" : ""}`),
    { text_size: "notation" },
  );
}

/** The form container (root-level only, per Feishu) that logs one visit. */
export function visitFormElement(input: VisitFormInput): CardElement {
  const f = FORM.visit;
  return form(f.form, [
    label("visit.date", true),
    datePicker({ name: f.date, placeholder: both("form.pickDate"), required: true, initialDate: input.date }),
    label("visit.type", true),
    selectStatic({
      name: f.type,
      placeholder: both("form.select"),
      options: VISIT_TYPE_OPTIONS,
      required: true,
      ...(input.defaultType ? { initial: input.defaultType } : {}),
    }),
    textInput({
      name: f.summary,
      label: both("visit.summary"),
      placeholder: both("visit.summaryHint"),
      required: true,
      multiline: true,
    }),
    textInput({
      name: f.nextStep,
      label: both("visit.nextStep"),
      ...(input.nextStep ? { defaultValue: input.nextStep } : {}),
      maxLength: 500,
    }),
    label("visit.nextContact", false),
    datePicker({ name: f.nextContact, placeholder: both("form.pickDate") }),
    buttonRow([
      formButton(f.submit, both("btn.submit"), "submit", visitSubmitValue(input)),
      formButton(f.reset, both("btn.reset"), "reset"),
    ]),
  ]);
}

export function visitFormHeading(input: VisitFormInput): CardElement {
  const name = escapeMarkdown(input.accountName, 60);
  return markdown(
    perLocale((l) => `${input.tier ? `${tierTag(input.tier)} ` : ""}**${name}** · ${both("btn.log")[l]}`),
  );
}

/** A card of its own holding the visit form, for entry points outside the reminder card. */
export function buildVisitFormCard(input: VisitFormInput): Card {
  const title = both("visit.title", { account: input.accountName });
  return card({
    header: header(title, "blue"),
    summary: title,
    elements: [visitFormHeading(input), visitFormElement(input)],
  });
}
