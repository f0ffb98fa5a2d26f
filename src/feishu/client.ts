import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../logger.ts";
import { type BitableGateway, createBitable } from "./bitable.ts";
import { type Contacts, createContacts } from "./contacts.ts";
import { type CallInfo, describeCall } from "./limits.ts";
import { createMessenger, type Messenger } from "./messenger.ts";
import { countCall, createFeishuMetrics, type FeishuCallEvent, type FeishuMetrics } from "./metrics.ts";
import { createPacer, pacingMetrics, withPacing } from "./pacer.ts";
import { type RetryOptions, withRetry } from "./retry.ts";
import { createTableLocks, withTableLock } from "./table-lock.ts";
import { createTokenCache } from "./token-cache.ts";
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
  /** Every retry and every failure for good (e.g. for Prometheus counters by api and code). */
  onEvent?: (event: FeishuCallEvent) => void;
};

/** What the gateways need from the client. */
export type FeishuCore = {
  /** The official SDK, wired to our transport: every call it makes is paced, locked and retried. */
  sdk: lark.Client;
  metrics: FeishuMetrics;
  logger: Logger;
};

export type FeishuClient = FeishuCore & {
  bitable(appToken: string): BitableGateway;
  messenger: Messenger;
  contacts: Contacts;
};

/**
 * The product's only way to talk to Feishu (or the sandbox: only the base URL differs).
 * Layers, outermost first: table lock → retry → pacing → metering → fetch. Locks and pacing live
 * in the client, so a process makes one client per app and shares it.
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
      onEvent: opts.onEvent,
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
  const core: FeishuCore = { sdk, metrics, logger };
  return {
    ...core,
    bitable: (appToken) => createBitable(core, appToken),
    messenger: createMessenger(core),
    contacts: createContacts(core),
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
