import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type AppOptions, createApp } from "../../src/app.ts";
import { createBackgroundQueue } from "../../src/background.ts";
import { loadConfig } from "../../src/config.ts";
import type { CardActionContext, CardActionHandler, CardActionResult, Deps } from "../../src/deps.ts";
import { encryptPayload, randomNonce, signPayload } from "../../src/feishu/crypto.ts";
import { createLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

export const ENCRYPT_KEY = "kam-test-encrypt-key";
export const VERIFICATION_TOKEN = "kam-test-verification-token";
export const ADMIN_TOKEN = "kam-test-admin-token";

export type Recorded = {
  actions: CardActionContext[];
  events: { type: string; event: unknown }[];
  cardUpdates: { token: string; card: Record<string, unknown> }[];
  jobs: string[];
  /** Parsed log lines, to check what the service says about a request. */
  logs: Record<string, unknown>[];
};

/** A full dependency bag over an in-memory ledger; everything the app calls out to is recorded. */
export function testDeps(
  opts: { encryptKey?: string; verificationToken?: string; actions?: Record<string, CardActionHandler> } = {},
) {
  const recorded: Recorded = { actions: [], events: [], cardUpdates: [], jobs: [], logs: [] };
  const logger = createLogger("debug", (line) => recorded.logs.push(JSON.parse(line)));
  const config = loadConfig({
    FEISHU_ENCRYPT_KEY: opts.encryptKey ?? ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: opts.verificationToken ?? VERIFICATION_TOKEN,
    KAM_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  // loadConfig generates a key when the variable is empty; tests of "no Encrypt Key" need it really empty.
  if (opts.encryptKey === "") config.encryptKey = "";
  if (opts.verificationToken === "") config.verificationToken = "";
  const record =
    (handler: CardActionHandler): CardActionHandler =>
    (ctx) => {
      recorded.actions.push(ctx);
      return handler(ctx);
    };
  const actions: Record<string, CardActionHandler> = {
    "visit.log": async () => ({
      toast: { type: "success", content: "已记录" },
      card: { schema: "2.0", body: { elements: [] } },
    }),
  };
  for (const [name, handler] of Object.entries(opts.actions ?? {})) actions[name] = handler;
  const deps: Deps = {
    config,
    logger,
    ledger: openSqliteLedger(":memory:"),
    clock: { now: () => Date.now() },
    feishu: {
      probe: async () => true,
      updateCard: async (token, card) => {
        recorded.cardUpdates.push({ token, card });
      },
    },
    jobNames: ["sync", "reminders"],
    actions: Object.fromEntries(Object.entries(actions).map(([k, h]) => [k, record(h)])),
    onEvent: async (type, event) => {
      recorded.events.push({ type, event });
      return type === "drive.file.bitable_record_changed_v1";
    },
    runJob: async (name) => {
      if (name !== "reminders") return undefined;
      recorded.jobs.push(name);
      return { runId: `reminders:${recorded.jobs.length}`, done: Promise.resolve() };
    },
    metrics: createMetrics(),
    background: createBackgroundQueue(logger),
  };
  return { deps, recorded };
}

export function testApp(opts: Parameters<typeof testDeps>[0] = {}, appOptions: AppOptions = {}) {
  const { deps, recorded } = testDeps(opts);
  return { app: createApp(deps, { probeCacheMs: 0, ...appOptions }), deps, recorded };
}

/** Runs an app on a real port (0 = any free one), the way the Node runtime does. */
export async function listen(app: { fetch: (req: Request) => Response | Promise<Response> }) {
  return await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export function envelope(eventType: string, event: unknown, over: { eventId?: string; token?: string } = {}) {
  return {
    schema: "2.0",
    header: {
      event_id: over.eventId ?? randomUUID().replace(/-/g, ""),
      event_type: eventType,
      create_time: String(Date.now() * 1000),
      token: over.token ?? VERIFICATION_TOKEN,
      app_id: "cli_test",
      tenant_key: "tenant_test",
    },
    event,
  };
}

export function cardAction(value: unknown, over: { eventId?: string; token?: string } = {}) {
  return envelope(
    "card.action.trigger",
    {
      operator: { open_id: "ou_manager", user_id: "u_manager", tenant_key: "tenant_test" },
      token: "c-card-update-token",
      action: { tag: "button", value },
      host: "im_message",
      context: { open_message_id: "om_card", open_chat_id: "oc_chat" },
    },
    over,
  );
}

export type Delivery = { headers: Record<string, string>; body: string };

/** A delivery as Feishu makes it: with an Encrypt Key, {encrypt} signed over the exact body; plain JSON otherwise. */
export function deliver(
  payload: unknown,
  opts: {
    encryptKey?: string;
    timestampSec?: number;
    sign?: boolean;
    encrypt?: (plaintext: string) => string;
  } = {},
): Delivery {
  const key = opts.encryptKey ?? ENCRYPT_KEY;
  const plain = JSON.stringify(payload);
  const body = key
    ? JSON.stringify({ encrypt: opts.encrypt ? opts.encrypt(plain) : encryptPayload(key, plain) })
    : plain;
  const timestamp = String(opts.timestampSec ?? Math.floor(Date.now() / 1000));
  const nonce = randomNonce();
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
  };
  if (key && opts.sign !== false) headers["x-lark-signature"] = signPayload(timestamp, nonce, key, body);
  return { headers, body };
}

export async function post(url: string, d: Delivery) {
  const res = await fetch(url, { method: "POST", headers: d.headers, body: d.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as Record<string, unknown> | undefined, text };
}

export const slow =
  (ms: number, result: CardActionResult): CardActionHandler =>
  () =>
    new Promise((resolve) => setTimeout(() => resolve(result), ms));
