import { type Config, loadConfig } from "../../src/config.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { startOfDayIn } from "../../src/feishu/zoned-dates.ts";
import { greetingsJob } from "../../src/jobs/greetings.ts";
import { type PendingWritesDrain, startPendingWritesDrain } from "../../src/jobs/pending-writes.ts";
import { surveysJob } from "../../src/jobs/surveys.ts";
import { silentLogger } from "../../src/logger.ts";
import { bindBase } from "../../src/ops/base.ts";
import { demoManagers, type Manager } from "../../src/ops/demo-managers.ts";
import { provision } from "../../src/ops/provision.ts";
import { type RunningService, startNodeService } from "../../src/runtime/node.ts";
import { appOperator, readRecords, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { createGroupChat } from "../../src/sandbox/im/chats.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { startWorld, type World } from "../support/world.ts";
import { control } from "./sandbox-clicks.ts";

export const ENCRYPT_KEY = "care-world-encrypt-key";
export const VERIFICATION_TOKEN = "care-world-verification-token";

export type AccountSpec = {
  code: string;
  name?: string;
  owner?: string;
  tier?: "A" | "B" | "C";
  since?: string;
  chat?: boolean;
  risk?: number;
  riskFlags?: string;
};

export type ContactSpec = {
  name: string;
  account: string;
  title?: string;
  birthday?: string;
  calendar?: "公历" | "农历";
  decisionMaker?: boolean;
};

export type Row = { record_id: string; fields: Record<string, unknown> };

export type CareWorld = World & {
  managers: Manager[];
  /** Record ids by account code and by contact name, chat ids by account code. */
  ids: Map<string, string>;
  chats: Map<string, string>;
  addAccounts(specs: AccountSpec[]): void;
  addContacts(specs: ContactSpec[]): void;
  addSettings(rows: Record<string, string>): void;
  rows(key: string): Row[];
  setClock(iso: string): void;
  now(): number;
  config(dbPath?: string): Config;
};

/** A sandbox with the demo org (20 managers in 3 teams, with leaders) and a provisioned, empty base. */
export async function startCareWorld(opts: { at: string; rateLimits?: boolean }): Promise<CareWorld> {
  const world = await startWorld({ rateLimits: opts.rateLimits ?? false });
  const { state } = world.sandbox;
  seedOrg(state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
  state.clock.set(Date.parse(opts.at));
  const template = loadTemplate();
  await provision(world.gw, template);
  const base = await bindBase(world.gw, template);
  const table = (key: string) => base.table(key).id;
  const people = appOperator("people");
  const ids = new Map<string, string>();
  const chats = new Map<string, string>();
  const write = (key: string, rows: Record<string, unknown>[], names: string[]) => {
    const written = writeRecords(
      state,
      world.appToken,
      table(key),
      rows.map((fields) => ({ fields: clean(fields) })),
      people,
    );
    for (const [i, r] of written.records.entries()) ids.set(names[i]!, r.record_id);
  };
  const day = (iso?: string) => (iso ? startOfDayIn(iso) : undefined);
  return {
    ...world,
    managers: demoManagers(42),
    ids,
    chats,
    addAccounts(specs) {
      for (const s of specs.filter((x) => x.chat)) {
        chats.set(
          s.code,
          createGroupChat(state, { name: `${s.code} 客户群`, members: [], external: true }).chat_id,
        );
      }
      const rows = specs.map((s) => ({
        客户编号: s.code,
        客户名称: s.name ?? `${s.code} 测试客户有限公司`,
        负责人: s.owner ? [{ id: s.owner }] : undefined,
        等级: s.tier ?? "B",
        合作开始: day(s.since),
        客户群ID: chats.get(s.code),
        风险分: s.risk,
        风险标记: s.riskFlags,
      }));
      write(
        "accounts",
        rows,
        specs.map((s) => s.code),
      );
    },
    addContacts(specs) {
      const rows = specs.map((s) => ({
        姓名: s.name,
        客户: [ids.get(s.account)!],
        客户编号: s.account,
        职务: s.title,
        生日: day(s.birthday),
        生日历法: s.calendar,
        决策人: s.decisionMaker ?? false,
      }));
      write(
        "contacts",
        rows,
        specs.map((s) => s.name),
      );
    },
    addSettings(settings) {
      const rows = Object.entries(settings).map(([键, 值]) => ({ 键, 值 }));
      write(
        "policy",
        rows,
        Object.keys(settings).map((k) => `setting:${k}`),
      );
    },
    rows: (key) => readRecords(state, world.appToken, table(key), { shape: "legacy" }) as Row[],
    setClock: (iso) => state.clock.set(Date.parse(iso)),
    now: () => state.clock.now(),
    config: (dbPath = ":memory:") =>
      loadConfig({
        FEISHU_DOMAIN: world.sandbox.url,
        FEISHU_APP_ID: world.appId,
        FEISHU_APP_SECRET: world.appSecret,
        BITABLE_APP_TOKEN: world.appToken,
        FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
        FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
        KAM_DB_PATH: dbPath,
        TZ: "Asia/Shanghai",
      }),
  };
}

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export type CareService = {
  service: RunningService;
  drain: PendingWritesDrain;
  stop(): Promise<void>;
};

/** The service in this process, on the sandbox's clock, with the care jobs and the write drain running. */
export async function startCareService(w: CareWorld, opts: { dbPath?: string } = {}): Promise<CareService> {
  const service = await startNodeService(w.config(opts.dbPath), silentLogger, w.client, {
    port: 0,
    host: "127.0.0.1",
    clock: { now: () => w.now() },
    jobs: [greetingsJob, surveysJob],
    schedule: false,
  });
  await pointDeliveriesAt(w, service.url);
  const drain = startPendingWritesDrain(service.services, { intervalMs: 200 });
  return {
    service,
    drain,
    async stop() {
      await drain.stop();
      await service.stop();
    },
  };
}

export async function pointDeliveriesAt(w: World, serviceUrl: string): Promise<void> {
  await control(w, "/_sandbox/delivery", {
    eventUrl: `${serviceUrl}/feishu/events`,
    cardUrl: `${serviceUrl}/feishu/cards`,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
  });
}
