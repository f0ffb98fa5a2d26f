/** Counters the Feishu client keeps for /metrics and the benchmarks; plain numbers, cheap to bump. */
export type FeishuMetrics = {
  /** HTTP requests sent (every attempt, token requests included). */
  calls: number;
  callsByApi: Record<string, number>;
  retries: number;
  /** Non-success answers by Feishu code (or "http_<status>" / "network"), retried or not. */
  faults: Record<string, number>;
  /** Times a 429 / 99991400 made us wait for x-ogw-ratelimit-reset. */
  rateLimitWaits: number;
  /** Times the client-side pacer held a call back, and for how long in total. */
  pacedWaits: number;
  pacedWaitMs: number;
  tokenRefreshes: number;
};

/** One retry, or one call given up on (after retries, or at once when repeating it was unsafe or pointless). */
export type FeishuCallEvent = { api: string; outcome: "retry" | "failed"; fault: string; attempt: number };

export function createFeishuMetrics(): FeishuMetrics {
  return {
    calls: 0,
    callsByApi: {},
    retries: 0,
    faults: {},
    rateLimitWaits: 0,
    pacedWaits: 0,
    pacedWaitMs: 0,
    tokenRefreshes: 0,
  };
}

export function countCall(metrics: FeishuMetrics, api: string): void {
  metrics.calls++;
  metrics.callsByApi[api] = (metrics.callsByApi[api] ?? 0) + 1;
}

export function countFault(metrics: FeishuMetrics, fault: string | number): void {
  const key = String(fault);
  metrics.faults[key] = (metrics.faults[key] ?? 0) + 1;
}

/** A copy safe to serialise or compare in tests. */
export function snapshotMetrics(metrics: FeishuMetrics): FeishuMetrics {
  return structuredClone(metrics);
}
