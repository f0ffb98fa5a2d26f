import type { LowScoreAlertInput } from "./alert.ts";
import type { DigestData } from "./digest.ts";
import type { EscalationCardInput } from "./escalation.ts";
import type { GreetingCardInput } from "./greeting.ts";
import type { HandoverCardInput } from "./handover.ts";
import type { ReminderCardInput } from "./reminder.ts";
import type { SurveyCardInput, SurveyThanksInput } from "./survey.ts";
import type { L10n, Tier, VisitState } from "./types.ts";
import type { VisitFormInput } from "./visit-form.ts";

/**
 * Believable inputs for every card, for `kam preview` and for people designing templates: a Monday in
 * late November, a Shanghai key-account team, the kinds of names and notes a real book holds.
 */

const COMPANIES = [
  "恒瑞精密制造有限公司",
  "华信医药集团",
  "远航物流（上海）有限公司",
  "中科能源科技股份有限公司",
  "蓝海零售连锁",
  "智联云计算有限公司",
  "东方教育科技",
  "宏达汽车零部件有限公司",
  "金桥金融服务有限公司",
  "绿源食品股份有限公司",
  "星辰半导体有限公司",
  "百川化工集团",
];
const NEXT_STEPS = ["一周内发送报价单", "安排技术工程师上门", "提交年度框架协议草案", "跟进样品测试结果"];
const TIERS: Tier[] = ["A", "B", "C"];
const company = (i: number) => COMPANIES[i % COMPANIES.length]!;
const code = (i: number) => `C${String(1001 + i).padStart(4, "0")}`;

export function sampleReminder(): ReminderCardInput {
  const states: VisitState[] = ["escalate", "overdue", "overdue", "due", "due", "due", "upcoming"];
  return {
    managerName: "王芳",
    date: "2026-11-23",
    items: states.map((state, i) => ({
      accountId: code(i),
      recordId: `recSample${i}`,
      name: company(i),
      tier: TIERS[i % 3]!,
      lastVisit: `2026-${i < 3 ? "09" : "10"}-${String(10 + i).padStart(2, "0")}`,
      daysOverdue: state === "escalate" ? 16 : state === "overdue" ? 5 + i : 0,
      state,
      nextStep: NEXT_STEPS[i % NEXT_STEPS.length]!,
    })),
    listUrl: "https://example.feishu.cn/base/bascnSample?table=tblAccounts",
  };
}

export function sampleEscalation(): EscalationCardInput {
  return {
    leaderName: "陈静",
    managerName: "王芳",
    date: "2026-11-23",
    items: [0, 1, 2].map((i) => ({
      accountId: code(i),
      recordId: `recSample${i}`,
      name: company(i),
      tier: TIERS[i]!,
      lastVisit: "2026-09-15",
      daysOverdue: 15 + i * 4,
      nextStep: NEXT_STEPS[i]!,
    })),
    listUrl: "https://example.feishu.cn/base/bascnSample?table=tblAccounts",
  };
}

export function sampleGreeting(): GreetingCardInput {
  const people = ["李明", "张婷", "刘洋", "赵雪"];
  return {
    ownerName: "王芳",
    occasion: { key: "winter-solstice-2026", label: "冬至" },
    date: "2026-12-21",
    items: people.map((name, i) => ({
      contactId: `ctSample${i}`,
      accountId: code(i),
      contactName: name,
      accountName: company(i),
      tier: TIERS[i % 3]!,
      title: ["采购总监", "总经理", "供应链经理", "财务总监"][i]!,
      message: `${name.slice(0, 1)}总，冬至快乐！天冷了注意保暖，感谢一直以来的支持与信任。`,
      ...(i % 2 === 0 ? { groupChatId: `oc_sample${i}` } : {}),
    })),
  };
}

export function sampleSurvey(): SurveyCardInput {
  return { surveyId: "svSample1", accountId: code(1), contactId: "ctSample1", accountName: company(1) };
}

export function sampleSurveyThanks(): SurveyThanksInput {
  return { ownerName: "王芳" };
}

export function sampleAlert(): LowScoreAlertInput {
  return {
    alertId: "alSample1",
    accountId: code(3),
    accountName: company(3),
    tier: "A",
    health: 35,
    overall: 2,
    nps: 4,
    comment: "最近两次交货都延期了，问题反馈后一周才有人回复。",
    contactName: "孙伟",
    riskFlags: ["最近一次满意度 2/5", "近90天采购额下降 38%"],
    ownerName: "王芳",
    date: "2026-11-20",
  };
}

export function sampleVisitForm(): VisitFormInput {
  return {
    accountId: code(0),
    recordId: "recSample0",
    accountName: company(0),
    tier: "A",
    date: "2026-11-23",
    defaultType: "onsite",
    nextStep: NEXT_STEPS[0]!,
  };
}

export function sampleStatus(): { ok: boolean; message: L10n } {
  return { ok: true, message: { zh_cn: "已记录拜访，谢谢！", en_us: "Visit logged, thank you!" } };
}

/** A 300-account book's week: a Pareto-shaped spend, a few moves, two teams' worth of managers. */
export function sampleDigest(): DigestData {
  const managers = ["王芳", "李强", "张敏", "刘磊", "陈杰", "杨洋", "黄丽", "赵军"];
  return {
    week: "2026-W47",
    tiers: { A: 15, B: 45, C: 240 },
    tiersLastWeek: { A: 14, B: 47, C: 239 },
    moves: [
      { accountId: code(4), name: company(4), from: "B", to: "A", reason: "近12月采购额升至前 5%" },
      {
        accountId: code(5),
        name: company(5),
        from: "C",
        to: "B",
        reason: "新签年度框架协议，采购额增长 64%",
      },
      { accountId: code(6), name: company(6), from: "B", to: "C", reason: "连续 2 期低于 B 档" },
      { accountId: code(7), name: company(7), from: "A", to: "B", reason: "近90天采购额下降 41%" },
    ],
    revenues: Array.from({ length: 300 }, (_, i) => Math.round(4_800_000 / (1 + i) ** 0.9)),
    compliance: managers.map((manager, i) => ({
      manager,
      done: Math.min(3 + (i % 4), 5 + (i % 3)),
      due: 5 + (i % 3),
    })),
    atRisk: [8, 9, 10, 11, 3].map((i, n) => ({
      accountId: code(i),
      name: company(i),
      tier: TIERS[n % 3]!,
      health: 30 + n * 7,
      reason: ["拜访已逾期 21 天，需升级；最近一次满意度 2/5", "已 96 天未下单（通常约 30 天一单）"][n % 2]!,
    })),
    satisfaction: ["06", "07", "08", "09", "10", "11"].map((m, i) => ({
      period: `2026-${m}`,
      nps: [18, 22, 15, 27, 31, 29][i]!,
      csat: [74, 77, 71, 80, 83, 82][i]!,
    })),
    dataProblems: 6,
    views: [
      { label: "客户", url: "https://example.feishu.cn/base/bascnSample?table=tblAccounts" },
      { label: "拜访记录", url: "https://example.feishu.cn/base/bascnSample?table=tblVisits" },
    ],
  };
}

export function sampleHandover(): HandoverCardInput {
  return {
    toName: "李娜",
    fromName: "张伟",
    account: { code: "KA-0042", name: "恒瑞精密制造有限公司", tier: "A", nextVisitDue: "2026-11-27" },
    reason: "客户华东区业务调整，改由李娜跟进 <at id=all></at>",
    at: "2026-11-25T10:12",
  };
}
