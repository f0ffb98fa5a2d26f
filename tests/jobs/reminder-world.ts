import { createBackgroundQueue } from "../../src/background.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { startOfDayIn } from "../../src/feishu/zoned-dates.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { bindBase } from "../../src/ops/base.ts";
import { demoManagers, type Manager } from "../../src/ops/demo-managers.ts";
import { provision } from "../../src/ops/provision.ts";
import { appOperator, readRecords, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { createServices, type Services } from "../../src/services.ts";
import type { Ledger } from "../../src/store/ledger.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { startWorld, type World } from "../support/world.ts";

export const ENCRYPT_KEY = "reminder-world-encrypt-key";
export const VERIFICATION_TOKEN = "reminder-world-verification-token";

/** One account row as a test writes it into 客户 (the fields the sync job would have computed). */
export type AccountSpec = {
  code: string;
  name?: string;
  owner?: string;
  tier?: "A" | "B" | "C";
  lastVisit?: string;
  nextVisitDue?: string;
  visitState?: "正常" | "即将到期" | "到期" | "逾期" | "升级";
};

export type ReminderWorld = World & {
  /** The demo org's 20 account managers (team = index % 3) and their leaders. */
  managers: Manager[];
  tableId(key: string): string;
  /** Writes accounts as a person editing the base would; returns record ids by code. */
  addAccounts(specs: AccountSpec[]): Map<string, string>;
  /** Rows of a table by template key, fields by Chinese name. */
  rows(key: string): { record_id: string; fields: Record<string, unknown> }[];
  setClock(iso: string): void;
  now(): number;
};

/** A sandbox with the demo org and a provisioned (empty) base, the clock at `at`. */
export async function startReminderWorld(opts: { at: string; rateLimits?: boolean }): Promise<ReminderWorld> {
  const world = await startWorld({ rateLimits: opts.rateLimits ?? false });
  const { state } = world.sandbox;
  seedOrg(state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
  state.clock.set(Date.parse(opts.at));
  const template = loadTemplate();
  await provision(world.gw, template);
  const base = await bindBase(world.gw, template);
  const tableId = (key: string) => base.table(key).id;
  const operator = appOperator("people");
  return {
    ...world,
    managers: demoManagers(42),
    tableId,
    addAccounts(specs) {
      const written = writeRecords(
        state,
        world.appToken,
        tableId("accounts"),
        specs.map((s) => ({ fields: accountFields(s) })),
        operator,
      );
      return new Map(written.records.map((r, i) => [specs[i]!.code, r.record_id]));
    },
    rows: (key) => readRecords(state, world.appToken, tableId(key), { shape: "legacy" }),
    setClock: (iso) => state.clock.set(Date.parse(iso)),
    now: () => state.clock.now(),
  };
}

function accountFields(s: AccountSpec): Record<string, unknown> {
  const day = (iso?: string) => (iso ? startOfDayIn(iso) : undefined);
  const fields: Record<string, unknown> = {
    客户编号: s.code,
    客户名称: s.name ?? `${s.code} 测试客户有限公司`,
    等级: s.tier ?? "B",
    负责人: s.owner ? [{ id: s.owner }] : undefined,
    上次拜访: day(s.lastVisit),
    下次拜访: day(s.nextVisitDue),
    拜访状态: s.visitState,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function serviceConfig(world: World, opts: { dbPath?: string; adminIds?: string[] } = {}): Config {
  return loadConfig({
    FEISHU_DOMAIN: world.sandbox.url,
    FEISHU_APP_ID: world.appId,
    FEISHU_APP_SECRET: world.appSecret,
    BITABLE_APP_TOKEN: world.appToken,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    KAM_DB_PATH: opts.dbPath ?? ":memory:",
    KAM_ADMIN_IDS: (opts.adminIds ?? []).join(","),
    TZ: "Asia/Shanghai",
  });
}

/** Jobs' services over the world's client, on the sandbox's clock. */
export function jobServices(world: ReminderWorld, opts: { ledger?: Ledger; config?: Config } = {}): Services {
  const config = opts.config ?? serviceConfig(world);
  return createServices({
    config,
    logger: silentLogger,
    ledger: opts.ledger ?? openSqliteLedger(":memory:"),
    clock: { now: () => world.now() },
    client: world.client,
    metrics: createMetrics(),
    background: createBackgroundQueue(silentLogger),
  });
}

export type SentCard = { messageId: string; uuid?: string; card: Record<string, unknown>; text: string };

/** Interactive messages the bot sent to one person, oldest first, with the card's JSON as text for matching. */
export function cardsTo(world: World, openId: string): SentCard[] {
  return [...world.sandbox.state.messages.values()]
    .filter((m) => m.receiver_open_id === openId && m.msg_type === "interactive" && !m.deleted)
    .sort((a, b) => a.create_time - b.create_time)
    .map((m) => ({
      messageId: m.message_id,
      uuid: m.uuid,
      card: JSON.parse(m.content) as Record<string, unknown>,
      text: m.content,
    }));
}
