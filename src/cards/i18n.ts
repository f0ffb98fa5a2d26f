import type { L10n, Locale } from "./types.ts";

export const LOCALES: readonly Locale[] = ["zh_cn", "en_us"];

/** Every user-facing string of the cards. `{name}` marks a variable; markdown callers pass escaped values. */
const messages = {
  "state.escalate": { zh_cn: "升级", en_us: "Escalated" },
  "state.overdue": { zh_cn: "逾期", en_us: "Overdue" },
  "state.due": { zh_cn: "到期", en_us: "Due" },
  "state.upcoming": { zh_cn: "即将到期", en_us: "Upcoming" },
  "visitType.phone": { zh_cn: "电话", en_us: "Phone" },
  "visitType.onsite": { zh_cn: "上门", en_us: "On-site" },
  "visitType.executive": { zh_cn: "高层拜访", en_us: "Executive visit" },
  "visitType.online": { zh_cn: "线上会议", en_us: "Online meeting" },

  "reminder.title": { zh_cn: "拜访提醒 · {manager}", en_us: "Visit reminders · {manager}" },
  "reminder.subtitle": {
    zh_cn: "{date} · 升级 {escalate} · 逾期 {overdue} · 到期 {due}",
    en_us: "{date} · {escalate} escalated · {overdue} overdue · {due} due",
  },
  "reminder.summary": {
    zh_cn: "{manager}：{escalate} 个升级，{overdue} 个逾期，{due} 个到期",
    en_us: "{manager}: {escalate} escalated, {overdue} overdue, {due} due",
  },
  "reminder.empty": { zh_cn: "今天没有需要拜访的客户 🎉", en_us: "No visits due today 🎉" },
  "reminder.group": { zh_cn: "{state}（{count}）", en_us: "{state} ({count})" },
  "reminder.working": { zh_cn: "正在处理：{account}", en_us: "Working on: {account}" },
  "row.lastVisit": { zh_cn: "上次拜访 {date}", en_us: "last visit {date}" },
  "row.neverVisited": { zh_cn: "尚无拜访记录", en_us: "never visited" },
  "row.daysOverdue": { zh_cn: "逾期 {days} 天", en_us: "{days} days overdue" },
  "row.dueToday": { zh_cn: "今天到期", en_us: "due today" },
  "row.nextStep": { zh_cn: "下一步：{text}", en_us: "Next step: {text}" },
  "row.owner": { zh_cn: "负责人 {name}", en_us: "owner {name}" },
  "more.hidden": { zh_cn: "还有 {n} 个未显示", en_us: "and {n} more" },

  "btn.log": { zh_cn: "记录拜访", en_us: "Log visit" },
  "btn.snooze": { zh_cn: "推迟", en_us: "Snooze" },
  "btn.reassign": { zh_cn: "转交", en_us: "Reassign" },
  "btn.fullList": { zh_cn: "完整列表", en_us: "Full list" },
  "btn.submit": { zh_cn: "提交", en_us: "Submit" },
  "btn.reset": { zh_cn: "重置", en_us: "Reset" },
  "btn.sent": { zh_cn: "已发送", en_us: "Sent" },
  "btn.group": { zh_cn: "发到客户群", en_us: "Post to group" },
  "btn.edit": { zh_cn: "编辑", en_us: "Edit" },
  "btn.skip": { zh_cn: "跳过", en_us: "Skip" },
  "btn.followup": { zh_cn: "创建跟进", en_us: "Create follow-up" },
  "btn.done": { zh_cn: "已处理", en_us: "Mark handled" },

  "outcome.logged": { zh_cn: "已记录 ✓ {by} {at}", en_us: "Logged ✓ {by} {at}" },
  "outcome.snoozed": { zh_cn: "已推迟 {days} 天 ✓ {by} {at}", en_us: "Snoozed {days} days ✓ {by} {at}" },
  "outcome.reassigned": { zh_cn: "已转交 ✓ {by} {at}", en_us: "Reassigned ✓ {by} {at}" },
  "outcome.reassignedTo": { zh_cn: "已转交给 {to} ✓ {by} {at}", en_us: "Reassigned to {to} ✓ {by} {at}" },
  "outcome.sent": { zh_cn: "已发送 ✓ {by} {at}", en_us: "Sent ✓ {by} {at}" },
  "outcome.group": { zh_cn: "已发到客户群 ✓ {by} {at}", en_us: "Posted to group ✓ {by} {at}" },
  "outcome.skipped": { zh_cn: "已跳过 · {by} {at}", en_us: "Skipped · {by} {at}" },
  "outcome.followup": { zh_cn: "已创建跟进 ✓ {by} {at}", en_us: "Follow-up created ✓ {by} {at}" },
  "outcome.done": { zh_cn: "已处理 ✓ {by} {at}", en_us: "Handled ✓ {by} {at}" },

  "form.select": { zh_cn: "请选择", en_us: "Select" },
  "form.pickDate": { zh_cn: "选择日期", en_us: "Pick a date" },
  "visit.title": { zh_cn: "记录拜访 · {account}", en_us: "Log visit · {account}" },
  "visit.date": { zh_cn: "拜访日期", en_us: "Visit date" },
  "visit.type": { zh_cn: "拜访方式", en_us: "Visit type" },
  "visit.summary": { zh_cn: "拜访纪要", en_us: "Summary" },
  "visit.summaryHint": { zh_cn: "聊了什么、客户怎么说", en_us: "What was discussed, what the customer said" },
  "visit.nextStep": { zh_cn: "下一步", en_us: "Next step" },
  "visit.nextContact": { zh_cn: "下次联系", en_us: "Next contact" },
  "snooze.days": { zh_cn: "推迟多久", en_us: "Snooze for" },
  "snooze.option": { zh_cn: "{days} 天", en_us: "{days} days" },
  "snooze.reason": { zh_cn: "推迟原因", en_us: "Reason" },
  "reassign.to": { zh_cn: "转交给", en_us: "Reassign to" },
  "reassign.reason": { zh_cn: "转交说明", en_us: "Note" },

  "handover.title": { zh_cn: "客户转交 · {account}", en_us: "Account handed over · {account}" },
  "handover.intro": {
    zh_cn: "{to}，{from} 把客户 {account}（{code}）转交给你，今后由你负责拜访和跟进。",
    en_us: "{to}, {from} handed {account} ({code}) over to you: its visits and follow-ups are yours now.",
  },
  "handover.facts": { zh_cn: "等级与下次拜访：{facts}", en_us: "Tier and next visit: {facts}" },
  "handover.reason": { zh_cn: "转交说明：{reason}", en_us: "Note: {reason}" },
  "handover.summary": { zh_cn: "客户转交：{account}", en_us: "Account handed over: {account}" },

  "escalation.title": { zh_cn: "拜访升级 · {manager}", en_us: "Escalated visits · {manager}" },
  "escalation.intro": {
    zh_cn: "{leader}，{manager} 有 {count} 个客户的拜访已逾期升级，请关注。",
    en_us: "{leader}, {count} of {manager}'s accounts are escalated for overdue visits.",
  },
  "escalation.summary": { zh_cn: "{manager}：{count} 个客户拜访升级", en_us: "{manager}: {count} escalated" },
  "col.account": { zh_cn: "客户", en_us: "Account" },
  "col.tier": { zh_cn: "分级", en_us: "Tier" },
  "col.lastVisit": { zh_cn: "上次拜访", en_us: "Last visit" },
  "col.daysOverdue": { zh_cn: "逾期天数", en_us: "Days overdue" },
  "col.nextStep": { zh_cn: "下一步", en_us: "Next step" },
  "col.health": { zh_cn: "健康度", en_us: "Health" },
  "col.reason": { zh_cn: "原因", en_us: "Reason" },

  "greeting.title": { zh_cn: "{occasion}问候 · {owner}", en_us: "{occasion} greetings · {owner}" },
  "greeting.intro": {
    zh_cn: "以下 {count} 位联系人建议在 {date} 问候，文案可直接使用：",
    en_us: "{count} contacts to greet on {date}; the suggested text is ready to use:",
  },
  "greeting.summary": {
    zh_cn: "{occasion}：{count} 位联系人待问候",
    en_us: "{occasion}: {count} contacts to greet",
  },
  "greeting.message": { zh_cn: "问候内容", en_us: "Message" },

  "survey.title": { zh_cn: "服务满意度调查", en_us: "Satisfaction survey" },
  "survey.intro": {
    zh_cn: "{account}，感谢一直以来的合作！请花一分钟为我们打分（1 = 很不满意，5 = 非常满意）。",
    en_us: "{account}, thank you for working with us! One minute to rate us (1 = very poor, 5 = excellent).",
  },
  "survey.overall": { zh_cn: "总体满意度", en_us: "Overall satisfaction" },
  "survey.product": { zh_cn: "产品", en_us: "Product" },
  "survey.service": { zh_cn: "服务", en_us: "Service" },
  "survey.responsiveness": { zh_cn: "响应速度", en_us: "Responsiveness" },
  "survey.nps": {
    zh_cn: "您有多大可能向朋友或同事推荐我们？（0–10）",
    en_us: "How likely are you to recommend us to a friend or colleague? (0–10)",
  },
  "survey.comment": { zh_cn: "其他意见或建议", en_us: "Anything else?" },
  "survey.thanksTitle": { zh_cn: "感谢您的反馈", en_us: "Thank you for your feedback" },
  "survey.thanksBody": {
    zh_cn: "我们已收到您的评价，{owner} 会认真跟进。",
    en_us: "We have your answers; {owner} will follow up.",
  },
  "survey.thanksBodyNoOwner": { zh_cn: "我们已收到您的评价。", en_us: "We have your answers." },

  "alert.title": { zh_cn: "低分预警 · {account}", en_us: "Low score · {account}" },
  "alert.summary": { zh_cn: "{account} 满意度低分", en_us: "{account}: low satisfaction score" },
  "alert.scores": {
    zh_cn: "总体 {overall}/5 · NPS {nps}/10 · 健康度 {health}",
    en_us: "Overall {overall}/5 · NPS {nps}/10 · health {health}",
  },
  "alert.said": { zh_cn: "客户原话", en_us: "Customer said" },
  "alert.noComment": { zh_cn: "（未留言）", en_us: "(no comment)" },
  "alert.risks": { zh_cn: "**风险信号**：{flags}", en_us: "**Risk flags**: {flags}" },
  "alert.owner": { zh_cn: "负责人 {name} · {date}", en_us: "Owner {name} · {date}" },

  "digest.title": { zh_cn: "客户周报 · {week}", en_us: "Key-account weekly · {week}" },
  "digest.summary": {
    zh_cn: "{week}：{total} 个客户，{atRisk} 个风险",
    en_us: "{week}: {total} accounts, {atRisk} at risk",
  },
  "digest.tiers": { zh_cn: "分级分布", en_us: "Tier distribution" },
  "digest.vsLastWeek": { zh_cn: "较上周", en_us: "vs last week" },
  "digest.movesUp": { zh_cn: "升级 ↑", en_us: "Moved up ↑" },
  "digest.movesDown": { zh_cn: "降级 ↓", en_us: "Moved down ↓" },
  "digest.noMoves": { zh_cn: "本周无分级变动", en_us: "No tier changes this week" },
  "digest.concentration": { zh_cn: "收入集中度", en_us: "Revenue concentration" },
  "digest.concentrationLine": {
    zh_cn: "前 5% 客户贡献 {top5}% 收入，前 20% 贡献 {top20}%",
    en_us: "Top 5% of accounts bring {top5}% of revenue, top 20% bring {top20}%",
  },
  "digest.compliance": { zh_cn: "拜访达标率", en_us: "Visit compliance" },
  "digest.atRisk": { zh_cn: "风险客户（{count}）", en_us: "At-risk accounts ({count})" },
  "digest.noRisk": { zh_cn: "本周无风险客户", en_us: "No accounts at risk" },
  "digest.satisfaction": { zh_cn: "满意度趋势", en_us: "Satisfaction trend" },
  "digest.dataProblems": { zh_cn: "数据问题：{n} 条待处理", en_us: "Data problems: {n} to fix" },
  "digest.noDataProblems": { zh_cn: "数据问题：无", en_us: "Data problems: none" },
  "chart.share": { zh_cn: "收入占比 %", en_us: "Revenue share %" },
  "chart.cumulative": { zh_cn: "累计占比 %", en_us: "Cumulative %" },
  "chart.rate": { zh_cn: "达标率 %", en_us: "Compliance %" },
  "chart.bucket": { zh_cn: "前 {from}–{to}%", en_us: "Top {from}–{to}%" },

  "toast.logged": { zh_cn: "已记录 ✓", en_us: "Logged ✓" },
  "toast.snoozed": { zh_cn: "已推迟 {days} 天", en_us: "Snoozed {days} days" },
  "toast.reassigned": { zh_cn: "已转交", en_us: "Reassigned" },
  "toast.sent": { zh_cn: "已标记为发送", en_us: "Marked as sent" },
  "toast.posted": { zh_cn: "已发到客户群", en_us: "Posted to the group" },
  "toast.skipped": { zh_cn: "已跳过", en_us: "Skipped" },
  "toast.submitted": { zh_cn: "感谢您的反馈", en_us: "Thank you for your feedback" },
  "toast.followup": { zh_cn: "已创建跟进任务", en_us: "Follow-up created" },
  "toast.done": { zh_cn: "已标记为处理", en_us: "Marked as handled" },
  "toast.duplicate": { zh_cn: "已处理过了", en_us: "Already done" },
  "toast.expired": {
    zh_cn: "卡片已过期，请在最新的卡片上操作",
    en_us: "This card has expired; use the latest one",
  },
  "toast.missing": { zh_cn: "请填写：{fields}", en_us: "Please fill in: {fields}" },
  "toast.failed": { zh_cn: "操作失败：{reason}", en_us: "Failed: {reason}" },
  "toast.working": { zh_cn: "处理中，稍后更新卡片", en_us: "Working on it; the card will update shortly" },
  "status.errorTitle": { zh_cn: "操作未完成", en_us: "Not done" },
  "status.doneTitle": { zh_cn: "已完成", en_us: "Done" },
} as const satisfies Record<string, L10n>;

export type MessageKey = keyof typeof messages;

export function messageKeys(): MessageKey[] {
  return Object.keys(messages) as MessageKey[];
}
export type Vars = Record<string, string | number>;

export function t(key: MessageKey, vars: Vars = {}, locale: Locale = "zh_cn"): string {
  return messages[key][locale].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in vars ? String(vars[name]) : match,
  );
}

/** The message in every locale. */
export function both(key: MessageKey, vars: Vars = {}): L10n {
  return { zh_cn: t(key, vars, "zh_cn"), en_us: t(key, vars, "en_us") };
}

/** Build a text per locale, e.g. a row assembled from several messages. */
export function perLocale(build: (locale: Locale) => string): L10n {
  return { zh_cn: build("zh_cn"), en_us: build("en_us") };
}

/** The same text in every locale (data that needs no translation). */
export function same(text: string): L10n {
  return { zh_cn: text, en_us: text };
}
