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
 * The hold is timed on the real clock: table.busyUntil (sandbox clock, for the console) would turn a
 * backwards jump of the sandbox clock into a table that stays busy for the jumped span.
 */
const holds = new WeakMap<TableState, number>();

export function holdLeftMs(table: TableState): number {
  return Math.max(0, (holds.get(table) ?? 0) - Date.now());
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
  if (state.limits.writeConflicts && holdLeftMs(table) > 0) {
    throw new SandboxError(
      Codes.bitableWriteConflict,
      "Write conflict: the table is processing another write",
      200,
    );
  }
  const data = run();
  const ms = state.limits.writeMsBase + state.limits.writeMsPerRecord * records;
  table.busyUntil = Math.max(table.busyUntil, now + ms);
  holds.set(table, Math.max(holds.get(table) ?? 0, Date.now() + ms));
  const entry: Remembered = { hash, pending: true };
  if (tokenKey) state.clientTokens.set(tokenKey, { at: now, body: entry });
  try {
    if (ms > 0) await sleep(ms);
  } finally {
    entry.pending = false;
    entry.data = data;
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
