import type { Context, MiddlewareHandler } from "hono";
import { Codes, fail, SandboxError } from "./envelope.ts";
import type { Limit } from "./ratelimit.ts";
import type { SandboxState } from "./state.ts";

export type SandboxEnv = { Variables: { appId: string; api: string; tenantKey: string; code: number } };
export type SandboxContext = Context<SandboxEnv>;

/** One Open API as the sandbox serves it: a stable name (for limits, faults and the call log), its documented rate. */
export type ApiSpec = { name: string; limit?: Limit; auth?: boolean };

/**
 * Runs before every Open API handler, in Feishu's order: injected latency, token check, rate limit,
 * injected error. Also records the call (and its final code) in the call log the console shows.
 */
export function guard(state: SandboxState, spec: ApiSpec): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const started = Date.now();
    c.set("api", spec.name);
    try {
      const fault = state.faults.decide(spec.name);
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (spec.auth !== false) authenticate(state, c);
      const appId = c.get("appId") ?? "anonymous";
      if (spec.limit) {
        const wait = state.limiter.hit(`${appId}|${spec.name}`, spec.limit, state.clock.now());
        if (wait > 0) throw rateLimited(spec.limit, wait);
      }
      if (fault.code !== undefined) throw injected(fault.code, spec.limit);
      await next();
    } catch (err) {
      if (!(err instanceof SandboxError)) throw err;
      c.res = fail(c, err);
    } finally {
      log(state, c, spec.name, started);
    }
  };
}

function authenticate(state: SandboxState, c: SandboxContext): void {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new SandboxError(Codes.tokenMissing, "Missing access token for authorization.", 400);
  const issued = state.tokens.get(match[1]!);
  if (!issued) throw new SandboxError(Codes.tokenInvalid, "Invalid access token for authorization.", 400);
  if (issued.expiresAt <= state.clock.now()) {
    // The common error-code page gives 99991663 for an expired tenant token (99991677 is for user tokens).
    throw new SandboxError(
      Codes.tokenInvalid,
      "Invalid access token for authorization. Please make a request with token attached",
      400,
    );
  }
  const app = state.apps.get(issued.appId);
  c.set("appId", issued.appId);
  c.set("tenantKey", app?.tenantKey ?? "");
}

function rateLimited(limit: Limit, waitSeconds: number): SandboxError {
  const perSecond = limit.perSecond ?? Math.ceil((limit.perMinute ?? 0) / 60);
  return new SandboxError(Codes.rateLimited, "request trigger frequency limit", 429, {
    "x-ogw-ratelimit-limit": String(perSecond),
    "x-ogw-ratelimit-reset": String(waitSeconds),
  });
}

function injected(code: number | "5xx" | "429", limit?: Limit): SandboxError {
  if (code === "429") return rateLimited(limit ?? { perSecond: 50 }, 1);
  if (code === "5xx") return new SandboxError(Codes.bitableInternalError, "InternalError (injected)", 500);
  if (code === Codes.rateLimited) return rateLimited(limit ?? { perSecond: 50 }, 1);
  return new SandboxError(code, `injected fault ${code}`, 200);
}

function log(state: SandboxState, c: SandboxContext, api: string, started: number): void {
  const status = c.res?.status ?? 200;
  const code = c.get("code") ?? (status >= 400 ? -1 : 0);
  state.callLog.push({
    at: state.clock.now(),
    api,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    status,
    code,
    ms: Date.now() - started,
    kind: "api",
  });
  if (state.callLog.length > 5_000) state.callLog.splice(0, state.callLog.length - 5_000);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
