import type { Logger } from "./logger.ts";

/**
 * Work that continues after the HTTP answer (design rule 4): tracked so that shutdown and tests can wait
 * for it, and so that a failure is logged instead of becoming an unhandled rejection.
 */
export type BackgroundQueue = {
  /** Starts `work` now, after the current turn, and tracks it. */
  run(name: string, work: () => Promise<unknown>): void;
  /** Tracks a promise that is already running. */
  track(name: string, promise: Promise<unknown>): void;
  inFlight(): number;
  failures(): number;
  /** Resolves when nothing is in flight, including work added while draining; false if `timeoutMs` ran out first. */
  drain(timeoutMs?: number): Promise<boolean>;
};

export function createBackgroundQueue(logger: Logger): BackgroundQueue {
  const pending = new Set<Promise<void>>();
  let failed = 0;

  const track = (name: string, promise: Promise<unknown>) => {
    const started = Date.now();
    const tracked: Promise<void> = promise.then(
      () => {
        logger.debug("background.done", { task: name, ms: Date.now() - started });
      },
      (err: unknown) => {
        failed++;
        logger.error("background.failed", { task: name, ms: Date.now() - started, error: errorText(err) });
      },
    );
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };

  const run = (name: string, work: () => Promise<unknown>) => {
    track(
      name,
      Promise.resolve().then(() => work()),
    );
  };

  const drain = async (timeoutMs = 30_000): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      const outcome = await Promise.race([Promise.allSettled([...pending]), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") return false;
    }
    return true;
  };

  return { run, track, inFlight: () => pending.size, failures: () => failed, drain };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export type Outcome<T> = { kind: "done"; value: T } | { kind: "failed"; error: unknown } | { kind: "late" };

/** The watchdog: the work's outcome if it settles within `ms`, else "late" (the work itself keeps running). */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "late" }), ms);
  });
  const settled = work.then(
    (value): Outcome<T> => ({ kind: "done", value }),
    (error: unknown): Outcome<T> => ({ kind: "failed", error }),
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
