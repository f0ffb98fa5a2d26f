import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";

/** What one drain pass (jobs/drain-pass.ts) hands each sink. */
export type SinkPass = {
  /** The pass's time: a write is due when its retry time is at or before it. */
  now: number;
  /** Writes the sink may attempt in this pass; only an open batch, resent whole, may go over it. */
  budget: number;
  /** When a write that failed for the `attempts`-th time is due again (backoff with jitter). */
  retryAt(attempts: number): number;
};

/**
 * Writes one kind of queued write (the ledger row's `table`). It gets all of that table's pending writes, due
 * or not (an open batch is recognised by its keys), attempts what is due within the budget, marks each written
 * or failed in the ledger, and returns how many it attempted.
 */
export type WriteSink = (services: Services, writes: PendingWrite[], pass: SinkPass) => Promise<number>;

export function isDue(write: PendingWrite, now: number): boolean {
  return (write.retryAt ?? 0) <= now;
}
