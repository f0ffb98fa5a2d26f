import { createBackgroundQueue } from "../../src/background.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { decodeRecord, encodeFields } from "../../src/feishu/codecs.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { type BoundBase, bindBase } from "../../src/ops/base.ts";
import { provision } from "../../src/ops/provision.ts";
import { seedBase } from "../../src/ops/seed.ts";
import { appOperator, readRecords, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { createGroupChat } from "../../src/sandbox/im/chats.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { createServices, type Services } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { startWorld, type World } from "../support/world.ts";
import { type DemoDigest, demoDigest, RUN_AT, VISIT_STATE_NAMES } from "./demo-digest-book.ts";

export type DigestWorld = World & {
  demo: DemoDigest;
  base: BoundBase;
  /** The company group chat named in 设置 digest.chatId. */
  chatId: string;
  rows(key: string): { record_id: string; fields: Record<string, unknown> }[];
  services(): Services;
};

/**
 * A sandbox holding the demo org and a seeded demo book whose computed cells and 等级变更 rows are filled
 * in as the sync job would leave them (written through the sandbox's programmatic API, like a person would).
 */
export async function startDigestWorld(opts: { accounts: number }): Promise<DigestWorld> {
  const world = await startWorld();
  const { state } = world.sandbox;
  seedOrg(state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
  state.clock.set(RUN_AT);
  const template = loadTemplate();
  await provision(world.gw, template);
  const base = await bindBase(world.gw, template);
  const demo = demoDigest({ accounts: opts.accounts });
  await seedBase(base, demo.rows, { seed: 11 });

  const people = appOperator("people");
  const write = (key: string, records: { record_id?: string; fields: Record<string, unknown> }[]) =>
    writeRecords(state, world.appToken, base.table(key).id, records, people);
  const fieldsOf = (key: string, values: Record<string, unknown>) =>
    encodeFields(base.table(key).template.fields, values);

  const accountRows = readRecords(state, world.appToken, base.table("accounts").id);
  const codeOf = (r: { fields: Record<string, unknown> }) =>
    decodeRecord(base.table("accounts").template.fields, r.fields).values.code as string;
  const recordOf = new Map(accountRows.map((r) => [codeOf(r), r.record_id]));
  write(
    "accounts",
    accountRows.map((r) => {
      const result = demo.results.get(codeOf(r))!;
      return {
        record_id: r.record_id,
        fields: fieldsOf("accounts", {
          tier: result.tier,
          windowSpend: result.spend,
          lastVisit: result.lastVisit,
          nextVisitDue: result.nextVisitDue,
          visitState: VISIT_STATE_NAMES[result.visitState],
          risk: result.risk,
          riskFlags: result.flags.map((f) => f.text).join("；") || undefined,
          dataProblems: result.problems.map((p) => p.message).join("\n") || undefined,
        }),
      };
    }),
  );
  write(
    "tierHistory",
    demo.tierChanges.map((c, i) => ({
      fields: fieldsOf("tierHistory", {
        changeId: `TC${String(i + 1).padStart(5, "0")}`,
        account: [recordOf.get(c.accountCode)!],
        accountCode: c.accountCode,
        from: c.from ?? "无",
        to: c.to,
        reason: c.reason,
        date: c.date,
      }),
    })),
  );
  const leaders = [...state.users.values()].filter((u) => u.job_title?.includes("总")).map((u) => u.open_id);
  const chat = createGroupChat(state, { name: "大客户部", members: leaders, external: false });
  write("policy", [
    { fields: fieldsOf("policy", { key: "digest.chatId", value: chat.chat_id, description: "周报群" }) },
  ]);

  const config: Config = loadConfig({
    FEISHU_DOMAIN: "sandbox",
    SANDBOX_PORT: new URL(world.sandbox.url).port,
    FEISHU_APP_ID: world.appId,
    FEISHU_APP_SECRET: world.appSecret,
    BITABLE_APP_TOKEN: world.appToken,
    TZ: "Asia/Shanghai",
  });
  return {
    ...world,
    demo,
    base,
    chatId: chat.chat_id,
    rows: (key) => readRecords(state, world.appToken, base.table(key).id),
    services: () =>
      createServices({
        config,
        logger: silentLogger,
        ledger: openSqliteLedger(":memory:"),
        clock: { now: () => state.clock.now() },
        client: world.client,
        metrics: createMetrics(),
        background: createBackgroundQueue(silentLogger),
      }),
  };
}
