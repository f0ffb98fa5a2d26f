import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorText, withinBudget } from "./background.ts";
import type { CardActionContext, CardActionResult, Deps } from "./deps.ts";
import { checkCallback } from "./feishu/callbacks.ts";
import { safeEqual } from "./feishu/crypto.ts";
import { LATENCY_BUCKETS, serviceCounters } from "./metrics.ts";

export type AppOptions = {
  /** How long a card handler may take before the answer becomes a "处理中…" toast (Feishu allows 3 s in all). */
  cardBudgetMs?: number;
  probeTimeoutMs?: number;
  /** A probe result is reused this long, so frequent health checks do not hammer Feishu. */
  probeCacheMs?: number;
  bodyLimitBytes?: number;
};

type CardAnswer = {
  toast?: CardActionResult["toast"];
  card?: { type: "raw"; data: Record<string, unknown> };
};
type Check = { ok: boolean; ms: number; error?: string };

/** The common answers, serialised once. */
const EMPTY_ANSWER = "{}";
const PENDING_ANSWER = JSON.stringify({ toast: { type: "info", content: "处理中…" } });
const FAILED_ANSWER = JSON.stringify({ toast: { type: "error", content: "操作失败，请稍后重试" } });
const UNKNOWN_ACTION_ANSWER = JSON.stringify({
  toast: { type: "warning", content: "这个操作已失效，请刷新卡片后重试" },
});
const JSON_TYPE = { "content-type": "application/json" } as const;

/** A JSON answer from text already serialised. */
const json = (c: Context, text: string) => c.body(text, 200, JSON_TYPE);

/** The service's HTTP edge: Feishu callbacks, health, metrics and the admin trigger. No globals: all state is in deps. */
export function createApp(deps: Deps, opts: AppOptions = {}) {
  const budgetMs = opts.cardBudgetMs ?? 2_500;
  const { logger, metrics, ledger, clock, background } = deps;
  const requests = metrics.counter("kam_http_requests_total", "HTTP requests, by route and status.");
  const latency = metrics.histogram(
    "kam_callback_latency_seconds",
    "Time to answer a Feishu callback.",
    LATENCY_BUCKETS,
  );
  const duplicates = metrics.counter(
    "kam_events_duplicate_total",
    "Feishu deliveries dropped as already seen.",
  );
  const cardOutcomes = metrics.counter("kam_card_actions_total", "Card actions, by action and outcome.");
  serviceCounters(metrics);
  metrics.gauge(
    "kam_background_in_flight",
    "Tasks still running after their HTTP answer.",
    background.inFlight,
  );

  const app = new Hono();
  // Series resolved once per label set: building a label key on every request is a measurable share of a callback.
  const requestSeries = new Map<string, { inc(): void }>();
  app.use("*", async (c, next) => {
    await next();
    const route = routeLabel(c.req.path);
    const key = `${route} ${c.res.status}`;
    let series = requestSeries.get(key);
    if (!series) {
      series = requests.with({ route, status: c.res.status });
      requestSeries.set(key, series);
    }
    series.inc();
  });
  const duplicate = duplicates.with({});
  const outcomeSeries = new Map<string, { inc(): void }>();
  const countOutcome = (action: string, outcome: "ok" | "late" | "error" | "unknown") => {
    const key = `${action}\u0000${outcome}`;
    let series = outcomeSeries.get(key);
    if (!series) {
      series = cardOutcomes.with({ action, outcome });
      outcomeSeries.set(key, series);
    }
    series.inc();
  };

  const callback = (route: string) => {
    const answered = latency.with({ route });
    return async (c: Context) => {
      const started = performance.now();
      try {
        return await answer(c, route);
      } finally {
        answered.observe((performance.now() - started) / 1000);
      }
    };
  };

  const answer = async (c: Context, route: string) => {
    const checked = checkCallback({
      headers: c.req.raw.headers,
      body: await c.req.text(),
      secrets: { encryptKey: deps.config.encryptKey, verificationToken: deps.config.verificationToken },
      now: clock.now(),
    });
    if (checked.kind === "reject") {
      logger.warn("callback.rejected", { route, status: checked.status, reason: checked.reason });
      return c.json({ error: checked.reason }, checked.status);
    }
    if (checked.kind === "challenge") return c.json({ challenge: checked.challenge });
    if (await ledger.seenEvent(checked.eventId, clock.now())) {
      duplicate.inc();
      logger.info("callback.duplicate", { route, event_id: checked.eventId });
      return json(c, EMPTY_ANSWER);
    }
    if (checked.kind === "event") {
      const { eventType, event, eventId, header } = checked;
      background.run(`event:${eventType}`, async () => {
        const handled = await deps.onEvent(eventType, event, { eventId, header });
        if (!handled) logger.info("callback.event_unhandled", { event_type: eventType, event_id: eventId });
      });
      return json(c, EMPTY_ANSWER);
    }
    const name = actionName(checked.action.action.value);
    const handler = name !== undefined && Object.hasOwn(deps.actions, name) ? deps.actions[name] : undefined;
    if (!handler) {
      countOutcome("unknown", "unknown");
      logger.warn("card.unknown_action", { action: name ?? null, event_id: checked.eventId });
      return json(c, UNKNOWN_ACTION_ANSWER);
    }
    // The abort signal is made only if a handler asks for it: most never do, and one costs microseconds.
    let late: AbortController | undefined;
    let answeredLate = false;
    const ctx: CardActionContext = {
      name: name!,
      value: actionValue(checked.action.action.value),
      event: checked.action,
      header: checked.header,
      get late() {
        late ??= new AbortController();
        if (answeredLate) late.abort();
        return late.signal;
      },
      deps,
    };
    const work = Promise.resolve().then(() => handler(ctx));
    const outcome = await withinBudget(work, budgetMs);
    if (outcome.kind === "late") {
      answeredLate = true;
      late?.abort();
      countOutcome(name!, "late");
      const token = checked.action.token;
      // Feishu requires the delayed update to come after the answer; a late result by definition does.
      background.track(
        `card:${name}`,
        work.then(async (result) => {
          if (!result?.card) return;
          if (deps.feishu.updateCard) await deps.feishu.updateCard(token, result.card);
          else logger.warn("card.late_card_dropped", { action: name, event_id: checked.eventId });
        }),
      );
      return json(c, PENDING_ANSWER);
    }
    if (outcome.kind === "failed") {
      countOutcome(name!, "error");
      logger.error("card.failed", {
        action: name,
        event_id: checked.eventId,
        error: errorText(outcome.error),
      });
      return json(c, FAILED_ANSWER);
    }
    countOutcome(name!, "ok");
    return json(c, JSON.stringify(cardAnswer(outcome.value)));
  };

  const maxBytes = opts.bodyLimitBytes ?? 1024 * 1024;
  // The unread rest of an oversized body makes the connection unusable: tell the client not to reuse it.
  const tooLarge = (c: Context) =>
    c.json({ error: "body too large (limit 1 MB)" }, 413, { connection: "close" });
  const streamingLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  // A declared length is checked without touching the body: Hono's bodyLimit would materialise a full
  // Request and its stream, which costs about half the throughput on Node. Chunked bodies still stream through it.
  const limit: MiddlewareHandler = async (c, next) => {
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined)
      return streamingLimit(c, next);
    return Number(length) > maxBytes ? tooLarge(c) : next();
  };
  app.post("/feishu/events", limit, callback("/feishu/events"));
  app.post("/feishu/cards", limit, callback("/feishu/cards"));

  const startedAt = Date.now();
  let probeCache: { at: number; check: Check } | undefined;
  app.get("/healthz", async (c) => {
    const cacheMs = opts.probeCacheMs ?? 10_000;
    const probe = async (): Promise<Check> => {
      if (probeCache && Date.now() - probeCache.at < cacheMs) return probeCache.check;
      const check = await timed(async () => {
        if (!(await deps.feishu.probe())) throw new Error("Feishu did not answer");
      }, opts.probeTimeoutMs ?? 1_500);
      probeCache = { at: Date.now(), check };
      return check;
    };
    const [ledgerCheck, feishuCheck] = await Promise.all([timed(() => ledger.ping(), 1_000), probe()]);
    const status = !ledgerCheck.ok ? "down" : feishuCheck.ok ? "ok" : "degraded";
    return c.json(
      {
        status,
        mode: deps.config.mode,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        backgroundInFlight: background.inFlight(),
        checks: { ledger: ledgerCheck, feishu: feishuCheck },
      },
      ledgerCheck.ok ? 200 : 503,
    );
  });

  app.get("/metrics", (c) =>
    c.body(metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }),
  );

  app.get("/admin/jobs", (c) => {
    if (!adminAuthorized(c.req.header("authorization"))) return unauthorized(c);
    return c.json({ jobs: deps.jobNames });
  });

  app.post("/admin/jobs/:name", async (c) => {
    if (!adminAuthorized(c.req.header("authorization"))) return unauthorized(c);
    const name = c.req.param("name");
    const atParam = c.req.query("at");
    const at =
      atParam === undefined ? undefined : /^\d+$/.test(atParam) ? Number(atParam) : Date.parse(atParam);
    if (at !== undefined && Number.isNaN(at))
      return c.json({ error: "at must be epoch ms or an ISO date-time" }, 400);
    const started = await deps.runJob(name, { force: c.req.query("force") === "1", trigger: "admin", at });
    if (!started) return c.json({ error: `no job named ${name}` }, 404);
    background.track(`job:${name}`, started.done);
    logger.info("admin.job_started", { job: name, run_id: started.runId });
    return c.json({ job: name, runId: started.runId }, 202);
  });

  function adminAuthorized(header: string | undefined): boolean {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
    return Boolean(
      deps.config.adminToken && presented && safeEqual(digest(presented), digest(deps.config.adminToken)),
    );
  }

  app.notFound((c) => c.json({ error: `not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    logger.error("http.failed", { route: c.req.path, error: errorText(err) });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}

function actionName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const action = (value as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? action : undefined;
}

function actionValue(value: unknown): Record<string, unknown> {
  return typeof value === "string"
    ? { action: value }
    : ((value as Record<string, unknown> | undefined) ?? {});
}

function cardAnswer(result: CardActionResult | undefined): CardAnswer {
  const answer: CardAnswer = {};
  if (result?.toast) answer.toast = result.toast;
  if (result?.card) answer.card = { type: "raw", data: result.card };
  return answer;
}

async function timed(check: () => Promise<void>, timeoutMs: number): Promise<Check> {
  const started = performance.now();
  const outcome = await withinBudget(Promise.resolve().then(check), timeoutMs);
  const ms = Math.round(performance.now() - started);
  if (outcome.kind === "done") return { ok: true, ms };
  const error = outcome.kind === "late" ? `timed out after ${timeoutMs} ms` : errorText(outcome.error);
  return { ok: false, ms, error };
}

function digest(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

const ROUTES = new Set(["/feishu/events", "/feishu/cards", "/healthz", "/metrics"]);

function routeLabel(path: string): string {
  if (ROUTES.has(path)) return path;
  return path.startsWith("/admin/jobs/") ? "/admin/jobs/:name" : "other";
}

function unauthorized(c: Context) {
  return c.json({ error: "unauthorized: send Authorization: Bearer <KAM_ADMIN_TOKEN>" }, 401, {
    "www-authenticate": "Bearer",
  });
}
