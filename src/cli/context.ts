import type { Config } from "../config.ts";
import { loadConfig } from "../config.ts";
import type { BitableGateway } from "../feishu/bitable.ts";
import { createFeishuClient } from "../feishu/client.ts";
import type { Logger } from "../logger.ts";
import { createLogger } from "../logger.ts";
import { ensureSandbox, type SandboxHandle } from "./ensure-sandbox.ts";
import { readSandboxSettings, sandboxSettingsPath, writeSandboxSettings } from "./sandbox-settings.ts";

export type CliContext = {
  config: Config;
  logger: Logger;
  client: ReturnType<typeof createFeishuClient>;
  gw: BitableGateway;
  sandbox?: SandboxHandle;
  out(line: string): void;
  close(): Promise<void>;
};

/** Everything a command needs: validated config, a Feishu client, and in sandbox mode a running sandbox. */
export async function openContext(
  opts: { env?: Record<string, string | undefined>; keepSandbox?: boolean; quietSandbox?: boolean } = {},
): Promise<CliContext> {
  const env = opts.env ?? process.env;
  const config = configWithSandboxSettings(env);
  const logger = createLogger(config.logLevel);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let sandbox: SandboxHandle | undefined;
  if (config.mode === "sandbox") {
    sandbox = await ensureSandbox(config);
    if (sandbox.started && !opts.quietSandbox) {
      out(
        `沙箱 sandbox: 未发现运行中的沙箱，已在本进程临时启动 ${sandbox.url}（命令结束后数据消失；先运行 npm start 可保留）/ started a temporary in-process sandbox`,
      );
    }
  }
  const client = createFeishuClient({
    domain: config.domain,
    appId: config.appId,
    appSecret: config.appSecret,
    logger,
  });
  return {
    config,
    logger,
    client,
    gw: client.bitable(config.appToken),
    sandbox,
    out,
    async close() {
      if (sandbox?.started && !opts.keepSandbox) await sandbox.stop();
    },
  };
}

export function configWithSandboxSettings(env: Record<string, string | undefined>): Config {
  const probe = loadConfig(env);
  if (probe.mode !== "sandbox") return probe;
  const path = sandboxSettingsPath(env);
  // The saved settings include an app id, which alone would mean "Feishu": keep the sandbox explicit.
  const config = loadConfig({ FEISHU_DOMAIN: "sandbox", ...readSandboxSettings(path), ...stripEmpty(env) });
  if (config.generated.length) writeSandboxSettings(path, config);
  return config;
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => Boolean(e[1])));
}
