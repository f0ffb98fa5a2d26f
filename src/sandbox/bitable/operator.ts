import type { SandboxState } from "../state.ts";

/** Who made a change, as Feishu's event operator_id carries it. */
export type Operator = { open_id: string; union_id?: string; user_id?: string };

/**
 * The docs do not say what operator_id holds when an app writes with a tenant_access_token. The sandbox
 * uses a stable, recognisable bot id derived from the app id, so the service can drop its own echoes:
 * open_id `ou_bot_<appId>`, union_id `on_bot_<appId>`.
 */
const BOT_OPEN_ID_PREFIX = "ou_bot_";

export function appOperator(appId: string): Operator {
  return { open_id: `${BOT_OPEN_ID_PREFIX}${appId}`, union_id: `on_bot_${appId}`, user_id: "" };
}

export function appIdOfOperator(openId: string): string | undefined {
  return openId.startsWith(BOT_OPEN_ID_PREFIX) ? openId.slice(BOT_OPEN_ID_PREFIX.length) : undefined;
}

/** A person as record reads show it; ids that are neither users nor bots come back bare. */
export function personOf(
  state: SandboxState,
  openId: string,
  idType: "open_id" | "user_id" | "union_id" = "open_id",
) {
  const user = state.users.get(openId) ?? [...state.users.values()].find((u) => u.open_id === openId);
  if (user) return { id: user[idType], name: user.name, en_name: user.en_name, email: user.email };
  const appId = appIdOfOperator(openId);
  const app = appId ? state.apps.get(appId) : undefined;
  if (app) return { id: openId, name: app.name, en_name: app.name, email: "" };
  return { id: openId };
}

/** The ids the change event lists for an operator or subscriber. */
export function operatorIds(state: SandboxState, openId: string): Operator {
  const user = state.users.get(openId) ?? [...state.users.values()].find((u) => u.open_id === openId);
  if (user) return { open_id: user.open_id, union_id: user.union_id, user_id: user.user_id };
  const appId = appIdOfOperator(openId);
  return appId ? appOperator(appId) : { open_id: openId, union_id: "", user_id: "" };
}
