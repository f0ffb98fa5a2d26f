import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { createBase } from "../bitable/store.ts";
import { CardActionRefused, CardActionSchema, redeliver, triggerCardAction } from "../callbacks.ts";
import { FaultRuleSchema } from "../faults.ts";
import { createGroupChat, GroupChatSchema } from "../im/chats.ts";
import { messagesView } from "../im/inspect.ts";
import { SeedOrgSchema, seedOrg } from "../org.ts";
import type { SandboxState } from "../state.ts";
import { resetState, stateSummary } from "../state.ts";

/** A base as a person would make one in Feishu (the Open API cannot create one under a chosen token). */
const BaseBody = z.object({
  app_token: z.string().regex(/^[A-Za-z0-9]{6,64}$/),
  name: z.string().max(100).default(""),
});

/**
 * The sandbox's own API for tests and the console, under /_sandbox (no Feishu auth, plain JSON).
 * Bodies are checked with zod; a bad body is HTTP 400 `{error, issues?}`, an unknown thing 404 `{error}`.
 */
const ClockBody = z.union([
  z.object({
    now: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.iso.date()]),
  }),
  z.object({ advanceMs: z.number().int() }),
]);
const FaultsBody = z.union([z.array(FaultRuleSchema), z.object({ rules: z.array(FaultRuleSchema) })]);
const LimitsBody = z.object({
  rateLimits: z.boolean().optional(),
  writeConflicts: z.boolean().optional(),
  writeMsPerRecord: z.number().nonnegative().optional(),
  writeMsBase: z.number().nonnegative().optional(),
  maxRecordsPerTable: z.number().int().positive().optional(),
  eventRetryMs: z.array(z.number().int().nonnegative()).max(10).optional(),
});
const DeliveryBody = z.object({
  eventUrl: z.url().nullable().optional(),
  cardUrl: z.url().nullable().optional(),
  encryptKey: z.string().nullable().optional(),
  verificationToken: z.string().nullable().optional(),
});
const AppBody = z.object({
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  tenantKey: z.string().min(1).default("sandbox-tenant"),
  name: z.string().min(1).default("feishu-kam"),
});
const ReplayBody = z.object({ deadlineMs: z.number().int().positive().max(60_000).optional() });

class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

export function controlRoutes(state: SandboxState) {
  const app = new Hono().basePath("/_sandbox");
  app.onError((err, c) => {
    if (err instanceof ControlError) return c.json({ error: err.message, issues: err.issues }, err.status);
    if (err instanceof CardActionRefused) return c.json({ error: err.message }, 404);
    return c.json({ error: `sandbox control error: ${err.message}` }, 500);
  });

  app.post("/reset", (c) => {
    resetState(state);
    return c.json(stateSummary(state));
  });
  app.get("/state", (c) => c.json(stateSummary(state)));
  app.post("/seed/org", async (c) => c.json(seedOrg(state, await body(c, SeedOrgSchema))));

  app.get("/messages", (c) =>
    c.json({
      items: messagesView(state, {
        receiveId: c.req.query("receive_id") || undefined,
        chatId: c.req.query("chat_id") || undefined,
        since: sinceParam(c),
      }),
    }),
  );
  app.get("/calls", (c) => {
    const since = sinceParam(c) ?? 0;
    const api = c.req.query("api");
    return c.json({ items: state.callLog.filter((e) => e.at >= since && (!api || e.api === api)) });
  });

  app.get("/clock", (c) => c.json(clockView(state)));
  app.post("/clock", async (c) => {
    const b = await body(c, ClockBody);
    const target =
      "advanceMs" in b
        ? state.clock.now() + b.advanceMs
        : typeof b.now === "number"
          ? b.now
          : Date.parse(b.now);
    state.clock.set(target);
    return c.json(clockView(state));
  });

  app.get("/faults", (c) => c.json({ rules: state.faults.rules }));
  app.post("/faults", async (c) => {
    const b = await body(c, FaultsBody);
    state.faults.set(Array.isArray(b) ? b : b.rules);
    return c.json({ rules: state.faults.rules });
  });
  app.delete("/faults", (c) => {
    state.faults.set([]);
    return c.json({ rules: [] });
  });

  app.post("/limits", async (c) => {
    const b = await body(c, LimitsBody);
    Object.assign(state.limits, stripUndefined(b));
    state.limiter.enabled = state.limits.rateLimits;
    return c.json({ limits: state.limits });
  });

  app.get("/delivery", (c) => c.json(deliveryView(state)));
  app.post("/delivery", async (c) => {
    const b = await body(c, DeliveryBody);
    for (const [k, v] of Object.entries(b) as [keyof typeof b, string | null | undefined][]) {
      if (v === null) delete state.delivery[k];
      else if (v !== undefined) state.delivery[k] = v;
    }
    return c.json(deliveryView(state));
  });

  app.post("/apps", async (c) => {
    const b = await body(c, AppBody);
    state.apps.set(b.appId, b);
    return c.json({ appId: b.appId, tenantKey: b.tenantKey, name: b.name });
  });

  app.post("/chats", async (c) => c.json(createGroupChat(state, await body(c, GroupChatSchema))));

  app.post("/cards/:message_id/action", async (c) => {
    const b = await body(c, CardActionSchema.omit({ messageId: true }));
    return c.json(
      await triggerCardAction(state, { ...stripUndefined(b), messageId: c.req.param("message_id") }),
    );
  });
  app.get("/callbacks", (c) => c.json({ items: state.cardCallbacks }));
  app.post("/callbacks/:event_id/replay", async (c) => {
    const b = await body(c, ReplayBody);
    return c.json(await redeliver(state, c.req.param("event_id"), b));
  });

  app.post("/tokens/expire", (c) => {
    const now = state.clock.now();
    for (const t of state.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    for (const t of state.cardTokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    return c.json({ tenantTokens: state.tokens.size, cardTokens: state.cardTokens.size });
  });

  app.post("/bases", async (c) => {
    const b = await body(c, BaseBody);
    const base = state.bases.get(b.app_token) ?? createBase(state, b);
    return c.json({ app_token: base.app_token, name: base.name, tables: base.tables.size });
  });

  app.get("/bases", (c) =>
    c.json({
      items: [...state.bases.values()].map((b) => ({
        app_token: b.app_token,
        name: b.name,
        tables: [...b.tables.values()].map((t) => ({
          table_id: t.table_id,
          name: t.name,
          records: t.records.size,
          fields: t.fields.length,
        })),
      })),
    }),
  );
  return app;
}

/** Parses a JSON body (an empty body counts as {}) against a schema, or answers 400 with zod's issues. */
async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ControlError(400, "the body is not valid JSON");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new ControlError(
      400,
      `invalid body: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  return parsed.data;
}

/** `since` as epoch milliseconds or an ISO date. */
function sinceParam(c: Context): number | undefined {
  const raw = c.req.query("since");
  if (!raw) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(n)) throw new ControlError(400, "since must be epoch milliseconds or an ISO date");
  return n;
}

function clockView(state: SandboxState) {
  const now = state.clock.now();
  return { now, iso: new Date(now).toISOString(), offsetMs: state.clock.offsetMs() };
}

function deliveryView(state: SandboxState) {
  const d = state.delivery;
  return {
    eventUrl: d.eventUrl ?? null,
    cardUrl: d.cardUrl ?? null,
    encryptKey: d.encryptKey ?? null,
    verificationToken: d.verificationToken ?? null,
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ServiceBody = z.object({
  url: z.url({ protocol: /^https?$/ }).nullable(),
  adminToken: z.string().min(1).max(500).optional(),
});

/**
 * POST /_sandbox/service {url, adminToken}: where the service under test answers its admin API, so the
 * console can run its daily jobs; `{url: null}` forgets it. GET shows the URL and whether a token is set.
 * Mounted by the console router (src/sandbox/console/).
 */
export function serviceLinkRoutes(state: SandboxState) {
  const app = new Hono().basePath("/_sandbox");
  app.onError((err, c) =>
    err instanceof ControlError
      ? c.json({ error: err.message, issues: err.issues }, err.status)
      : c.json({ error: `sandbox control error: ${err.message}` }, 500),
  );
  const view = () => ({
    url: state.delivery.service?.url ?? null,
    adminTokenSet: Boolean(state.delivery.service?.adminToken),
  });
  app.get("/service", (c) => c.json(view()));
  app.post("/service", async (c) => {
    const b = await body(c, ServiceBody);
    if (b.url === null) delete state.delivery.service;
    else {
      const adminToken = b.adminToken ?? state.delivery.service?.adminToken;
      if (!adminToken) throw new ControlError(400, "invalid body: adminToken: required with a new url");
      state.delivery.service = { url: b.url.replace(/\/+$/, ""), adminToken };
    }
    return c.json(view());
  });
  return app;
}
