import { Hono } from "hono";
import { Codes } from "../envelope.ts";
import type { SandboxContext, SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import type { SandboxState } from "../state.ts";
import { newId } from "../state.ts";

export const TOKEN_TTL_SECONDS = 7200;
const RENEW_BELOW_MS = 30 * 60 * 1000;

/**
 * tenant_access_token/internal: the same token until it has under 30 minutes left, then a new one
 * (the old one stays valid until it expires). Bad credentials answer a non-zero code and no token.
 */
export function authRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  const spec = { name: "auth.tenant_access_token", auth: false, limit: { perMinute: 1000, perSecond: 50 } };
  const issue = async (c: SandboxContext) => {
    const body = (await c.req.json().catch(() => ({}))) as { app_id?: unknown; app_secret?: unknown };
    const appId = typeof body.app_id === "string" ? body.app_id : "";
    const known = state.apps.get(appId);
    if (!known) {
      c.set("code", Codes.invalidParam);
      return c.json({ code: Codes.invalidParam, msg: "invalid param: app_id" }, 400);
    }
    if (body.app_secret !== known.appSecret) {
      c.set("code", Codes.appCredentialsInvalid);
      return c.json({ code: Codes.appCredentialsInvalid, msg: "wrong app secret" }, 400);
    }
    const now = state.clock.now();
    let current: { token: string; expiresAt: number } | undefined;
    for (const t of state.tokens.values()) {
      if (t.appId === appId && (!current || t.expiresAt > current.expiresAt)) current = t;
    }
    if (!current || current.expiresAt - now < RENEW_BELOW_MS) {
      const token = newId(state, "t-g1", 36);
      current = { token, expiresAt: now + TOKEN_TTL_SECONDS * 1000 };
      state.tokens.set(token, { token, appId, expiresAt: current.expiresAt, issuedAt: now });
    }
    c.set("code", 0);
    return c.json({
      code: 0,
      msg: "ok",
      tenant_access_token: current.token,
      expire: Math.max(0, Math.floor((current.expiresAt - now) / 1000)),
    });
  };
  app.post("/open-apis/auth/v3/tenant_access_token/internal", guard(state, spec), issue);
  app.post(
    "/open-apis/auth/v3/app_access_token/internal",
    guard(state, { ...spec, name: "auth.app_access_token" }),
    async (c) => {
      const res = await issue(c);
      const body = (await res.clone().json()) as Record<string, unknown>;
      if (body.code !== 0) return res;
      return c.json({ ...body, app_access_token: body.tenant_access_token });
    },
  );
  return app;
}
