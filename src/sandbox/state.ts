import type { SandboxClock } from "./clock.ts";
import { createClock } from "./clock.ts";
import type { Faults } from "./faults.ts";
import { createFaults } from "./faults.ts";
import type { RateLimiter } from "./ratelimit.ts";
import { createRateLimiter } from "./ratelimit.ts";

/** Everything the sandbox knows, in memory. Route modules read and change it; the control API inspects it. */
export type SandboxApp = { appId: string; appSecret: string; tenantKey: string; name: string };

export type IssuedToken = { token: string; appId: string; expiresAt: number; issuedAt: number };

export type FieldDef = {
  field_id: string;
  field_name: string;
  type: number;
  ui_type?: string;
  is_primary: boolean;
  property?: Record<string, unknown> | null;
  description?: unknown;
};

export type RecordRow = {
  record_id: string;
  /** Stored by field_id so renames keep values; rendered by name. */
  fields: Map<string, unknown>;
  created_time: number;
  last_modified_time: number;
  created_by?: string;
  last_modified_by?: string;
};

export type TableState = {
  table_id: string;
  name: string;
  revision: number;
  fields: FieldDef[];
  records: Map<string, RecordRow>;
  /** Until this time (sandbox clock ms) a write is in progress; an overlapping write gets 1254291. */
  busyUntil: number;
  autoNumber: number;
};

export type BaseState = {
  app_token: string;
  name: string;
  revision: number;
  tables: Map<string, TableState>;
};

export type SentMessage = {
  message_id: string;
  root_id?: string;
  parent_id?: string;
  msg_type: string;
  content: string;
  chat_id: string;
  receive_id: string;
  receive_id_type: string;
  sender_app_id: string;
  create_time: number;
  update_time: number;
  updated: number;
  deleted: boolean;
  uuid?: string;
  /** The user a p2p message went to (any receive_id_type resolves to this open_id). */
  receiver_open_id?: string;
  thread_id?: string;
  /** Every content change after the send: PATCH, a callback's answer, or a delayed update with a card token. */
  revisions?: MessageRevision[];
};

export type MessageRevision = {
  at: number;
  content: string;
  via: "patch" | "callback" | "card_update";
  open_ids?: string[];
};

export type SandboxUser = {
  open_id: string;
  user_id: string;
  union_id: string;
  name: string;
  en_name: string;
  email: string;
  mobile?: string;
  department_ids: string[];
  leader_user_id?: string;
  job_title?: string;
  status: {
    is_activated: boolean;
    is_resigned: boolean;
    is_frozen: boolean;
    is_exited: boolean;
    is_unjoin: boolean;
  };
  /** false: outside the app's availability (sends answer 230013). Unset means available. */
  available?: boolean;
};

export type SandboxDepartment = {
  department_id: string;
  open_department_id: string;
  name: string;
  parent_department_id: string;
  leader_user_id?: string;
};

export type SandboxChat = {
  chat_id: string;
  name: string;
  external: boolean;
  members: string[];
  bots: string[];
  /** p2p: the bot's one-to-one chat with p2p_open_id, created on the first send. Unset means group. */
  mode?: "p2p" | "group";
  p2p_open_id?: string;
  owner_open_id?: string;
  description?: string;
  create_time?: number;
};

/** A card update token handed out in a card.action.trigger callback: 30 minutes, at most 2 updates. */
export type CardUpdateToken = {
  token: string;
  appId: string;
  messageId: string;
  issuedAt: number;
  expiresAt: number;
  uses: number;
};

/** One card.action.trigger callback the sandbox delivered (and any replays), with the answer and how it was applied. */
export type CardCallbackRecord = {
  eventId: string;
  at: number;
  appId: string;
  messageId: string;
  operatorOpenId: string;
  token: string;
  payload: unknown;
  attempts: { at: number; status: number; ms: number; error?: { code: number; msg: string } }[];
  answer?: unknown;
  toast?: unknown;
  cardUpdated: boolean;
  error?: { code: number; msg: string };
};

export type CallLogEntry = {
  at: number;
  api: string;
  method: string;
  path: string;
  status: number;
  code: number;
  ms: number;
  kind: "api" | "callback" | "event";
};

/** Where the sandbox delivers events and card callbacks (the service under test), and how it signs them. */
export type DeliveryConfig = {
  eventUrl?: string;
  cardUrl?: string;
  encryptKey?: string;
  verificationToken?: string;
  /** The service's base URL and admin token, so the console can run its jobs (POST /admin/jobs/:name). */
  service?: ServiceLink;
};

export type ServiceLink = { url: string; adminToken: string };

export type SandboxState = {
  apps: Map<string, SandboxApp>;
  tokens: Map<string, IssuedToken>;
  bases: Map<string, BaseState>;
  messages: Map<string, SentMessage>;
  /** uuid → message id and time, per app: the same uuid sends at most one message within an hour. */
  messageUuids: Map<string, { message_id: string; at: number }>;
  /** client_token → the response body first given, per (app, api, table). */
  clientTokens: Map<string, { at: number; body: unknown }>;
  users: Map<string, SandboxUser>;
  departments: Map<string, SandboxDepartment>;
  chats: Map<string, SandboxChat>;
  subscriptions: Set<string>;
  delivery: DeliveryConfig;
  callLog: CallLogEntry[];
  clock: SandboxClock;
  limiter: RateLimiter;
  faults: Faults;
  /** Feishu limits on: rate limits, write conflicts, size limits. Off only for fast unit tests. */
  limits: {
    rateLimits: boolean;
    writeConflicts: boolean;
    writeMsPerRecord: number;
    writeMsBase: number;
    /** Records one table may hold (1254103 beyond); the tenant's plan decides on Feishu. */
    maxRecordsPerTable: number;
    /** Delays before Feishu re-pushes an event the app did not take (15 s, 5 min, 1 h, 6 h). */
    eventRetryMs: number[];
  };
  seq: number;
  cardTokens: Map<string, CardUpdateToken>;
  cardCallbacks: CardCallbackRecord[];
};

/** Feishu re-pushes an event the app did not take (no HTTP 200 within 3 s) after these delays, at most 4 times. */
export const EVENT_RETRY_MS = [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

export function createState(opts: { rateLimits?: boolean } = {}): SandboxState {
  const rateLimits = opts.rateLimits ?? true;
  return {
    apps: new Map(),
    tokens: new Map(),
    bases: new Map(),
    messages: new Map(),
    messageUuids: new Map(),
    clientTokens: new Map(),
    users: new Map(),
    departments: new Map(),
    chats: new Map(),
    subscriptions: new Set(),
    delivery: {},
    callLog: [],
    clock: createClock(),
    limiter: createRateLimiter(rateLimits),
    faults: createFaults(),
    limits: {
      rateLimits,
      writeConflicts: true,
      writeMsPerRecord: 0.02,
      writeMsBase: 5,
      maxRecordsPerTable: 500_000,
      eventRetryMs: [...EVENT_RETRY_MS],
    },
    seq: 0,
    cardTokens: new Map(),
    cardCallbacks: [],
  };
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Feishu-looking ids: a prefix and random base62 (e.g. rec…, tbl…, fld…, om_…, ou_…). */
export function newId(state: SandboxState, prefix: string, length = 10): string {
  state.seq++;
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return prefix + s;
}

/**
 * Back to an empty sandbox, keeping what stands for the app's registration: apps and their issued tokens
 * (so a running service keeps its cached token), delivery URLs and keys, and the limit switches.
 * Built from createState so fields added later are cleared too.
 */
export function resetState(state: SandboxState): void {
  const kept = {
    apps: state.apps,
    tokens: state.tokens,
    delivery: state.delivery,
    limits: state.limits,
    seq: state.seq,
  };
  Object.assign(state, createState({ rateLimits: state.limits.rateLimits }), kept);
}

/** Counts for the console header and GET /_sandbox/state. */
export function stateSummary(state: SandboxState) {
  let tables = 0;
  let records = 0;
  for (const b of state.bases.values()) {
    tables += b.tables.size;
    for (const t of b.tables.values()) records += t.records.size;
  }
  const now = state.clock.now();
  return {
    /** Marks the answer as this sandbox's, so the CLI can tell it from another program on the port. */
    sandbox: "feishu-kam",
    now,
    clockOffsetMs: state.clock.offsetMs(),
    apps: state.apps.size,
    tokens: [...state.tokens.values()].filter((t) => t.expiresAt > now).length,
    users: state.users.size,
    departments: state.departments.size,
    chats: state.chats.size,
    messages: state.messages.size,
    cardCallbacks: state.cardCallbacks.length,
    bases: state.bases.size,
    tables,
    records,
    calls: state.callLog.length,
    faults: state.faults.rules.length,
    limits: state.limits,
    delivery: { eventUrl: state.delivery.eventUrl ?? null, cardUrl: state.delivery.cardUrl ?? null },
  };
}
