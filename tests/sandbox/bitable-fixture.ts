import * as lark from "@larksuiteoapi/node-sdk";
import type { FieldInput } from "../../src/sandbox/bitable/store.ts";
import { createBase, createTable } from "../../src/sandbox/bitable/store.ts";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import type { SandboxState, SandboxUser } from "../../src/sandbox/state.ts";

const APP_SECRET = "secret-for-tests";
let worlds = 0;

const silent = () => undefined;
/** Expected errors are asserted, not logged. */
const quiet = { error: silent, warn: silent, info: silent, debug: silent, trace: silent };

export type BitableWorld = {
  sandbox: RunningSandbox;
  state: SandboxState;
  client: lark.Client;
  appId: string;
};

/**
 * A sandbox with one app and the official SDK pointed at it (rate limits off unless asked for). Each world
 * has its own app id because the SDK caches tenant tokens per app id across clients.
 */
export async function startWorld(opts: { rateLimits?: boolean } = {}): Promise<BitableWorld> {
  worlds += 1;
  const appId = `cli_bitable_test_${worlds}`;
  const sandbox = await startSandbox({
    port: 0,
    rateLimits: opts.rateLimits ?? false,
    apps: [{ appId, appSecret: APP_SECRET, name: "KAM Bot" }],
  });
  const client = new lark.Client({
    appId,
    appSecret: APP_SECRET,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
  });
  return { sandbox, state: sandbox.state, client, appId };
}

/** The fields most tests use: one of each writable kind. */
export const ACCOUNT_FIELDS: FieldInput[] = [
  { field_name: "Name", type: 1 },
  { field_name: "Revenue", type: 2, property: { formatter: "0.00" } },
  { field_name: "Tier", type: 3, property: { options: [{ name: "A" }, { name: "B" }, { name: "C" }] } },
  { field_name: "Tags", type: 4, property: { options: [{ name: "vip" }, { name: "new" }] } },
  { field_name: "Next visit", type: 5 },
  { field_name: "Active", type: 7 },
  { field_name: "Owner", type: 11 },
  { field_name: "Phone", type: 13 },
  { field_name: "Site", type: 15 },
  { field_name: "Files", type: 17 },
  { field_name: "Score", type: 20 },
  { field_name: "Created", type: 1001 },
  { field_name: "No.", type: 1005 },
];

export function seedTable(state: SandboxState, fields: FieldInput[] = ACCOUNT_FIELDS, name = "Accounts") {
  const appToken = state.bases.size
    ? [...state.bases.keys()][0]!
    : createBase(state, { name: "KAM" }).app_token;
  const { table_id } = createTable(state, appToken, { name, fields });
  return { appToken, tableId: table_id, path: { app_token: appToken, table_id } };
}

export function addUser(state: SandboxState, openId: string, name: string): SandboxUser {
  const user: SandboxUser = {
    open_id: openId,
    user_id: `u_${name.toLowerCase()}`,
    union_id: `on_${name.toLowerCase()}`,
    name,
    en_name: name,
    email: `${name.toLowerCase()}@example.com`,
    department_ids: [],
    status: { is_activated: true, is_resigned: false, is_frozen: false, is_exited: false, is_unjoin: false },
  };
  state.users.set(openId, user);
  return user;
}

export type FeishuAnswer = { status: number; code: number; msg: string; headers: Record<string, string> };

/** The SDK throws on non-2xx and returns the body on 200: either way, Feishu's code and the HTTP status. */
export async function answerOf(call: Promise<unknown>): Promise<FeishuAnswer> {
  try {
    const body = (await call) as { code?: number; msg?: string };
    return { status: 200, code: body.code ?? 0, msg: body.msg ?? "", headers: {} };
  } catch (err) {
    const res = (
      err as {
        response?: { status: number; data: { code: number; msg: string }; headers: Record<string, string> };
      }
    ).response;
    if (!res) throw err;
    return { status: res.status, code: res.data.code, msg: res.data.msg, headers: res.headers };
  }
}
