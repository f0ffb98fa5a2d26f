import type { Config } from "../config.ts";
import { startSandbox } from "../sandbox/server.ts";
import type { SandboxState } from "../sandbox/state.ts";

export type SandboxHandle = { url: string; started: boolean; state?: SandboxState; stop(): Promise<void> };

/**
 * Sandbox mode: reuse the sandbox already listening on SANDBOX_PORT (started by `npm start`), or start
 * one in this process. Either way the configured app and base are registered in it.
 */
export async function ensureSandbox(config: Config, opts: { port?: number } = {}): Promise<SandboxHandle> {
  const port = opts.port ?? config.sandboxPort;
  const url = `http://127.0.0.1:${port}`;
  let handle: SandboxHandle;
  if (await isSandboxAt(url)) {
    handle = { url, started: false, stop: async () => {} };
  } else {
    try {
      const running = await startSandbox({ port, host: "127.0.0.1" });
      handle = { url: running.url, started: true, state: running.state, stop: running.stop };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new Error(
          `端口 ${port} 已被其他程序占用 / port ${port} is taken by another program — set SANDBOX_PORT to a free port`,
        );
      }
      throw err;
    }
  }
  await control(handle.url, "/_sandbox/apps", {
    appId: config.appId,
    appSecret: config.appSecret,
    name: "feishu-kam",
  });
  await control(handle.url, "/_sandbox/bases", {
    app_token: config.appToken,
    name: "大客户管理 Key Accounts",
  });
  return handle;
}

export async function isSandboxAt(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_sandbox/state`, { signal: AbortSignal.timeout(1_000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { sandbox?: unknown };
    return Boolean(body && typeof body === "object" && "sandbox" in body);
  } catch {
    return false;
  }
}

export async function control(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : {};
}
