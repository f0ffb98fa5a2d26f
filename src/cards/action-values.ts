import { z } from "zod";

/**
 * The `value` every card button sends back as `event.action.value`, and the field names of every form
 * (`event.action.form_value`). Handlers parse with `cardActionValueSchema` at the edge. `k` is the effect
 * key the ledger dedupes on: `<action>:<subject>:<period>`.
 */

const id = z.string().min(1).max(128);
const key = z.string().min(1).max(256);

/** `open` asks for the row's form; `submit` comes from that form with `form_value`. */
const visitStep = z.enum(["open", "submit"]);

const visitValue = z.object({
  action: z.enum(["visit.log", "visit.snooze", "visit.reassign"]),
  step: visitStep,
  accountId: id,
  recordId: id,
  /** The reminder card's day (yyyy-mm-dd): the period of the effect. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  k: key,
});

const greetingValue = z.object({
  action: z.enum(["greeting.sent", "greeting.group", "greeting.edit", "greeting.skip"]),
  contactId: id,
  accountId: id,
  occasion: id,
  /** Present on greeting.group: the customer group the bot posts into. */
  chatId: id.optional(),
  /** True when the value comes from the edit form; the text is then in form_value.greeting_text. */
  edited: z.boolean().optional(),
  k: key,
});

const surveyValue = z.object({
  action: z.literal("survey.submit"),
  surveyId: id,
  accountId: id,
  contactId: id.optional(),
  k: key,
});

const alertValue = z.object({
  action: z.enum(["alert.followup", "alert.done"]),
  alertId: id,
  accountId: id,
  k: key,
});

const digestValue = z.object({
  action: z.literal("digest.list"),
  week: id,
  k: key,
});

export const cardActionValueSchema = z.union([
  visitValue,
  greetingValue,
  surveyValue,
  alertValue,
  digestValue,
]);

export type VisitActionValue = z.infer<typeof visitValue>;
export type GreetingActionValue = z.infer<typeof greetingValue>;
export type SurveyActionValue = z.infer<typeof surveyValue>;
export type AlertActionValue = z.infer<typeof alertValue>;
export type DigestActionValue = z.infer<typeof digestValue>;
export type CardActionValue = z.infer<typeof cardActionValueSchema>;
export type CardAction = CardActionValue["action"];

export function effectKey(action: string, ...parts: string[]): string {
  return [action, ...parts].join(":");
}

/** Names of form fields and form buttons; every one is unique within a card, as Feishu requires. */
export const FORM = {
  visit: {
    form: "visit_form",
    date: "visit_date",
    type: "visit_type",
    summary: "visit_summary",
    nextStep: "next_step",
    nextContact: "next_contact",
    submit: "visit_submit",
    reset: "visit_reset",
  },
  snooze: { form: "snooze_form", days: "snooze_days", reason: "snooze_reason", submit: "snooze_submit" },
  reassign: {
    form: "reassign_form",
    to: "reassign_to",
    reason: "reassign_reason",
    submit: "reassign_submit",
  },
  greeting: { form: "greeting_form", text: "greeting_text", sent: "greeting_sent", group: "greeting_group" },
  survey: {
    form: "survey_form",
    overall: "overall",
    product: "product",
    service: "service",
    responsiveness: "responsiveness",
    nps: "nps",
    comment: "comment",
    submit: "survey_submit",
    reset: "survey_reset",
  },
} as const;

/** Snooze choices offered on the reminder card. */
export const SNOOZE_DAYS = [3, 7] as const;

/** Date pickers submit "yyyy-mm-dd +0800"; we keep the calendar day. */
const pickedDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .transform((s) => s.slice(0, 10));
const optionalText = z
  .string()
  .trim()
  .max(1000)
  .optional()
  .transform((s) => (s ? s : undefined));
const score = (max: number) =>
  z.coerce
    .number()
    .int()
    .min(max === 10 ? 0 : 1)
    .max(max);

export const visitFormSchema = z.object({
  [FORM.visit.date]: pickedDate,
  [FORM.visit.type]: z.enum(["phone", "onsite", "executive", "online"]),
  [FORM.visit.summary]: z.string().trim().min(1).max(1000),
  [FORM.visit.nextStep]: optionalText,
  [FORM.visit.nextContact]: pickedDate.optional(),
});

export const snoozeFormSchema = z.object({
  [FORM.snooze.days]: z.coerce.number().pipe(z.literal(SNOOZE_DAYS)),
  [FORM.snooze.reason]: z.string().trim().min(1).max(1000),
});

export const reassignFormSchema = z.object({
  [FORM.reassign.to]: id,
  [FORM.reassign.reason]: optionalText,
});

export const greetingFormSchema = z.object({ [FORM.greeting.text]: z.string().trim().min(1).max(1000) });

export const surveyFormSchema = z.object({
  [FORM.survey.overall]: score(5),
  [FORM.survey.product]: score(5),
  [FORM.survey.service]: score(5),
  [FORM.survey.responsiveness]: score(5),
  [FORM.survey.nps]: score(10),
  [FORM.survey.comment]: optionalText,
});
