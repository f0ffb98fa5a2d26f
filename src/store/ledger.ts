/**
 * The ledger: what was seen, sent, run and still owed to Feishu. Every effect has a key (design rule 3);
 * the ledger is where keys are claimed so that a crash and a rerun neither double nor lose anything.
 * The port is async so that the D1 adapter (Workers) and the SQLite adapter (Node) share it.
 */

export type SendState = "new" | "pending" | "sent";

export type SendMeta = {
  /** Who or what the message goes to, for operators reading the ledger (an open_id or chat_id, never content). */
  target?: string;
  job?: string;
  at: number;
};

export type SendClaim = {
  /** new: the caller owns the send now; pending: claimed before and not confirmed (retry with the same uuid); sent: done. */
  state: SendState;
  messageId?: string;
  attempts: number;
  claimedAt: number;
};

export type SendRow = {
  key: string;
  state: "pending" | "sent" | "failed";
  messageId?: string;
  error?: string;
  attempts: number;
  target?: string;
  job?: string;
  createdAt: number;
  updatedAt: number;
};

export type JobRun = {
  runId: number;
  job: string;
  period: string;
  status: "running" | "done" | "failed";
  attempts: number;
  startedAt: number;
  finishedAt?: number;
  summary?: Record<string, unknown>;
};

export type WriteOp = "create" | "update" | "delete";

export type PendingWriteInput = {
  /** Idempotency key; also the source of the Bitable client_token. */
  key: string;
  table: string;
  op: WriteOp;
  payload: unknown;
};

export type PendingWrite = PendingWriteInput & {
  status: "pending" | "written" | "failed";
  attempts: number;
  recordId?: string;
  error?: string;
  retryAt?: number;
  createdAt: number;
};

export type Ledger = {
  /** Records an event id; true when it had been seen before (a Feishu re-push). */
  seenEvent(eventId: string, at: number): Promise<boolean>;
  /** Records a card-action key (e.g. one form submission); true when it had been seen before. */
  seenAction(key: string, at?: number): Promise<boolean>;
  /** Forgets seen events and actions older than `before` (ms); returns how many were removed. */
  pruneEvents(before: number): Promise<number>;
  /** Forgets finished sends (sent, failed) and writes (written, failed) last touched before `before`. */
  pruneFinished(before: number): Promise<number>;
  /** Forgets small-state entries under `prefix` last set before `before`. */
  pruneState(prefix: string, before: number): Promise<number>;

  /** Claims a send: a failed send is claimed again as new. */
  claimSend(key: string, meta: SendMeta): Promise<SendClaim>;
  markSent(key: string, messageId: string): Promise<void>;
  markFailed(key: string, error: string): Promise<void>;
  sendsFor(prefix: string): Promise<SendRow[]>;

  /** Starts (or restarts after a crash or failure) the run of `job` for `period`; null if that period already completed. */
  startJobRun(job: string, period: string, at: number): Promise<number | null>;
  finishJobRun(runId: number, summary: Record<string, unknown>, status?: "done" | "failed"): Promise<void>;
  lastJobRun(job: string): Promise<JobRun | undefined>;

  /** Queues a write to Bitable; a key already queued (or written) is left as it is. True when newly queued. */
  enqueueWrite(write: PendingWriteInput): Promise<boolean>;
  /** Writes that are due: pending and with no retry time or one at or before `now`, oldest first. */
  pendingWrites(limit: number, now?: number): Promise<PendingWrite[]>;
  markWritten(key: string, recordId: string): Promise<void>;
  /** retryAt null gives up on the write (status failed); otherwise it is due again at retryAt. */
  markWriteFailed(key: string, error: string, retryAt: number | null): Promise<void>;

  /** Small state (sync cursors, hysteresis), JSON-encoded. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Every small-state entry whose key starts with `prefix`, in key order. */
  entries<T = unknown>(prefix: string): Promise<[string, T][]>;

  /** Cheap round trip for /healthz; rejects when the store is unusable. */
  ping(): Promise<void>;
};
