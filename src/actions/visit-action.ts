import type { z } from "zod";
import { cardActionValueSchema, type VisitActionValue } from "../cards/action-values.ts";
import { type MessageKey, t } from "../cards/i18n.ts";
import {
  buildReminderCard,
  markReminderRow,
  type ReminderCardInput,
  type ReminderOutcome,
} from "../cards/reminder.ts";
import { toasts } from "../cards/status.ts";
import type { CardActionHandler, CardActionResult, Toast } from "../deps.ts";
import type { IsoDate } from "../domain/types.ts";
import { isoDateIn, isoMinuteIn } from "../feishu/zoned-dates.ts";
import { type BookAccount, readAccount } from "../jobs/reminders/account-book.ts";
import { findUser } from "../jobs/reminders/people.ts";
import type { Services } from "../services.ts";
import { authorizeAccountAction } from "./authorize.ts";
import { runEffectOnce } from "./effect-once.ts";
import { changeReminderCard, reminderCardFor } from "./reminder-card-store.ts";

export type SubmitContext<F> = {
  services: Services;
  value: VisitActionValue;
  form: F;
  account: BookAccount;
  /** `known`: the directory has them (an admin id from config may not be a person Bitable accepts). */
  operator: { openId: string; name: string; known: boolean };
  now: number;
  today: IsoDate;
  /** The outcome stamp for the row: who, and local date-time. */
  stamp: { by: string; at: string };
};

export type Applied = { outcome: ReminderOutcome; toast: Toast };

/** One reminder-row action: its form, the checks that need data, and the effect itself. */
export type VisitActionSpec<F> = {
  action: VisitActionValue["action"];
  mode: NonNullable<ReminderCardInput["open"]>["mode"];
  form: z.ZodType<F>;
  /** The i18n label of each form field, for the "please check" toast. */
  labels: Record<string, MessageKey>;
  /** Extra card input when the form opens (e.g. whom 转交 offers). */
  onOpen?(services: Services, account: BookAccount): Promise<Partial<ReminderCardInput>>;
  /** Checks that need data (dates, people); a toast here changes nothing and does not use up the key. */
  check?(ctx: SubmitContext<F>): Promise<Toast | undefined>;
  /** The effect: runs at most once per the button's effect key `k`. */
  apply(ctx: SubmitContext<F>): Promise<Applied>;
};

export function errorToast(zh: string, en: string): Toast {
  return { type: "error", content: zh, i18n: { zh_cn: zh, en_us: en } };
}

function invalidForm(error: z.ZodError, labels: Record<string, MessageKey>): Toast {
  const keys = [
    ...new Set(error.issues.map((i) => labels[String(i.path[0])]).filter((k) => k !== undefined)),
  ];
  const zh = keys.map((k) => t(k, {}, "zh_cn")).join("、") || "表单内容";
  const en = keys.map((k) => t(k, {}, "en_us")).join(", ") || "the form";
  return errorToast(`请检查：${zh}`, `Please check: ${en}`);
}

/**
 * The shared path of 记录拜访 / 推迟 / 转交: parse the button value, load the account as it is now,
 * authorize, then either open the row's form in the card or validate and apply the submitted form
 * once, answering with the card rebuilt from its stored input and the row marked.
 */
export function visitActionHandler<F>(services: Services, spec: VisitActionSpec<F>): CardActionHandler {
  return async (ctx): Promise<CardActionResult> => {
    const parsed = cardActionValueSchema.safeParse(ctx.value);
    if (!parsed.success || parsed.data.action !== spec.action) return { toast: toasts.expired() };
    const value = parsed.data as VisitActionValue;
    const operatorOpenId = ctx.event.operator.open_id;
    const messageId = ctx.event.context.open_message_id;

    const account = await readAccount(services, value.recordId);
    if (!account) return { toast: errorToast("这个客户已不存在", "This account no longer exists") };
    const auth = await authorizeAccountAction(services, operatorOpenId, account.ownerId);
    if (!auth.ok) return { toast: auth.toast };
    const stored = await reminderCardFor(services.ledger, messageId);
    const row = stored?.input.items.find((i) => i.recordId === value.recordId);

    // A card whose state is gone (pruned after its retention, or never kept) takes no more clicks.
    if (!stored || !row) return { toast: toasts.expired() };
    if (value.step === "open") {
      if (row.outcome) return { toast: toasts.duplicate(), card: buildReminderCard(stored.input) };
      const extra = spec.onOpen ? await spec.onOpen(services, account) : {};
      const open = { recordId: value.recordId, mode: spec.mode };
      return { card: buildReminderCard({ ...stored.input, ...extra, open }) };
    }

    const form = spec.form.safeParse(ctx.event.action.form_value ?? {});
    if (!form.success) return { toast: invalidForm(form.error, spec.labels) };
    const now = services.clock.now();
    const { tz } = services.config;
    const operatorUser = await findUser(services, operatorOpenId);
    const operatorName = operatorUser?.name || operatorOpenId;
    const submit: SubmitContext<F> = {
      services,
      value,
      form: form.data,
      account,
      operator: { openId: operatorOpenId, name: operatorName, known: operatorUser !== undefined },
      now,
      today: isoDateIn(now, tz),
      stamp: { by: operatorName, at: isoMinuteIn(now, tz) },
    };
    const problem = await spec.check?.(submit);
    if (problem) return { toast: problem };

    const effect = await runEffectOnce(services.ledger, value.k, now, () => spec.apply(submit));
    if (effect.kind === "running") return { toast: toasts.working() };
    const { outcome, toast } = effect.kind === "done" ? effect.value : effect.previous;
    services.logger.info("card.visit_action", {
      action: spec.action,
      account: account.code,
      operator: operatorOpenId,
      as: auth.as,
      duplicate: effect.kind === "duplicate",
    });
    // Marking again on a duplicate is harmless and repairs a mark lost to a crash after the effect.
    const changed = await changeReminderCard(services.ledger, messageId, (input) =>
      input.items.some((i) => i.recordId === value.recordId && !i.outcome)
        ? markReminderRow(input, value.recordId, outcome)
        : input,
    );
    const answerToast = effect.kind === "done" ? toast : toasts.duplicate();
    return changed ? { toast: answerToast, card: buildReminderCard(changed.input) } : { toast: answerToast };
  };
}
