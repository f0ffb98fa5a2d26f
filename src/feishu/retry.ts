import type { Logger } from "../logger.ts";
import { TOKEN_ERROR_CODES } from "./errors.ts";
import type { CallInfo } from "./limits.ts";
import { countFault, type FeishuCallEvent, type FeishuMetrics } from "./metrics.ts";
import type { Exchange, HttpRequest, HttpResponse } from "./transport.ts";

/**
 * Retries with exponential backoff and full jitter. What may be repeated depends on what the
 * failure proves: a rate limit or a write conflict proves nothing was written, so any call is
 * repeated; a 5xx, a timeout or a dropped connection proves nothing, so only calls that cannot
 * act twice (reads, updates, creates carrying client_token, sends carrying uuid) are repeated.
 */
export type RetryOptions = {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Give up when the next wait would end after this long since the first attempt (ms). */
  deadlineMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

export type RetryDeps = {
  describe: (req: HttpRequest) => CallInfo;
  logger: Logger;
  metrics: FeishuMetrics;
  /** Drops the cached tenant token the request carried and returns a fresh one (undefined: not ours). */
  refreshToken?: (req: HttpRequest) => Promise<string | undefined>;
  /** Told how long the server asked us to hold an API back. */
  onRateLimited?: (info: CallInfo, waitMs: number) => void;
  /** Every retry and every failure for good, for the service's own counters. */
  onEvent?: (event: FeishuCallEvent) => void;
};

/** Failures that prove the request was refused before anything was written. */
const REFUSED_CODES: ReadonlySet<number> = new Set([99991400, 1254290, 1254291, 1254608, 230020, 1254036]);
/** Failures after which the call may or may not have taken effect. */
const UNCERTAIN_CODES: ReadonlySet<number> = new Set([1255001, 1255002, 1255040, 1254607]);

type Outcome =
  | { kind: "ok"; res: HttpResponse }
  | { kind: "token"; res: HttpResponse; code: number }
  | { kind: "refused" | "uncertain" | "final"; res: HttpResponse; code: number; rateLimitMs?: number }
  | { kind: "network"; err: unknown };

export function classify(res: HttpResponse): Outcome {
  const code = codeOf(res.data);
  if (res.status >= 200 && res.status < 300 && (code === 0 || code === undefined)) return { kind: "ok", res };
  const c = code ?? res.status;
  if (code !== undefined && TOKEN_ERROR_CODES.has(code)) return { kind: "token", res, code };
  if (res.status === 429 || code === 99991400) {
    const reset = Number(res.headers["x-ogw-ratelimit-reset"]);
    return {
      kind: "refused",
      res,
      code: c,
      rateLimitMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000,
    };
  }
  if (code !== undefined && REFUSED_CODES.has(code)) return { kind: "refused", res, code };
  if (res.status >= 500 || (code !== undefined && UNCERTAIN_CODES.has(code)))
    return { kind: "uncertain", res, code: c };
  return { kind: "final", res, code: c };
}

export function withRetry(next: Exchange, deps: RetryDeps, opts: RetryOptions = {}): Exchange {
  const maxAttempts = opts.maxAttempts ?? 6;
  const deadlineMs = opts.deadlineMs ?? 120_000;
  const base = opts.baseDelayMs ?? 200;
  const cap = opts.maxDelayMs ?? 15_000;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;

  return async (original) => {
    const info = deps.describe(original);
    const started = now();
    let req = original;
    let tokenRefreshed = false;
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome;
      try {
        outcome = classify(await next(req));
      } catch (err) {
        outcome = { kind: "network", err };
      }
      if (outcome.kind === "ok") return outcome.res;
      const fault = outcome.kind === "network" ? "network" : String(outcome.code);
      countFault(deps.metrics, fault);
      const log = { api: info.api, attempt, fault, idempotent: info.idempotent, table: info.table?.key };
      const emit = (outcome: FeishuCallEvent["outcome"]) =>
        deps.onEvent?.({ api: info.api, outcome, fault, attempt });

      if (outcome.kind === "token") {
        const fresh = tokenRefreshed || !deps.refreshToken ? undefined : await deps.refreshToken(req);
        if (!fresh) {
          emit("failed");
          return outcome.res;
        }
        emit("retry");
        tokenRefreshed = true;
        deps.metrics.tokenRefreshes++;
        deps.metrics.retries++;
        deps.logger.warn("feishu.token_refreshed", log);
        req = { ...req, headers: { ...req.headers, authorization: `Bearer ${fresh}` } };
        continue;
      }
      const repeatable =
        outcome.kind === "refused" ||
        ((outcome.kind === "uncertain" || outcome.kind === "network") && info.idempotent);
      const backoff = random() * Math.min(cap, base * 2 ** (attempt - 1));
      const rateLimitMs = "rateLimitMs" in outcome ? outcome.rateLimitMs : undefined;
      const wait = Math.max(backoff, rateLimitMs ?? 0);
      const giveUp = !repeatable || attempt >= maxAttempts || now() + wait - started > deadlineMs;
      if (giveUp) {
        if (repeatable) deps.logger.warn("feishu.retry_exhausted", { ...log, elapsedMs: now() - started });
        else if (outcome.kind !== "final")
          deps.logger.warn("feishu.not_retried", { ...log, reason: "not idempotent" });
        emit("failed");
        if (outcome.kind === "network") throw outcome.err;
        return outcome.res;
      }
      deps.metrics.retries++;
      emit("retry");
      if (rateLimitMs !== undefined) {
        deps.metrics.rateLimitWaits++;
        deps.onRateLimited?.(info, wait);
      }
      deps.logger.warn("feishu.retry", { ...log, waitMs: Math.round(wait) });
      await sleep(wait);
    }
  };
}

function codeOf(data: unknown): number | undefined {
  if (!data || typeof data !== "object") return undefined;
  const code = (data as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}
