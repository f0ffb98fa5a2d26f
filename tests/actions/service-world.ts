import { remindersJob } from "../../src/jobs/reminders.ts";
import { silentLogger } from "../../src/logger.ts";
import { type RunningService, startNodeService } from "../../src/runtime/node.ts";
import {
  type AccountSpec,
  cardsTo,
  ENCRYPT_KEY,
  type ReminderWorld,
  serviceConfig,
  startReminderWorld,
  VERIFICATION_TOKEN,
} from "../jobs/reminder-world.ts";

export const TODAY = "2026-11-24";

export type ActionAnswer = {
  eventId: string;
  toast?: { type?: string; content?: string };
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

export type ServiceWorld = {
  w: ReminderWorld;
  service: RunningService;
  manager(i: number): string;
  leaderOf(i: number): string;
  /** Runs today's reminders through the service and returns the message id of manager i's card. */
  remind(i: number): Promise<string>;
  /** A click or form submit as Feishu delivers it: signed, encrypted, over HTTP to the service. */
  act(messageId: string, body: Record<string, unknown>): Promise<ActionAnswer>;
  replay(eventId: string): Promise<ActionAnswer>;
  /** The message's card as the user now sees it (JSON text). */
  cardText(messageId: string): string;
  revisions(messageId: string): number;
  account(code: string): Record<string, unknown>;
  visits(code: string): Record<string, unknown>[];
  stop(): Promise<void>;
};

/** The service on a real port with the sandbox delivering card callbacks to it; the clock is the sandbox's. */
export async function startServiceWorld(
  accounts: (w: ReminderWorld) => AccountSpec[],
  opts: { adminIds?: string[] } = {},
): Promise<ServiceWorld> {
  const w = await startReminderWorld({ at: `${TODAY}T09:30:00+08:00` });
  w.addAccounts(accounts(w));
  const config = serviceConfig(w, { adminIds: opts.adminIds });
  const service = await startNodeService(config, silentLogger, w.client, {
    port: 0,
    host: "127.0.0.1",
    clock: { now: () => w.now() },
    jobs: [remindersJob],
    schedule: false,
  });
  await control(w, "/_sandbox/delivery", {
    eventUrl: `${service.url}/feishu/events`,
    cardUrl: `${service.url}/feishu/cards`,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
  });
  const message = (id: string) => w.sandbox.state.messages.get(id)!;
  return {
    w,
    service,
    manager: (i) => w.managers[i]!.open_id,
    leaderOf: (i) => w.managers[i]!.leaderOpenId!,
    async remind(i) {
      await service.jobs.run("reminders", { trigger: "admin" });
      const cards = cardsTo(w, w.managers[i]!.open_id);
      if (cards.length !== 1) throw new Error(`manager ${i} has ${cards.length} cards`);
      return cards[0]!.messageId;
    },
    act: (messageId, body) =>
      control(w, `/_sandbox/cards/${messageId}/action`, body) as Promise<ActionAnswer>,
    replay: (eventId) => control(w, `/_sandbox/callbacks/${eventId}/replay`, {}) as Promise<ActionAnswer>,
    cardText: (messageId) => message(messageId).content,
    revisions: (messageId) => message(messageId).updated,
    account: (code) => w.rows("accounts").find((r) => r.fields.客户编号 === code)!.fields,
    visits: (code) =>
      w
        .rows("visits")
        .filter((r) => r.fields.客户编号 === code)
        .map((r) => r.fields),
    async stop() {
      await service.stop();
      await w.stop();
    },
  };
}

async function control(w: ReminderWorld, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${w.sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The callback value of the row button for `action` on account `code` in a card. */
export function rowButtonValue(cardText: string, action: string, code: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.type === "callback" && o.value && typeof o.value === "object") {
        const v = o.value as Record<string, unknown>;
        if (v.action === action && v.step === "open" && v.accountId === code) found.push(v);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(cardText));
  if (!found[0]) throw new Error(`no ${action} button for ${code}`);
  return found[0];
}

/** Bitable date cells come back as epoch ms; this is the Shanghai calendar day. */
export function dayOfCell(ms: unknown): string {
  return new Date((ms as number) + 8 * 3_600_000).toISOString().slice(0, 10);
}
