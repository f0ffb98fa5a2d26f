import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestListAction } from "../../src/actions/digest-list.ts";
import type { CardActionContext } from "../../src/deps.ts";
import { COMPANY, digestJob, digestKeys } from "../../src/jobs/digest.ts";
import type { JobContext } from "../../src/jobs/job.ts";
import { createJobs } from "../../src/jobs/runner.ts";
import type { SentMessage } from "../../src/sandbox/state.ts";
import type { Services } from "../../src/services.ts";
import { RUN_AT, WEEK } from "./demo-digest-book.ts";
import { type DigestWorld, startDigestWorld } from "./digest-world.ts";

const run = (services: Services, over: Partial<JobContext> = {}) =>
  digestJob.run(services, { now: RUN_AT, dryRun: false, force: false, trigger: "cli", ...over });

describe("the digest job", () => {
  let world: DigestWorld;
  let services: Services;
  const users = () => [...world.sandbox.state.users.values()];
  const messages = (): SentMessage[] => [...world.sandbox.state.messages.values()];
  const cardText = (m: SentMessage) => m.content;

  beforeAll(async () => {
    world = await startDigestWorld({ accounts: 120 });
    services = world.services();
  }, 60_000);
  afterAll(async () => world.stop());

  it("plans without sending on a dry run", async () => {
    const summary = await run(services, { dryRun: true });
    expect(summary).toMatchObject({ week: WEEK.label, leaders: 4, planned: 5, sent: 0 });
    expect(messages()).toHaveLength(0);
  });

  it("sends one card to each leader for their teams and one to the company chat", async () => {
    const summary = await run(services);
    expect(summary).toMatchObject({ week: "2026-W48", leaders: 4, sent: 5, company: "sent", failed: [] });
    const head = users().find((u) => u.job_title === "大客户部总经理")!;
    const teamLeaders = users().filter((u) => u.job_title?.endsWith("大客户总监"));
    const toLeaders = messages().filter((m) => m.receiver_open_id);
    expect(toLeaders.map((m) => m.receiver_open_id).sort()).toEqual(
      [head, ...teamLeaders].map((u) => u.open_id).sort(),
    );
    expect(messages().filter((m) => m.chat_id === world.chatId)).toHaveLength(1);

    const managersOnCard = (openId: string) => {
      const card = JSON.parse(toLeaders.find((m) => m.receiver_open_id === openId)!.content);
      const bars = card.body.elements.find(
        (e: { tag: string; chart_spec?: { type: string } }) => e.chart_spec?.type === "bar",
      );
      return (bars.chart_spec.data.values as { manager: string }[]).map((v) => v.manager).sort();
    };
    for (const leader of teamLeaders) {
      const team = users().filter((u) => u.leader_user_id === leader.open_id);
      expect(managersOnCard(leader.open_id)).toEqual(team.map((u) => u.name).sort());
    }
    // The head leads the team leaders, so their card covers every manager below them.
    expect(managersOnCard(head.open_id)).toHaveLength(20);
    for (const m of messages()) {
      expect(cardText(m)).toContain("2026-W48");
      // In sandbox mode the table buttons open the sandbox console's tables.
      expect(cardText(m)).toContain(`${world.sandbox.url}/console/tables/${world.appToken}/`);
    }
  });

  it("keys every send by recipient and week", async () => {
    const keys = (await services.ledger.sendsFor("digest:")).map((s) => s.key).sort();
    expect(keys).toContain(`digest:${COMPANY}:2026-W48`);
    expect(keys.filter((k) => /^digest:ou_\w+:2026-W48$/.test(k))).toHaveLength(4);
  });

  it("sends nothing when run again in the same week, even forced", async () => {
    const before = messages().length;
    const summary = await run(services, { force: true, now: RUN_AT + 26 * 3_600_000 });
    expect(summary).toMatchObject({ sent: 0, alreadySent: 5 });
    const jobs = createJobs([digestJob], services);
    await jobs.run("digest", { trigger: "admin", force: true, now: RUN_AT + 3_600_000 });
    expect(messages()).toHaveLength(before);
  });

  it("compares next week's distribution with the one it kept for this week", async () => {
    const kept = await services.ledger.get<Record<string, number>>(digestKeys.tiers(COMPANY, "2026-W48"));
    expect(kept).toBeDefined();
    const summary = await run(services, { now: RUN_AT + 7 * 86_400_000 });
    expect(summary).toMatchObject({ week: "2026-W49", sent: 5 });
    const next = messages().find((m) => m.chat_id === world.chatId && m.content.includes("2026-W49"))!;
    const pie = JSON.parse(next.content).body.elements.find(
      (e: { chart_spec?: { type: string } }) => e.chart_spec?.type === "pie",
    );
    const now = Object.fromEntries(
      (pie.chart_spec.data.values as { tier: string; count: number }[]).map((v) => [v.tier, v.count]),
    );
    const delta = (t: string) => {
      const d = now[t]! - kept![t]!;
      return d > 0 ? `+${d}` : String(d);
    };
    expect(next.content).toContain(`**A** ${now.A}（${delta("A")}）`);
  });

  it("answers 完整列表 with the full lists in the reader's chat, once", async () => {
    const head = users().find((u) => u.job_title === "大客户部总经理")!;
    const digest = messages().find(
      (m) => m.receiver_open_id === head.open_id && m.content.includes("2026-W48"),
    )!;
    const click = digestListAction(services);
    const ctx = {
      name: "digest.list",
      value: { action: "digest.list", week: "2026-W48", k: "digest.list:2026-W48" },
      event: {
        operator: { open_id: head.open_id },
        token: "t",
        action: {},
        context: { open_message_id: digest.message_id, open_chat_id: digest.chat_id },
      },
    } as unknown as CardActionContext;
    const before = messages().length;
    const answer = await click(ctx);
    expect(answer.toast?.type).toBe("success");
    await services.background.drain();
    const pages = messages().slice(before);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((p) => p.receiver_open_id === head.open_id)).toBe(true);
    const all = pages.map((p) => p.content).join("\n");
    const lists = await services.ledger.get<{ atRisk: { name: string }[] }>(
      digestKeys.lists(head.open_id, "2026-W48"),
    );
    expect(lists!.atRisk.length).toBeGreaterThan(0);
    for (const r of lists!.atRisk) expect(all).toContain(r.name.slice(0, 4));
    expect(all).toContain("完整列表 · 2026-W48");

    await click(ctx);
    await services.background.drain();
    expect(messages()).toHaveLength(before + pages.length);
  });
});
