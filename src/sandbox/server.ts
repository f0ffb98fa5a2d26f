import { serve } from "@hono/node-server";
import { createSandboxApp } from "./app.ts";
import type { SandboxState } from "./state.ts";
import { createState } from "./state.ts";

export type SandboxOptions = {
  port?: number;
  host?: string;
  rateLimits?: boolean;
  /** Registered apps (credentials the sandbox accepts). */
  apps?: { appId: string; appSecret: string; tenantKey?: string; name?: string }[];
};

export type RunningSandbox = { url: string; port: number; state: SandboxState; stop(): Promise<void> };

/** Starts the sandbox on a port (0 = a free one) in this process. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = createState({ rateLimits: opts.rateLimits ?? true });
  for (const a of opts.apps ?? []) {
    state.apps.set(a.appId, {
      appId: a.appId,
      appSecret: a.appSecret,
      tenantKey: a.tenantKey ?? "sandbox-tenant",
      name: a.name ?? "feishu-kam",
    });
  }
  const app = createSandboxApp(state);
  const host = opts.host ?? "127.0.0.1";
  return await new Promise<RunningSandbox>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, (info) => {
      const url = `http://${host}:${info.port}`;
      resolve({
        url,
        port: info.port,
        state,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once("error", reject);
  });
}
