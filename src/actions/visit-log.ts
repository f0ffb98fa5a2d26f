import { FORM, visitFormSchema } from "../cards/action-values.ts";
import { toasts } from "../cards/status.ts";
import type { CardActionHandler } from "../deps.ts";
import { encodeFields } from "../feishu/codecs.ts";
import { fieldRefs, writeAccount } from "../jobs/reminders/account-book.ts";
import { readPolicy } from "../jobs/reminders/policy-source.ts";
import type { Services } from "../services.ts";
import { errorToast, visitActionHandler } from "./visit-action.ts";
import { accountAfterVisit } from "./visit-outcomes.ts";

/** Form values → the 拜访记录 类型 options. */
const VISIT_TYPE_LABEL = {
  phone: "电话",
  onsite: "上门",
  executive: "高层拜访",
  online: "线上会议",
} as const;

const f = FORM.visit;

/**
 * 记录拜访: opens the visit form in the row; on submit creates ONE 拜访记录 row (client_token from the
 * button's effect key, so a redelivery or a second submit writes nothing) and moves the account's
 * 上次拜访 / 下次拜访 / 拜访状态 on by the cadence.
 */
export function visitLogAction(services: Services): CardActionHandler {
  return visitActionHandler(services, {
    action: "visit.log",
    mode: "log",
    form: visitFormSchema,
    labels: {
      [f.date]: "visit.date",
      [f.type]: "visit.type",
      [f.summary]: "visit.summary",
      [f.nextStep]: "visit.nextStep",
      [f.nextContact]: "visit.nextContact",
    },
    async check({ form, today }) {
      if (form[f.date] > today)
        return errorToast("拜访日期不能晚于今天", "The visit date cannot be later than today");
      return undefined;
    },
    async apply({ services, value, form, account, operator, today, stamp }) {
      const visits = await fieldRefs(services, "visits");
      const type = VISIT_TYPE_LABEL[form[f.type]];
      const fields = encodeFields(
        visits.fields,
        {
          title: `${account.name} · ${type} · ${form[f.date]}`,
          account: [account.recordId],
          accountCode: account.code,
          date: form[f.date],
          type,
          visitor: operator.known ? [operator.openId] : undefined,
          summary: form[f.summary],
          nextStep: form[f.nextStep],
          nextContact: form[f.nextContact],
          source: "卡片",
        },
        { tz: services.config.tz },
      );
      await visits.gw.createOne(visits.tableId, fields, { idempotencyKey: value.k });
      const policy = await readPolicy(services);
      await writeAccount(services, account.recordId, accountAfterVisit(account, form[f.date], today, policy));
      return { outcome: { kind: "logged", ...stamp }, toast: toasts.logged() };
    },
  });
}
