import type { Ledger } from "../store/ledger.ts";

type EffectState =
  | { status: "running"; at: number }
  | { status: "done"; at: number; result: unknown }
  | { status: "failed"; at: number; error: string };

export type EffectOutcome<T> =
  | { kind: "done"; value: T }
  | { kind: "duplicate"; previous: T }
  | { kind: "running" };

/** A claim whose work has not finished after this long is taken to have died with its process. */
const STALE_MS = 2 * 60_000;

/**
 * Runs a card action's effect once per effect key (the button's `k`). The key is claimed in the ledger
 * (`seenAction`) before any write, so a double click or a second submit finds it taken; a claim whose work
 * failed or died is tried again, which is safe because every write inside carries its own idempotency key.
 */
export async function runEffectOnce<T>(
  ledger: Ledger,
  key: string,
  now: number,
  work: () => Promise<T>,
): Promise<EffectOutcome<T>> {
  const stateKey = `effect:${key}`;
  if (await ledger.seenAction(key, now)) {
    const state = await ledger.get<EffectState>(stateKey);
    if (state?.status === "done") return { kind: "duplicate", previous: state.result as T };
    if (!state || (state.status === "running" && now - state.at < STALE_MS)) return { kind: "running" };
  }
  await ledger.set(stateKey, { status: "running", at: now } satisfies EffectState);
  try {
    const value = await work();
    await ledger.set(stateKey, { status: "done", at: now, result: value } satisfies EffectState);
    return { kind: "done", value };
  } catch (err) {
    await ledger.set(stateKey, {
      status: "failed",
      at: now,
      error: (err as Error).message ?? String(err),
    } satisfies EffectState);
    throw err;
  }
}
