/**
 * Care benchmark.
 *
 *   npx tsx bench/care.ts            (npm run bench:care)
 *
 * 1. Planning: a book of 20,000 contacts (≈7,000 accounts, 20 owners, 30 % 农历 birthdays); the time to plan
 *    one day's greetings and surveys (pure functions, after a warm-up; median of 5). Target ≤ 200 ms.
 * 2. Sending: the surveys job against the sandbox with Feishu's rate limits on (50/s and 1,000/min per app,
 *    5/s per user and per group): sends per second achieved vs the 50/s ceiling. Target ≥ 90 %.
 */
import { createBackgroundQueue } from "../src/background.ts";
import { loadConfig } from "../src/config.ts";
import type { CareAccount, CareContact } from "../src/domain/care-book.ts";
import { DEFAULT_CARE_POLICY } from "../src/domain/care-policy.ts";
import { isoFromParts } from "../src/domain/dates.ts";
import { planGreetings } from "../src/domain/greeting-plan.ts";
import { planSurveys, type SurveyHistory } from "../src/domain/survey-plan.ts";
import { createFeishuClient } from "../src/feishu/client.ts";
import { loadTemplate } from "../src/feishu/template.ts";
import { readCareBook } from "../src/jobs/read-care-book.ts";
import { sendSurveys, surveyHistory } from "../src/jobs/surveys.ts";
import { silentLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { bindBase } from "../src/ops/base.ts";
import { demoManagers } from "../src/ops/demo-managers.ts";
import { provision } from "../src/ops/provision.ts";
import { appOperator, createBase, writeRecords } from "../src/sandbox/bitable/store.ts";
import { createGroupChat } from "../src/sandbox/im/chats.ts";
import { seedOrg } from "../src/sandbox/org.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { createServices } from "../src/services.ts";
import { openSqliteLedger } from "../src/store/sqlite.ts";

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20_000);
const SEND_ACCOUNTS = Number(process.env.BENCH_SEND_ACCOUNTS ?? 300);
const CEILING = 50;

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ≈2.9 contacts per account; tiers 5 % A, 15 % B, 80 % C; half the accounts in a customer group. */
function syntheticCareBook(contacts: number) {
  const r = random(42);
  const owners = Array.from({ length: 20 }, (_, i) => `ou_owner_${i}`);
  const accounts: CareAccount[] = [];
  const people: CareContact[] = [];
  for (let i = 0; people.length < contacts; i++) {
    const p = r();
    const a: CareAccount = {
      recordId: `recA${i}`,
      code: `K${i}`,
      name: `客户${i}有限公司`,
      ownerId: owners[i % owners.length]!,
      tier: p < 0.05 ? "A" : p < 0.2 ? "B" : "C",
      since: isoFromParts(2010 + Math.floor(r() * 16), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28)),
    };
    if (r() < 0.5) a.chatId = `oc_${i}`;
    accounts.push(a);
    const n = 2 + Math.floor(r() * 3);
    for (let k = 0; k < n && people.length < contacts; k++) {
      people.push({
        recordId: `recC${people.length}`,
        name: `联系人${people.length}`,
        accountRecordId: a.recordId,
        title: k === 0 ? "采购总监" : "工程师",
        birthday: isoFromParts(
          1960 + Math.floor(r() * 40),
          1 + Math.floor(r() * 12),
          1 + Math.floor(r() * 28),
        ),
        birthdayCalendar: r() < 0.3 ? "农历" : "公历",
        decisionMaker: k === 0,
      });
    }
  }
  return { accounts, contacts: people };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function planning() {
  const book = syntheticCareBook(CONTACTS);
  // 2026-09-22: A accounts hear about 中秋 (09-25); the busiest kind of day. Surveys: Q3's first days.
  const today = "2026-09-22";
  const history: SurveyHistory = { sent: new Set(), lastSurveyed: new Map() };
  const plan = () => {
    const g = planGreetings({ ...book, policy: DEFAULT_CARE_POLICY, today });
    const s = planSurveys({ ...book, history, policy: DEFAULT_CARE_POLICY, today });
    return { g, s };
  };
  plan();
  const times: number[] = [];
  let last = plan();
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    last = plan();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const greeted = last.g.cards.reduce((n, c) => n + c.items.length, 0);
  console.log(`plan    ${book.contacts.length} contacts, ${book.accounts.length} accounts, day ${today}`);
  console.log(
    `        greetings: ${last.g.cards.length} cards, ${greeted} contacts; surveys: ${last.s.items.length} sends`,
  );
  console.log(`        median ${ms.toFixed(1)} ms over 5 runs (target ≤ 200 ms) ${ms <= 200 ? "✓" : "✗"}`);
}

async function sending() {
  const app = { appId: "cli_bench_care", appSecret: "bench-secret" };
  const sandbox = await startSandbox({ port: 0, rateLimits: true, apps: [app] });
  try {
    seedOrg(sandbox.state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
    const { app_token } = createBase(sandbox.state, { name: "bench care" });
    const config = loadConfig({
      FEISHU_DOMAIN: sandbox.url,
      FEISHU_APP_ID: app.appId,
      FEISHU_APP_SECRET: app.appSecret,
      BITABLE_APP_TOKEN: app_token,
      FEISHU_VERIFICATION_TOKEN: "bench",
      KAM_DB_PATH: ":memory:",
    });
    const client = createFeishuClient({ domain: sandbox.url, ...app, logger: silentLogger });
    const gw = client.bitable(app_token);
    await provision(gw, loadTemplate());
    const base = await bindBase(gw, loadTemplate());
    const owners = demoManagers(42).map((m) => m.open_id);
    const people = appOperator("people");
    const rows = Array.from({ length: SEND_ACCOUNTS }, (_, i) => ({
      fields: {
        客户编号: `K${i}`,
        客户名称: `客户${i}有限公司`,
        负责人: [{ id: owners[i % owners.length]! }],
        等级: "A",
        // Half in a customer group (one card each), half to the owner (a forwarding note and the card).
        ...(i % 2 === 0
          ? {
              客户群ID: createGroupChat(sandbox.state, { name: `群${i}`, members: [], external: true })
                .chat_id,
            }
          : {}),
      },
    }));
    const written = writeRecords(sandbox.state, app_token, base.table("accounts").id, rows, people);
    writeRecords(
      sandbox.state,
      app_token,
      base.table("contacts").id,
      written.records.map((rec, i) => ({
        fields: { 姓名: `联系人${i}`, 客户: [rec.record_id], 决策人: true },
      })),
      people,
    );
    const services = createServices({
      config,
      logger: silentLogger,
      ledger: openSqliteLedger(":memory:"),
      clock: { now: () => Date.parse("2026-06-22T10:00:00+08:00") },
      client,
      metrics: createMetrics(),
      background: createBackgroundQueue(silentLogger),
    });
    const book = await readCareBook(services);
    const history = await surveyHistory(services, "2026-06-22", book.policy.survey.minGapDays);
    const plan = planSurveys({ ...book, history, policy: book.policy, today: "2026-06-22" });
    const before = sandbox.state.messages.size;
    const t0 = performance.now();
    const result = await sendSurveys(services, plan.items);
    const seconds = (performance.now() - t0) / 1000;
    const sends = sandbox.state.messages.size - before;
    const rate = sends / seconds;
    const limited = sandbox.state.callLog.filter((c) => c.api === "im.message.create" && c.code !== 0).length;
    console.log(
      `send    ${plan.items.length} surveys (${result.sent} cards, ${sends} messages) in ${seconds.toFixed(1)} s, ${result.failed} failed`,
    );
    console.log(
      `        ${rate.toFixed(1)} sends/s = ${((rate / CEILING) * 100).toFixed(0)} % of the documented ${CEILING}/s (target ≥ 90 %) ${rate >= CEILING * 0.9 ? "✓" : "✗"}; ${limited} answers refused by the sandbox's limits`,
    );
  } finally {
    await sandbox.stop();
  }
}

planning();
await sending();
