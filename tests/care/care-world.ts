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
    const written = writeRecords(state, world.appToken, table(key), rows.map((fields) => ({ fields: clean(fields) })), people);
    written.records.forEach((r, i) => ids.set(names[i]!, r.record_id));
  };
  const day = (iso?: string) => (iso ? startOfDayIn(iso) : undefined);
  return {
    ...world,
    managers: demoManagers(42),
    ids,
    chats,
    addAccounts(specs) {
      for (const s of specs.filter((x) => x.chat)) {
        chats.set(s.code, createGroupChat(state, { name: `${s.code} 客户群`, members: [], external: true }).chat_id);
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
      write("accounts", rows, specs.map((s) => s.code));
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
      write("contacts", rows, specs.map((s) => s.name));
    },
    addSettings(settings) {
      const rows = Object.entries(settings).map(([键, 值]) => ({ 键, 值 }));
      write("policy", rows, Object.keys(settings).map((k) => `setting:${k}`));
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

export type ActionAnswer = {
  eventId: string;
  toast?: { type?: string; content?: string };
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

/** A click or a form submit as Feishu delivers it: signed, encrypted, over HTTP to the service. */
export function act(w: World, messageId: string, body: Record<string, unknown>): Promise<ActionAnswer> {
  return control(w, `/_sandbox/cards/${messageId}/action`, body) as Promise<ActionAnswer>;
}

export function replay(w: World, eventId: string): Promise<ActionAnswer> {
  return control(w, `/_sandbox/callbacks/${eventId}/replay`, {}) as Promise<ActionAnswer>;
}

export async function control(w: World, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${w.sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export type Sent = { messageId: string; chatId: string; type: string; content: string; uuid?: string };

/** Messages the bot sent to a person (their one-to-one chat) or into a group, oldest first. */
export function messagesTo(w: World, id: string): Sent[] {
  return [...w.sandbox.state.messages.values()]
    .filter((m) => !m.deleted && (m.receiver_open_id === id || m.chat_id === id))
    .sort((a, b) => a.create_time - b.create_time)
    .map((m) => ({ messageId: m.message_id, chatId: m.chat_id, type: m.msg_type, content: m.content, uuid: m.uuid }));
}

/** Callback values in a card (JSON text), optionally only those of one action (and one contact). */
export function buttonValues(content: string, action?: string, contactId?: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.type === "callback" && o.value && typeof o.value === "object") {
        const v = o.value as Record<string, unknown>;
        if ((!action || v.action === action) && (!contactId || v.contactId === contactId)) found.push(v);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(content));
  return found;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
