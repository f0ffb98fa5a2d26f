import type { BitableGateway } from "../../src/feishu/bitable.ts";
import { createFeishuClient, type FeishuClient } from "../../src/feishu/client.ts";
import { silentLogger } from "../../src/logger.ts";
import { createBase } from "../../src/sandbox/bitable/store.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";

let worlds = 0;

export type World = {
  sandbox: RunningSandbox;
  client: FeishuClient;
  gw: BitableGateway;
  appId: string;
  appSecret: string;
  appToken: string;
  stop(): Promise<void>;
};

/** The product's own Feishu client against a fresh in-process sandbox with one app and one empty base. */
export async function startWorld(
  opts: { rateLimits?: boolean; writeConflicts?: boolean } = {},
): Promise<World> {
  worlds++;
  const appId = `cli_world_${process.pid}_${worlds}`;
  const appSecret = "world-secret";
  const appToken = `bascnWorld${worlds}`;
  const sandbox = await startSandbox({
    port: 0,
    rateLimits: opts.rateLimits ?? false,
    apps: [{ appId, appSecret }],
  });
  if (opts.writeConflicts === false) sandbox.state.limits.writeConflicts = false;
  createBase(sandbox.state, { app_token: appToken, name: "测试 base" });
  const client = createFeishuClient({ domain: sandbox.url, appId, appSecret, logger: silentLogger });
  return {
    sandbox,
    client,
    gw: client.bitable(appToken),
    appId,
    appSecret,
    appToken,
    stop: () => sandbox.stop(),
  };
}
