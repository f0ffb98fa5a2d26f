import { Codes, SandboxError } from "../envelope.ts";
import type { SandboxState } from "../state.ts";
import { newId } from "../state.ts";

/**
 * Record paging. The first page of a query freezes the ordered list of matching record ids (a snapshot)
 * and the opaque page_token points into it, so paging a table never skips or repeats a row even while
 * it is written to: rows deleted meanwhile drop out, rows added meanwhile wait for the next query.
 * An expired snapshot falls back to re-running the query at the same offset.
 */
type Snapshot = { ids: string[]; createdAt: number };
type Token = { s: string; o: number; t: string };

const SNAPSHOT_TTL_MS = 30 * 60_000;
const MAX_SNAPSHOTS = 200;
const snapshotsByState = new WeakMap<SandboxState, Map<string, Snapshot>>();

export type Page = { ids: string[]; hasMore: boolean; pageToken?: string; total: number };

export function pageOf(
  state: SandboxState,
  tableId: string,
  query: () => string[],
  pageToken: string | undefined,
  pageSize: number,
): Page {
  const snapshots = snapshotStore(state);
  let token: Token | undefined;
  if (pageToken) {
    token = decode(pageToken);
    if (!token || token.t !== tableId) {
      throw new SandboxError(Codes.bitableFail, "Fail: invalid page_token for this table", 200);
    }
  }
  const snapshotId = token?.s ?? newId(state, "", 12);
  const offset = token?.o ?? 0;
  let ids = snapshots.get(snapshotId)?.ids;
  if (!ids) {
    ids = query();
    snapshots.set(snapshotId, { ids, createdAt: Date.now() });
  }
  const end = offset + pageSize;
  const hasMore = end < ids.length;
  if (!hasMore) snapshots.delete(snapshotId);
  const page: Page = { ids: ids.slice(offset, end), hasMore, total: ids.length };
  if (hasMore) page.pageToken = encode({ s: snapshotId, o: end, t: tableId });
  return page;
}

function snapshotStore(state: SandboxState): Map<string, Snapshot> {
  let store = snapshotsByState.get(state);
  if (!store) {
    store = new Map();
    snapshotsByState.set(state, store);
  }
  const now = Date.now();
  for (const [id, snap] of store) {
    if (now - snap.createdAt > SNAPSHOT_TTL_MS || store.size > MAX_SNAPSHOTS) store.delete(id);
    else break;
  }
  return store;
}

function encode(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decode(raw: string): Token | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Token>;
    if (typeof t.s === "string" && typeof t.o === "number" && t.o >= 0 && typeof t.t === "string") {
      return t as Token;
    }
  } catch {
    // not one of ours
  }
  return undefined;
}
