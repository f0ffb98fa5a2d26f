import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../logger.ts";
import { type BitableGateway, createBitable } from "./bitable.ts";
import { type Contacts, createContacts } from "./contacts.ts";
import { type CallInfo, describeCall } from "./limits.ts";
import { createMessenger, type Messenger } from "./messenger.ts";
import { countCall, createFeishuMetrics, type FeishuMetrics } from "./metrics.ts";
import { createPacer, pacingMetrics, withPacing } from "./pacer.ts";
import { type RetryOptions, withRetry } from "./retry.ts";
import { createTableLocks, withTableLock } from "./table-lock.ts";
import { type Exchange, fetchExchange, type HttpRequest, toHttpInstance } from "./transport.ts";

export type FeishuClientOptions = {
  /** Base URL of the Open API: https://open.feishu.cn, https://open.larksuite.com or the sandbox. */
  domain: string;
  appId: string;
  appSecret: string;
  logger: Logger;
  limits?: { pace: boolean };
  retry?: RetryOptions;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type FeishuClient = {
  /** The official SDK, wired to our transport: every call it makes is paced, locked and retried. */
  sdk: lark.Client;
  metrics: FeishuMetrics;
  logger: Logger;
  bitable(appToken: string): BitableGateway;
  messenger: Messenger;
  contacts: Contacts;
};

/**
 * The product's only way to talk to Feishu (or the sandbox: only the base URL differs).
 * Layers, outermost first: table lock → retry → pacing → metering → fetch.
 */
export function createFeishuClient(opts: FeishuClientOptions): FeishuClient {
  const logger = opts.logger.child({ component: "feishu" });
  const metrics = createFeishuMetrics();
  const describe = memoisedDescribe();
  const pacer = createPacer({ onWait: pacingMetrics(metrics) });
  const tokens = createTokenCache();

  const wire = fetchExchange({ fetch: opts.fetch, timeoutMs: opts.timeoutMs });
  const metered: Exchange = (req) => {
    countCall(metrics, describe(req).api);
    return wire(req);
  };
  const paced = opts.limits?.pace === false ? metered : withPacing(metered, pacer, describe);
  let sdk: lark.Client | undefined;
  const retried = withRetry(
    paced,
    {
      describe,
      logger,
      metrics,
      refreshToken: async (req) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
        if (!bearer || !sdk || !tokens.issued(bearer)) return undefined;
        tokens.invalidate(bearer);
        return (await sdk.tokenManager.getTenantAccessToken()) ?? undefined;
      },
      onRateLimited: (info, waitMs) => {
        for (const rate of info.rates) pacer.pause(rate.key, waitMs);
      },
    },
    opts.retry,
  );
  const httpInstance = toHttpInstance(withTableLock(retried, createTableLocks(), describe));

  sdk = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain.replace(/\/+$/, ""),
    loggerLevel: lark.LoggerLevel.error,
    logger: sdkLogger(logger),
    httpInstance,
    cache: tokens,
  });
  const client: FeishuClient = {
    sdk,
    metrics,
    logger,
    bitable: (appToken) => createBitable(client, appToken),
    messenger: undefined as unknown as Messenger,
    contacts: undefined as unknown as Contacts,
  };
  client.messenger = createMessenger(client);
  client.contacts = createContacts(client);
  return client;
}

/** The SDK's token cache, ours so that a rejected token can be dropped and fetched again. */
type TokenCache = lark.Cache & { issued(token: string): boolean; invalidate(token: string): void };

function createTokenCache(): TokenCache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const issued = new Set<string>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ""}/${key.toString()}`;
  return {
    async get(key, options) {
      const entry = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
      return entry.value;
    },
    async set(key, value, expiresAt, options) {
      values.set(keyOf(key as string | symbol, options?.namespace), { value, expiresAt });
      if (typeof value === "string") {
        if (issued.size > 100) issued.clear();
        issued.add(value);
      }
      return true;
    },
    issued: (token) => issued.has(token),
    invalidate(token) {
      for (const [k, entry] of values) if (entry.value === token) values.delete(k);
    },
  };
}

function memoisedDescribe(): (req: HttpRequest) => CallInfo {
  const seen = new WeakMap<HttpRequest, CallInfo>();
  return (req) => {
    let info = seen.get(req);
    if (!info) {
      info = describeCall(req.method, req.url, req.params, req.data);
      seen.set(req, info);
    }
    return info;
  };
}

/** The SDK logs every failure it sees; we log our own, so its lines go to debug, trimmed. */
function sdkLogger(logger: Logger): lark.Logger {
  const line =
    (level: string) =>
    (...msg: unknown[]) => {
      const first = msg.find((m) => m !== undefined);
      const text =
        first instanceof Error ? first.message : typeof first === "string" ? first : JSON.stringify(first);
      logger.debug("feishu.sdk", { level, message: String(text).slice(0, 300) });
    };
  return {
    error: line("error"),
    warn: line("warn"),
    info: line("info"),
    debug: line("debug"),
    trace: line("trace"),
  };
}
