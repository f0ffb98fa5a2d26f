import type { BackgroundQueue } from "./background.ts";
import type { Config } from "./config.ts";
import type { CardActionEvent, EnvelopeHeader } from "./feishu/callbacks.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { Ledger } from "./store/ledger.ts";

export type Clock = { now(): number };

/** What the HTTP edge needs from the Feishu client; the client module implements more. */
export type FeishuEdge = {
  /** True when the Open API answers (e.g. a token call succeeds). Used by /healthz. */
  probe(): Promise<boolean>;
  /** Delayed card update with a callback token (POST /open-apis/interactive/v1/card/update). */
  updateCard?(token: string, card: Record<string, unknown>): Promise<void>;
};

export type Toast = {
  type: "info" | "success" | "error" | "warning";
  content: string;
  i18n?: Record<string, string>;
};

/** What an action handler gives back: shown to the user if it comes within the budget. */
export type CardActionResult = {
  toast?: Toast;
  /** The whole updated card (JSON 2.0 when the sent card was 2.0); sent as {type:"raw", data}. */
  card?: Record<string, unknown>;
};

export type CardActionContext = {
  /** The action id, `action.value.action` (e.g. "visit.log"). */
  name: string;
  /** `action.value` as an object (a string value arrives as {action: value}). */
  value: Record<string, unknown>;
  event: CardActionEvent;
  header: EnvelopeHeader;
  /**
   * Aborted when the answer budget has passed and a "处理中…" toast went out instead. A late result's card is
   * then delivered as a delayed update with the callback token, so handlers usually need not look at this.
   */
  late: AbortSignal;
  deps: Deps;
};

export type CardActionHandler = (ctx: CardActionContext) => Promise<CardActionResult>;

export type EventMeta = { eventId: string; header: EnvelopeHeader | null };

/** Runs after the ack; resolves false when nothing handles `type` (the edge then logs it as unhandled). */
export type EventHandler = (type: string, event: unknown, meta: EventMeta) => Promise<boolean>;

export type JobStart = { runId: string; done: Promise<unknown> };

/** Starts a job by name; undefined when there is no such job. `done` settles when the run ends. */
export type JobRunner = (
  name: string,
  /** `at`: run as of this moment (ms), e.g. the day the sandbox console's clock shows. */
  opts: { force: boolean; trigger: "admin" | "schedule" | "cli"; at?: number },
) => Promise<JobStart | undefined>;

/** The dependency bag handed to the app, jobs and actions. */
export type Deps = {
  config: Config;
  logger: Logger;
  ledger: Ledger;
  clock: Clock;
  feishu: FeishuEdge;
  actions: Readonly<Record<string, CardActionHandler>>;
  onEvent: EventHandler;
  runJob: JobRunner;
  /** Names of the jobs `runJob` knows, for GET /admin/jobs. */
  jobNames: readonly string[];
  metrics: Metrics;
  background: BackgroundQueue;
};
