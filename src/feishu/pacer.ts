import type { CallInfo, Rate } from "./limits.ts";
import type { FeishuMetrics } from "./metrics.ts";
import type { Exchange, HttpRequest } from "./transport.ts";

/**
 * Client-side pacing: a sliding window per rate key, so we send at the documented rate and never
 * earn a 429. A call counts from when it is sent until its answer arrives plus the window: the
 * server stamps it somewhere in between, so measuring from the answer can never undercount.
 */
export type Pacer = {
  /** Waits for a slot under every rate; returns the release to call when the answer is in. */
  acquire(rates: Rate[]): Promise<() => void>;
  /** Holds a key back (after the server said so in x-ogw-ratelimit-reset). */
  pause(key: string, ms: number): void;
};

export type PacerOptions = {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Extra room per window for clock granularity (ms). */
  marginMs?: number;
  onWait?: (ms: number) => void;
};

type Slot = { end?: number; done: Promise<void> };
type Window = { slots: Slot[]; pausedUntil: number };

export function createPacer(opts: PacerOptions = {}): Pacer {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const margin = opts.marginMs ?? 5;
  const windows = new Map<string, Window>();

  const windowOf = (key: string): Window => {
    let w = windows.get(key);
    if (!w) {
      w = { slots: [], pausedUntil: 0 };
      windows.set(key, w);
    }
    return w;
  };

  /** 0 when a slot is free now; otherwise ms to wait, or a promise that settles when a busy call ends. */
  const waitFor = (rate: Rate, t: number): number | Promise<void> => {
    const w = windowOf(rate.key);
    const horizon = rate.perMinute ? 60_000 : 1_000;
    w.slots = w.slots.filter((s) => s.end === undefined || s.end + horizon + margin > t);
    let wait = Math.max(0, w.pausedUntil - t);
    for (const [limit, span] of [
      [rate.perSecond, 1_000],
      [rate.perMinute, 60_000],
    ] as const) {
      if (!limit) continue;
      const live = w.slots.filter((s) => s.end === undefined || s.end + span + margin > t);
      if (live.length < limit) continue;
      const ends = live
        .map((s) => s.end)
        .filter((e): e is number => e !== undefined)
        .sort((a, b) => a - b);
      const mustExpire = live.length - limit + 1;
      if (ends.length < mustExpire)
        return Promise.race(live.filter((s) => s.end === undefined).map((s) => s.done));
      wait = Math.max(wait, ends[mustExpire - 1]! + span + margin - t);
    }
    return wait;
  };

  const sweep = (t: number) => {
    for (const [key, w] of windows) {
      const idle = w.slots.every((s) => s.end !== undefined && s.end + 60_000 < t) && w.pausedUntil < t;
      if (idle) windows.delete(key);
    }
  };

  return {
    async acquire(rates) {
      const started = now();
      // Per-recipient and per-message keys come and go; forget the windows nobody has used for a minute.
      if (windows.size > 1_000) sweep(started);
      for (;;) {
        const t = now();
        let wait = 0;
        let busy: Promise<void> | undefined;
        for (const rate of rates) {
          const w = waitFor(rate, t);
          if (typeof w === "number") wait = Math.max(wait, w);
          else busy = w;
        }
        if (busy) await busy;
        else if (wait > 0) await sleep(wait);
        else break;
      }
      const waited = now() - started;
      if (waited > 0) opts.onWait?.(waited);
      let finish!: () => void;
      const slot: Slot = { done: new Promise<void>((r) => (finish = r)) };
      for (const rate of rates) windowOf(rate.key).slots.push(slot);
      return () => {
        slot.end ??= now();
        finish();
      };
    },
    pause(key, ms) {
      const w = windowOf(key);
      w.pausedUntil = Math.max(w.pausedUntil, now() + ms);
    },
  };
}

/** The pacing layer: one slot per attempt, released when the answer (or the failure) arrives. */
export function withPacing(next: Exchange, pacer: Pacer, describe: (req: HttpRequest) => CallInfo): Exchange {
  return async (req) => {
    const rates = describe(req).rates;
    if (rates.length === 0) return next(req);
    const release = await pacer.acquire(rates);
    try {
      return await next(req);
    } finally {
      release();
    }
  };
}

export function pacingMetrics(metrics: FeishuMetrics): (ms: number) => void {
  return (ms) => {
    metrics.pacedWaits++;
    metrics.pacedWaitMs += ms;
  };
}
