import { beforeAll, describe, expect, it } from "vitest";
import { buildLowScoreAlertCard } from "../../src/cards/alert.ts";
import { byteLength, CARD_LIMITS, countComponents } from "../../src/cards/budget.ts";
import { buildDigestCard } from "../../src/cards/digest.ts";
import { buildEscalationCard, type EscalationItem } from "../../src/cards/escalation.ts";
import { buildGreetingCard, type GreetingItem } from "../../src/cards/greeting.ts";
import { buildReminderCard, type ReminderItem } from "../../src/cards/reminder.ts";
import { buildStatusCard } from "../../src/cards/status.ts";
import { buildSurveyCard, buildSurveyThanksCard } from "../../src/cards/survey.ts";
import type { Card, Locale } from "../../src/cards/types.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { buildVisitFormCard } from "../../src/cards/visit-form.ts";
import { digestReport } from "../../src/digest/digest-data.ts";
import { leaderTeams } from "../../src/digest/leaders.ts";
import { buildDigestListCards, digestLists } from "../../src/digest/list-card.ts";
import { demoOrg } from "../../src/sandbox/demo-org.ts";
import { type DemoDigest, demoDigest, TODAY, WEEK } from "../digest/demo-digest-book.ts";

/**
 * Every card the product builds, from a 2,000-account demo book run through the engine: reminders for every
 * manager (and with each form open), escalations per leader and manager, a busy greeting day (春节, every
 * contact), surveys, alerts for every low score, the digest per leader and for the company with its full
 * lists. Each must pass the card rules: ≤ 200 components, ≤ 30 KB, unique form names, required fields.
 */

type Built = [label: string, card: Card];

function everyCard(demo: DemoDigest): Built[] {
  const org = demoOrg(42, { managers: 20, teams: 3 });
  const person = new Map(org.users.map((u) => [u.open_id, u]));
  const accounts = demo.rows.accounts;
  const nextStep = new Map(demo.rows.visits.map((v) => [v.accountCode, v.nextStep]));
  const out: Built[] = [];

  const byOwner = new Map<string, ReminderItem[]>();
  for (const a of accounts) {
    const r = demo.results.get(a.code)!;
    if (!a.owner || r.visitState === "ok") continue;
    const item: ReminderItem = {
      accountId: a.code,
      recordId: `rec${a.code}`,
      name: a.name,
      tier: r.tier,
      ...(r.lastVisit ? { lastVisit: r.lastVisit } : {}),
      daysOverdue: r.daysOverdue,
      state: r.visitState,
      ...(nextStep.get(a.code) ? { nextStep: nextStep.get(a.code) } : {}),
    };
    byOwner.set(a.owner, [...(byOwner.get(a.owner) ?? []), item]);
  }
  for (const [owner, items] of byOwner) {
    const reminder = { managerName: person.get(owner)!.name, date: TODAY, items };
    out.push([`reminder ${owner}`, buildReminderCard(reminder)]);
    const first = items.find((i) => i.state !== "upcoming")!;
    for (const mode of ["log", "snooze", "reassign"] as const) {
      const open = { recordId: first.recordId, mode };
      const candidates = org.users.slice(0, 20).map((u) => u.open_id);
      out.push([
        `reminder ${owner} ${mode}`,
        buildReminderCard({ ...reminder, open, reassignCandidates: candidates }),
      ]);
    }
  }

  const owners = accounts.flatMap((a) => (a.owner ? [a.owner] : []));
  const teams = leaderTeams(owners, (id) => person.get(id)?.leader_user_id);
  for (const [leader, members] of teams) {
    for (const manager of members) {
      const items: EscalationItem[] = (byOwner.get(manager) ?? []).filter((i) => i.state === "escalate");
      if (items.length === 0) continue;
      for (const locale of ["zh_cn", "en_us"] as Locale[]) {
        const input = { leaderName: person.get(leader)!.name, managerName: person.get(manager)!.name };
        out.push([
          `escalation ${leader} ${manager} ${locale}`,
          buildEscalationCard({ ...input, date: TODAY, items, locale }),
        ]);
      }
    }
  }

  const ownerOf = new Map(accounts.map((a) => [a.code, a.owner]));
  const greetings = new Map<string, GreetingItem[]>();
  demo.rows.contacts.forEach((c, i) => {
    const owner = ownerOf.get(c.accountCode);
    if (!owner) return;
    const item: GreetingItem = {
      contactId: `ct${i}`,
      accountId: c.accountCode,
      contactName: c.name,
      accountName: accounts.find((a) => a.code === c.accountCode)!.name,
      tier: demo.results.get(c.accountCode)!.tier,
      title: c.title,
      message: `${c.name.slice(0, 1)}总，新春快乐！感谢一年来对我们的信任与支持，祝您和家人阖家幸福、万事如意。`,
      ...(i % 2 === 0 ? { groupChatId: `oc_${c.accountCode}` } : {}),
    };
    greetings.set(owner, [...(greetings.get(owner) ?? []), item]);
  });
  for (const [owner, items] of greetings) {
    const input = { ownerName: person.get(owner)!.name, occasion: { key: "spring-2027", label: "春节" } };
    const greeting = { ...input, date: "2027-02-06", items };
    out.push([`greeting ${owner} (${items.length})`, buildGreetingCard(greeting)]);
    out.push([`greeting ${owner} editing`, buildGreetingCard({ ...greeting, editing: items[0]!.contactId })]);
  }

  const longest = [...accounts].sort((a, b) => b.name.length - a.name.length).slice(0, 20);
  for (const a of longest) {
    const ref = { accountId: a.code, recordId: `rec${a.code}`, accountName: a.name, date: TODAY };
    out.push([
      `survey ${a.code}`,
      buildSurveyCard({ surveyId: `sv${a.code}`, accountId: a.code, accountName: a.name }),
    ]);
    out.push([`visit form ${a.code}`, buildVisitFormCard({ ...ref, nextStep: nextStep.get(a.code) ?? "" })]);
  }
  for (const owner of greetings.keys()) {
    out.push([`survey thanks ${owner}`, buildSurveyThanksCard({ ownerName: person.get(owner)!.name })]);
  }
  for (const s of demo.rows.surveys.filter((x) => x.overall <= 2)) {
    const r = demo.results.get(s.accountCode)!;
    out.push([
      `alert ${s.answerId}`,
      buildLowScoreAlertCard({
        alertId: s.answerId,
        accountId: s.accountCode,
        accountName: accounts.find((a) => a.code === s.accountCode)!.name,
        tier: r.tier,
        health: 100 - r.risk,
        overall: s.overall,
        nps: s.nps,
        ...(s.comment ? { comment: s.comment } : {}),
        contactName: s.contact,
        riskFlags: r.flags.map((f) => f.text),
        ownerName: person.get(ownerOf.get(s.accountCode) ?? "")?.name ?? "—",
        date: s.date,
      }),
    ]);
  }

  const names = Object.fromEntries(org.users.map((u) => [u.open_id, u.name]));
  const scopes = [
    ...[...teams].map(([openId, managerIds]) => ({ scope: openId, leader: { openId, managerIds } })),
    { scope: "company", leader: undefined },
  ];
  for (const { scope, leader } of scopes) {
    for (const locale of ["zh_cn", "en_us"] as Locale[]) {
      const report = digestReport(demo.book, { week: WEEK, names, locale, ...(leader ? { leader } : {}) });
      out.push([`digest ${scope} ${locale}`, buildDigestCard(report.data)]);
      if (locale === "en_us") continue;
      buildDigestListCards(digestLists(report, scope, names[scope] ?? "全公司")).forEach((c, i) => {
        out.push([`digest list ${scope} p${i + 1}`, c]);
      });
    }
  }
  out.push(["status ok", buildStatusCard({ ok: true, message: { zh_cn: "已记录", en_us: "Logged" } })]);
  out.push(["status error", buildStatusCard({ ok: false, message: { zh_cn: "失败", en_us: "Failed" } })]);
  return out;
}

describe("every card for a 2,000-account book", () => {
  let cards: Built[];
  beforeAll(() => {
    cards = everyCard(demoDigest({ accounts: 2000 }));
  }, 60_000);

  it("builds every kind of card, at scale", () => {
    const kinds = new Set(cards.map(([label]) => label.split(" ")[0]));
    expect([...kinds].sort()).toEqual(
      ["alert", "digest", "escalation", "greeting", "reminder", "status", "survey", "visit"].sort(),
    );
    expect(cards.filter(([l]) => l.startsWith("reminder ")).length).toBeGreaterThanOrEqual(20 * 4);
    expect(cards.filter(([l]) => /^digest ou_\S+ zh_cn$/.test(l))).toHaveLength(4);
    expect(cards.some(([l]) => /^greeting \S+ \((\d{3,})\)$/.test(l))).toBe(true);
    expect(cards.filter(([l]) => l.startsWith("digest list company")).length).toBeGreaterThan(1);
  });

  it("keeps every card within the card rules", () => {
    const broken = cards
      .map(([label, card]) => [label, validateCard(card)] as const)
      .filter(([, problems]) => problems.length > 0);
    expect(broken).toEqual([]);
  });

  it("keeps every card under 200 components and 30 KB", () => {
    const over = cards.filter(
      ([, c]) => countComponents(c) > CARD_LIMITS.components || byteLength(c) > CARD_LIMITS.bytes,
    );
    expect(over.map(([label]) => label)).toEqual([]);
  });
});
