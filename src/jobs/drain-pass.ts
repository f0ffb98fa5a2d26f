import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";
import { plainWrites } from "./plain-writes.ts";
import { isDue, type SinkPass } from "./sink-pass.ts";
import { writeSinks } from "./write-sinks.ts";

export type DrainPassOptions = {
  /** Writes attempted at most in this pass: bounds its Feishu calls (on Workers, its subrequests). */
  limit: number;
  /** The pass's time, on the clock the runtime keeps the ledger's retry times on. */
  now: number;
};

export type DrainPassResult = {
  attempted: number;
  /** Something was attempted and writes are due still (the limit was reached, or follow-ups were queued). */
  more: boolean;
  /** The earliest time a pending write that is not due now will be. */
  nextRetryAt?: number;
};

/** Pending writes one pass looks at, due or not: a sink resends an open batch only if it sees its writes. */
const SCAN = 5_000;

/**
 * One bounded pass over the ledger's outbox, the same on Node (jobs/pending-writes.ts loops it) and on
 * Workers (the queue consumer runs one per invocation). Each table's sink gets that table's pending writes
 * and a share of `limit`, handed out oldest table first; sinks of different tables run side by side, and
 * the pass waits for all of them, so no write is left in flight when a Worker invocation ends.
 */
export async function drainPass(services: Services, opts: DrainPassOptions): Promise<DrainPassResult> {
  const { now } = opts;
  const started = Date.now();
  let nextRetryAt: number | undefined;
  const later = (at: number) => {
    nextRetryAt = Math.min(nextRetryAt ?? at, at);
  };
  const pending = await services.ledger.pendingWrites(SCAN, Number.MAX_SAFE_INTEGER);
  for (const w of pending) if (w.retryAt !== undefined && !isDue(w, now)) later(w.retryAt);

  const sinks = writeSinks();
  const runs = await Promise.allSettled(
    shares(pending, now, opts.limit).map(({ table, writes, budget }) => {
      const pass: SinkPass = {
        now,
        budget,
        // Counted from the failure, not from the start of a pass that may have waited on Feishu for seconds.
        retryAt(attempts) {
          const at = now + (Date.now() - started) + retryDelayMs(attempts);
          later(at);
          return at;
        },
      };
      return (sinks[table] ?? plainWrites)(services, writes, pass);
    }),
  );
  const failed = runs.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  const attempted = runs.reduce((n, r) => n + (r.status === "fulfilled" ? r.value : 0), 0);
  const more = attempted > 0 && (await services.ledger.pendingWrites(1, now)).length > 0;
  if (attempted > 0) services.logger.info("writes.drained", { attempted, more, next_retry_at: nextRetryAt });
  return nextRetryAt === undefined ? { attempted, more } : { attempted, more, nextRetryAt };
}

type Share = { table: string; writes: PendingWrite[]; budget: number };

/** Each table's pending writes and how many of its due ones it may attempt, oldest table first. */
function shares(pending: PendingWrite[], now: number, limit: number): Share[] {
  const byTable = new Map<string, PendingWrite[]>();
  for (const w of pending) {
    const list = byTable.get(w.table);
    if (list) list.push(w);
    else byTable.set(w.table, [w]);
  }
  let left = limit;
  const out: Share[] = [];
  for (const [table, writes] of byTable) {
    const budget = Math.min(left, writes.filter((w) => isDue(w, now)).length);
    if (budget === 0) continue;
    left -= budget;
    out.push({ table, writes, budget });
  }
  return out;
}

/** Exponential backoff with jitter, capped at a minute: a write keeps being retried until it lands. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
