import type { LowScoreAlertInput } from "../../src/cards/alert.ts";
import { buildLowScoreAlertCard } from "../../src/cards/alert.ts";
import type { DigestData } from "../../src/cards/digest.ts";
import { buildDigestCard } from "../../src/cards/digest.ts";
import type { EscalationCardInput } from "../../src/cards/escalation.ts";
import { buildEscalationCard } from "../../src/cards/escalation.ts";
import type { GreetingCardInput, GreetingItem } from "../../src/cards/greeting.ts";
import { buildGreetingCard } from "../../src/cards/greeting.ts";
import type { ReminderCardInput, ReminderItem } from "../../src/cards/reminder.ts";
import { buildReminderCard } from "../../src/cards/reminder.ts";
import { buildStatusCard } from "../../src/cards/status.ts";
import { buildSurveyCard, buildSurveyThanksCard } from "../../src/cards/survey.ts";
import type { Card, Tier, VisitState } from "../../src/cards/types.ts";
import { buildVisitFormCard } from "../../src/cards/visit-form.ts";

const TIERS: Tier[] = ["A", "B", "C"];
const STATES: VisitState[] = ["escalate", "overdue", "due"];

export function reminderItem(i: number, over: Partial<ReminderItem> = {}): ReminderItem {
  const state = STATES[i % 3]!;
  return {
    accountId: `C${String(i).padStart(4, "0")}`,
    recordId: `rec${String(i).padStart(6, "0")}`,
    name: `客户${i} 科技有限公司`,
    tier: TIERS[i % 3]!,
    lastVisit: "2026-10-01",
    daysOverdue: state === "due" ? 0 : 3 + (i % 20),
    state,
    nextStep: "确认续约方案",
    ...over,
  };
}

export function reminderInput(n: number, over: Partial<ReminderCardInput> = {}): ReminderCardInput {
  return {
    managerName: "张三",
    date: "2026-11-24",
    items: Array.from({ length: n }, (_, i) => reminderItem(i)),
    ...over,
  };
}

export function greetingItem(i: number, over: Partial<GreetingItem> = {}): GreetingItem {
  return {
    contactId: `ct${i}`,
    accountId: `C${i}`,
    contactName: `李${i}`,
    accountName: `客户${i} 科技有限公司`,
    tier: TIERS[i % 3]!,
    title: "采购总监",
    message: `李总，新春快乐！感谢一年来对我们的信任，祝新的一年事业兴旺。`,
    ...(i % 2 === 0 ? { groupChatId: `oc_${i}` } : {}),
    ...over,
  };
}

export function greetingInput(n: number, over: Partial<GreetingCardInput> = {}): GreetingCardInput {
  return {
    ownerName: "张三",
    occasion: { key: "spring-2026", label: "春节" },
    date: "2026-02-16",
    items: Array.from({ length: n }, (_, i) => greetingItem(i)),
    ...over,
  };
}

export function alertInput(over: Partial<LowScoreAlertInput> = {}): LowScoreAlertInput {
  return {
    alertId: "al1",
    accountId: "C1",
    accountName: "客户1 科技有限公司",
    tier: "A",
    health: 42,
    overall: 2,
    nps: 3,
    comment: "响应太慢，问题拖了两周",
    contactName: "王五",
    riskFlags: ["满意度低", "拜访逾期"],
    ownerName: "张三",
    date: "2026-11-20",
    ...over,
  };
}

export function escalationInput(n: number, over: Partial<EscalationCardInput> = {}): EscalationCardInput {
  return {
    leaderName: "赵六",
    managerName: "张三",
    date: "2026-11-24",
    items: Array.from({ length: n }, (_, i) => ({ ...reminderItem(i), daysOverdue: 20 + i })),
    ...over,
  };
}

export function digestData(accounts: number, managers: number, over: Partial<DigestData> = {}): DigestData {
  const tierOf = (i: number): Tier => (i < accounts * 0.1 ? "A" : i < accounts * 0.4 ? "B" : "C");
  const count = (tier: Tier) =>
    Array.from({ length: accounts }, (_, i) => tierOf(i)).filter((t) => t === tier).length;
  return {
    week: "2026-W48",
    tiers: { A: count("A"), B: count("B"), C: count("C") },
    tiersLastWeek: { A: count("A") - 2, B: count("B") + 1, C: count("C") + 1 },
    moves: Array.from({ length: Math.ceil(accounts / 20) }, (_, i) => ({
      accountId: `C${i}`,
      name: `客户${i} 科技有限公司`,
      from: TIERS[(i + 1) % 3]!,
      to: TIERS[i % 3]!,
      reason: "近 12 个月收入增长 35%",
    })),
    revenues: Array.from({ length: accounts }, (_, i) => Math.round(1_000_000 / (i + 1))),
    compliance: Array.from({ length: managers }, (_, i) => ({ manager: `经理${i}`, done: i % 9, due: 8 })),
    atRisk: Array.from({ length: Math.ceil(accounts / 25) }, (_, i) => ({
      accountId: `C${i}`,
      name: `客户${i} 科技有限公司`,
      tier: TIERS[i % 3]!,
      health: 20 + (i % 30),
      reason: "满意度下降，拜访逾期",
    })),
    satisfaction: Array.from({ length: 12 }, (_, i) => ({ period: `W${37 + i}`, nps: 20 + i, csat: 70 + i })),
    dataProblems: 7,
    views: [
      { label: "A 类客户", url: "https://example.feishu.cn/base/app1?table=tbl1&view=vew1" },
      { label: "风险客户", url: "https://example.feishu.cn/base/app1?table=tbl1&view=vew2" },
    ],
    ...over,
  };
}

/** One card of every kind, with `text` in every customer-controlled field. */
export function everyCard(text: string, size: "small" | "large" = "small"): [string, Card][] {
  const n = size === "small" ? 4 : 500;
  const reminder = reminderInput(n);
  reminder.items = reminder.items.map((i) => ({ ...i, name: text, nextStep: text }));
  reminder.items[1] = {
    ...reminder.items[1]!,
    outcome: { kind: "logged", by: text, at: "2026-11-24T10:02" },
  };
  const greeting = greetingInput(n);
  greeting.items = greeting.items.map((i) => ({
    ...i,
    contactName: text,
    accountName: text,
    title: text,
    message: text,
  }));
  greeting.items[1] = { ...greeting.items[1]!, outcome: { kind: "sent", by: text, at: "2026-02-16T09:00" } };
  const digest = digestData(size === "small" ? 40 : 2000, size === "small" ? 3 : 30);
  digest.moves = digest.moves.map((m) => ({ ...m, name: text, reason: text }));
  digest.atRisk = digest.atRisk.map((r) => ({ ...r, name: text, reason: text }));
  digest.compliance = digest.compliance.map((c) => ({ ...c, manager: text }));
  const escalation = escalationInput(n, { leaderName: text, managerName: text });
  escalation.items = escalation.items.map((i) => ({ ...i, name: text, nextStep: text }));
  return [
    ["reminder", buildReminderCard(reminder)],
    [
      "reminder+log form",
      buildReminderCard({ ...reminder, open: { recordId: reminder.items[0]!.recordId, mode: "log" } }),
    ],
    [
      "reminder+snooze form",
      buildReminderCard({ ...reminder, open: { recordId: reminder.items[0]!.recordId, mode: "snooze" } }),
    ],
    [
      "reminder+reassign form",
      buildReminderCard({
        ...reminder,
        reassignCandidates: ["ou_a", "ou_b"],
        open: { recordId: reminder.items[0]!.recordId, mode: "reassign" },
      }),
    ],
    [
      "visit form",
      buildVisitFormCard({
        accountId: "C1",
        recordId: "rec1",
        accountName: text,
        nextStep: text,
        date: "2026-11-24",
      }),
    ],
    ["escalation", buildEscalationCard(escalation)],
    ["greeting", buildGreetingCard(greeting)],
    ["greeting+edit", buildGreetingCard({ ...greeting, editing: greeting.items[0]!.contactId })],
    ["survey", buildSurveyCard({ surveyId: "sv1", accountId: "C1", contactId: "ct1", accountName: text })],
    ["survey thanks", buildSurveyThanksCard({ ownerName: text })],
    [
      "alert",
      buildLowScoreAlertCard(
        alertInput({ accountName: text, comment: text, contactName: text, riskFlags: [text] }),
      ),
    ],
    [
      "alert handled",
      buildLowScoreAlertCard(
        alertInput({ comment: text, outcome: { kind: "done", by: text, at: "2026-11-24T10:02" } }),
      ),
    ],
    ["digest", buildDigestCard(digest)],
    ["status", buildStatusCard({ ok: false, message: { zh_cn: text, en_us: text } })],
  ];
}
