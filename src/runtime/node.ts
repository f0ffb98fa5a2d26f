import { serve } from "@hono/node-server";
import { createApp } from "../app.ts";
import { createBackgroundQueue } from "../background.ts";
import type { Config } from "../config.ts";
import type { Deps, JobRunner } from "../deps.ts";
import type { FeishuClient } from "../feishu/client.ts";
import type { Logger } from "../logger.ts";
import { createMetrics } from "../metrics.ts";
import { openSqliteLedger } from "../store/sqlite.ts";

export type RunningService = { url: string; port: number; deps: Deps; stop(): Promise<void> };

/**
 * The service on Node: SQLite ledger, the shared Hono app on node:http. Jobs and card actions register
 * through `deps`; this file only wires them to the runtime.
 */
export async function startNodeService(
  config: Config,
  logger: Logger,
  client: FeishuClient,
  opts: { port?: number; host?: string; runJob?: JobRunner } = {},
): Promise<RunningService> {
  const ledger = openSqliteLedger(config.dbPath);
  const metrics = createMetrics();
  const background = createBackgroundQueue(logger);
  const deps: Deps = {
    config,
    logger,
    ledger,
    clock: { now: () => Date.now() },
    feishu: {
      probe: () => probeFeishu(config),
      updateCard: (token, card) => client.messenger.updateCardByToken(token, card),
    },
    actions: {},
    onEvent: async () => false,
    runJob: opts.runJob ?? (async () => undefined),
    metrics,
    background,
  };
  const app = createApp(deps);
  const host = opts.host ?? "0.0.0.0";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? config.port, hostname: host }, () => resolve(s));
    s.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`端口 ${opts.port ?? config.port} 已被占用 / port in use — set PORT to a free port`)
          : err,
      ),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? config.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    async stop() {
      await background.drain(5_000);
      await new Promise<void>((done) => server.close(() => done()));
      ledger.close();
    },
  };
}

/** Reachability without side effects: a token request with the configured credentials. */
async function probeFeishu(config: Config): Promise<boolean> {
  try {
    const res = await fetch(`${config.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: config.appId, app_secret: config.appSecret }),
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await res.json()) as { code?: number };
    return body.code === 0;
  } catch {
    return false;
  }
}
