import { type DeliveryResult, deliver } from "./delivery.ts";
import type { SandboxState } from "./state.ts";

/**
 * Delivers an event the way Feishu does: the same payload (same event_id) again after each delay in
 * `state.limits.eventRetryMs` while the app does not answer 200, to the event URL configured at that moment.
 * Card callbacks are never re-pushed (see callbacks.ts). Resolves with the first delivery's result; the
 * retries run on timers that do not keep the process alive.
 */
export async function deliverEvent(
  state: SandboxState,
  payload: unknown,
  api: string,
): Promise<DeliveryResult | undefined> {
  const url = state.delivery.eventUrl;
  if (!url) return undefined;
  const first = await deliver(state, url, payload, { kind: "event", api });
  if (first.error) retryLater(state, payload, api, 0);
  return first;
}

function retryLater(state: SandboxState, payload: unknown, api: string, attempt: number): void {
  const delay = state.limits.eventRetryMs[attempt];
  if (delay === undefined) return;
  const timer = setTimeout(async () => {
    const url = state.delivery.eventUrl;
    if (!url) return;
    const result = await deliver(state, url, payload, { kind: "event", api }).catch(() => undefined);
    if (!result || result.error) retryLater(state, payload, api, attempt + 1);
  }, delay);
  timer.unref?.();
}
