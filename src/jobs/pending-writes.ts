import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";
import { plainWrites, writeSinks } from "./write-sinks.ts";

/**
 * The ledger's outbox, drained to Feishu: survey answers, care-log rows, account roll-ups and low-score
 * alerts are queued in the ledger first (so an acknowledged click is never lost) and written here, retried
 * with backoff until they land. It drains at start, so a restart finishes what a crash left.
 */
export type WriteSink = (services: Services, writes: PendingWrite[], now: number) => Promise<number>;

export type PendingWritesDrain = {
  /** Runs a drain soon (now, or right after the one in progress). */
  kick(): void;
  /** Resolves when no write is due and none is being written (writes waiting for a retry time do not count). */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

/** How many pending writes one pass looks at: enough for several full batches per table. */
const SCAN = 5_000;

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
        if ((await drainOnce(services)) > 0) again = true;
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

/** One pass: every sink gets its table's pending writes (due or not) and writes what is due. */
export async function drainOnce(services: Services): Promise<number> {
  const now = Date.now();
  const pending = await services.ledger.pendingWrites(SCAN, Number.MAX_SAFE_INTEGER);
  const byTable = new Map<string, PendingWrite[]>();
  for (const w of pending) {
    const list = byTable.get(w.table);
    if (list) list.push(w);
    else byTable.set(w.table, [w]);
  }
  const sinks = writeSinks();
  const done = await Promise.all(
    [...byTable].map(([table, writes]) => (sinks[table] ?? plainWrites)(services, writes, now)),
  );
  return done.reduce((a, b) => a + b, 0);
}

/** Exponential backoff with jitter, capped at a minute: a write keeps being retried until it lands. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
