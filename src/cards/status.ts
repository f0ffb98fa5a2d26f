import { card, header, markdown } from "./elements.ts";
import { clipPlain, escapeMarkdown } from "./escape.ts";
import { both, type MessageKey, type Vars } from "./i18n.ts";
import type { Card, L10n, Locale } from "./types.ts";

/** The `toast` of a card-action response: plain text, so nothing to escape, only to clip. */
export type Toast = {
  type: "info" | "success" | "error" | "warning";
  content: string;
  i18n: Record<Locale, string>;
};

export function toast(type: Toast["type"], key: MessageKey, vars: Vars = {}): Toast {
  const l = both(key, vars);
  const zh = clipPlain(l.zh_cn, 120);
  return { type, content: zh, i18n: { zh_cn: zh, en_us: clipPlain(l.en_us, 120) } };
}

export const toasts = {
  logged: () => toast("success", "toast.logged"),
  snoozed: (days: number) => toast("success", "toast.snoozed", { days }),
  reassigned: () => toast("success", "toast.reassigned"),
  sent: () => toast("success", "toast.sent"),
  posted: () => toast("success", "toast.posted"),
  skipped: () => toast("info", "toast.skipped"),
  submitted: () => toast("success", "toast.submitted"),
  followup: () => toast("success", "toast.followup"),
  done: () => toast("success", "toast.done"),
  duplicate: () => toast("info", "toast.duplicate"),
  expired: () => toast("warning", "toast.expired"),
  working: () => toast("info", "toast.working"),
  missing: (fields: string[]) => toast("error", "toast.missing", { fields: fields.join("、") }),
  failed: (reason: string) => toast("error", "toast.failed", { reason }),
} as const;

/** A small card replacing another when there is nothing left to act on, or when an action failed. */
export function buildStatusCard(opts: { ok: boolean; message: L10n; title?: L10n }): Card {
  const title = opts.title ?? both(opts.ok ? "status.doneTitle" : "status.errorTitle");
  const body = {
    zh_cn: escapeMarkdown(opts.message.zh_cn, 500),
    en_us: escapeMarkdown(opts.message.en_us, 500),
  };
  return card({
    header: header(title, opts.ok ? "green" : "red"),
    summary: title,
    elements: [markdown(body)],
  });
}
