/**
 * Sliding-window rate limits per (app, api): a limit given as "1000/min & 50/s" trips on either.
 * Answers how many seconds to wait, which becomes x-ogw-ratelimit-reset.
 */
export type Limit = { perSecond?: number; perMinute?: number };

type Window = { stamps: number[] };

export type RateLimiter = {
  /** Records a hit and returns 0, or returns the seconds to wait (the hit is not recorded). */
  hit(key: string, limit: Limit, now: number): number;
  enabled: boolean;
  reset(): void;
};

export function createRateLimiter(enabled = true): RateLimiter {
  const windows = new Map<string, Window>();
  const limiter: RateLimiter = {
    enabled,
    reset: () => windows.clear(),
    hit(key, limit, now) {
      if (!limiter.enabled) return 0;
      let w = windows.get(key);
      if (!w) {
        w = { stamps: [] };
        windows.set(key, w);
      }
      const horizon = limit.perMinute ? 60_000 : 1_000;
      let drop = 0;
      while (drop < w.stamps.length && w.stamps[drop]! <= now - horizon) drop++;
      if (drop) w.stamps.splice(0, drop);
      const wait = waitFor(w.stamps, limit, now);
      if (wait > 0) return wait;
      w.stamps.push(now);
      return 0;
    },
  };
  return limiter;
}

function waitFor(stamps: number[], limit: Limit, now: number): number {
  let waitMs = 0;
  if (limit.perSecond) {
    const inSecond = countSince(stamps, now - 1_000);
    if (inSecond >= limit.perSecond) {
      const oldest = stamps[stamps.length - limit.perSecond]!;
      waitMs = Math.max(waitMs, oldest + 1_000 - now);
    }
  }
  if (limit.perMinute && stamps.length >= limit.perMinute) {
    const oldest = stamps[stamps.length - limit.perMinute]!;
    waitMs = Math.max(waitMs, oldest + 60_000 - now);
  }
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
}

function countSince(stamps: number[], since: number): number {
  let n = 0;
  for (let i = stamps.length - 1; i >= 0 && stamps[i]! > since; i--) n++;
  return n;
}
