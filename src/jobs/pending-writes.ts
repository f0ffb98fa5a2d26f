import type { Services } from "../services.ts";
import { drainPass } from "./drain-pass.ts";

/**
 * The ledger's outbox, drained to Feishu in this process (Node): survey answers, care-log rows, account
 * roll-ups and low-score alerts are queued in the ledger first (so an acknowledged click is never lost) and
 * written by drain passes, retried with backoff until they land. It drains at start, so a restart finishes
 * what a crash left. Workers run the same passes from their queue (runtime/worker-queue.ts).
 */
export type PendingWritesDrain = {
  /** Runs a drain soon (now, or right after the one in progress). */
  kick(): void;
  /** Resolves when no write is due and none is being written (writes waiting for a retry time do not count). */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

/** No subrequest budget here: each table's sink gets all its due writes and takes its own batch of them. */
const PASS_LIMIT = 5_000;

type DrainState = PendingWritesDrain & { timer?: ReturnType<typeof setInterval> };

const drains = new WeakMap<Services, DrainState>();

/**
 * Starts draining now and every `intervalMs`; the runtime calls this once, after the services exist.
 * One drain per ledger: a second one over the same queue could batch the same answer under another token.
 */
export function startPendingWritesDrain(
  services: Services,
  opts: { intervalMs?: number } = {},
): PendingWritesDrain {
  let drain = drains.get(services);
  if (!drain) {
    drain = createDrain(services);
    drains.set(services, drain);
    drain.timer = setInterval(() => drain?.kick(), opts.intervalMs ?? 5_000);
    drain.timer.unref?.();
  }
  drain.kick();
  return drain;
}

/**
 * After queueing a write: write it now rather than at the next tick. Without a drain started in this
 * process (Workers drain from their queue) it does nothing; the write waits, safe, in the ledger.
 */
export function kickPendingWrites(services: Services): void {
  drains.get(services)?.kick();
}

function createDrain(services: Services): DrainState {
  const log = services.logger.child({ component: "pending-writes" });
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const loop = async () => {
    do {
      again = false;
      try {
        // The machine's clock: the service clock may be a test's or the sandbox's, which need not move.
        if ((await drainPass(services, { limit: PASS_LIMIT, now: Date.now() })).more) again = true;
      } catch (err) {
        log.error("pending_writes.pass_failed", { error: (err as Error).message });
      }
    } while (again && !stopped);
  };

  const state: DrainState = {
    kick() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => {
        running = undefined;
      });
    },
    async settled() {
      for (;;) {
        if (running) await running;
        const due = await services.ledger.pendingWrites(1, Date.now());
        if (due.length === 0 && !running) return;
        state.kick();
        // A due write can wait behind a batch whose retry time has not come: poll rather than spin.
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      stopped = true;
      if (state.timer) clearInterval(state.timer);
      await running;
    },
  };
  return state;
}
