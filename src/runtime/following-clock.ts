import type { Clock } from "../deps.ts";

/**
 * In sandbox mode the service keeps the sandbox's time, so moving the console's clock moves the jobs'
 * "today" too. The offset is refreshed in the background; until the first answer it is zero.
 */
export function followSandboxClock(
  sandboxUrl: string,
  everyMs = 2_000,
): Clock & { refresh(): Promise<void>; stop(): void } {
  let offset = 0;
  const refresh = async () => {
    try {
      const res = await fetch(`${sandboxUrl}/_sandbox/clock`, { signal: AbortSignal.timeout(1_000) });
      const body = (await res.json()) as { offsetMs?: number };
      if (typeof body.offsetMs === "number") offset = body.offsetMs;
    } catch {
      // The sandbox may be restarting; keep the last offset.
    }
  };
  const timer = setInterval(() => void refresh(), everyMs);
  timer.unref();
  return { now: () => Date.now() + offset, refresh, stop: () => clearInterval(timer) };
}
