import { createHash } from "node:crypto";
import { Codes, SandboxError } from "../envelope.ts";
import { sleep } from "../guard.ts";
import type { SandboxState, TableState } from "../state.ts";

/**
 * Two Feishu write rules around every table write:
 * - one write at a time per table: a write holds the table for writeMsBase + writeMsPerRecord × n
 *   (really waited out before answering); another write arriving meanwhile gets 1254291 (HTTP 200);
 * - client_token (UUIDv4, else 1254037) makes a write idempotent per app, API and table: the same token
 *   with the same body answers the first response again without writing; with a different body 1255006;
 *   while the first is still in flight 1254608. The docs give no window; the sandbox keeps tokens 24 h.
 */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const TOKEN_TTL_MS = 24 * 3_600_000;

/**
 * Writes in flight per table, and when the last of them answers. The hold ends when the write answers,
 * not on a clock: timers may fire a little before Date.now() says the time is up, and the sandbox clock
 * can jump backwards.
 */
type InFlight = { count: number; settled: Promise<void> };
const inFlight = new WeakMap<TableState, InFlight>();

export function writeInFlight(table: TableState): boolean {
  return (inFlight.get(table)?.count ?? 0) > 0;
}

/** Resolves once no write holds the table (change events wait for it, so they follow the API answer). */
export function tableSettled(table: TableState): Promise<void> {
  return inFlight.get(table)?.settled ?? Promise.resolve();
}

function hold(table: TableState): () => void {
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  const prev = inFlight.get(table);
  const slot: InFlight = {
    count: (prev?.count ?? 0) + 1,
    settled: prev ? Promise.all([prev.settled, done]).then(() => undefined) : done,
  };
  inFlight.set(table, slot);
  return () => {
    release();
    const current = inFlight.get(table);
    if (current && --current.count === 0) inFlight.delete(table);
  };
}

export type GateKey = { appId: string; api: string; appToken: string; tableId: string; clientToken?: string };
type Remembered = { hash: string; data?: unknown; pending: boolean };

export async function gatedWrite<T>(
  state: SandboxState,
  table: TableState,
  key: GateKey,
  body: unknown,
  records: number,
  run: () => T,
): Promise<T> {
  const tokenKey = key.clientToken !== undefined ? clientTokenKey(key) : undefined;
  const hash = createHash("sha256")
    .update(JSON.stringify(body ?? null))
    .digest("hex");
  if (tokenKey) {
    const seen = remembered(state, tokenKey);
    if (seen) {
      if (seen.hash !== hash) {
        throw new SandboxError(
          Codes.bitableClientTokenConflict,
          "Client token conflict, please generate a new client token and try again.",
          400,
        );
      }
      if (seen.pending)
        throw new SandboxError(
          Codes.bitableResubmitTooFast,
          "Same API requests are submitted repeatedly.",
          403,
        );
      return seen.data as T;
    }
  }
  const now = state.clock.now();
  if (state.limits.writeConflicts && writeInFlight(table)) {
    throw new SandboxError(
      Codes.bitableWriteConflict,
      "Write conflict: the table is processing another write",
      200,
    );
  }
  const data = run();
  const ms = state.limits.writeMsBase + state.limits.writeMsPerRecord * records;
  table.busyUntil = Math.max(table.busyUntil, now + ms);
  const release = hold(table);
  const entry: Remembered = { hash, pending: true };
  if (tokenKey) state.clientTokens.set(tokenKey, { at: now, body: entry });
  try {
    if (ms > 0) await sleep(ms);
  } finally {
    entry.pending = false;
    entry.data = data;
    release();
  }
  return data;
}

export function checkClientToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!UUID_V4.test(raw)) {
    throw new SandboxError(
      Codes.bitableBadClientToken,
      "Invalid client token, make sure that it complies with the specification.",
      400,
    );
  }
  return raw.toLowerCase();
}

function clientTokenKey(k: GateKey): string {
  return `bitable|${k.appId}|${k.api}|${k.appToken}|${k.tableId}|${k.clientToken}`;
}

function remembered(state: SandboxState, key: string): Remembered | undefined {
  const hit = state.clientTokens.get(key);
  if (!hit) return undefined;
  if (state.clock.now() - hit.at > TOKEN_TTL_MS) {
    state.clientTokens.delete(key);
    return undefined;
  }
  return hit.body as Remembered;
}
