/**
 * page_size / page_token paging for the list APIs (chats, contact users). The token is opaque to callers,
 * like Feishu's; a token not made here is rejected rather than read as "from the start".
 */
export type Page<T> =
  | { ok: true; items: T[]; hasMore: boolean; pageToken?: string }
  | { ok: false; kind: "page_size" | "page_token"; problem: string };

export function pageOf<T>(
  all: T[],
  sizeParam: string | undefined,
  tokenParam: string | undefined,
  opts: { defaultSize: number; maxSize: number },
): Page<T> {
  const size = sizeParam === undefined || sizeParam === "" ? opts.defaultSize : Number(sizeParam);
  if (!Number.isInteger(size) || size < 1 || size > opts.maxSize) {
    return {
      ok: false,
      kind: "page_size",
      problem: `page_size must be an integer from 1 to ${opts.maxSize}`,
    };
  }
  let offset = 0;
  if (tokenParam) {
    const decoded = decodeToken(tokenParam);
    if (decoded === undefined) return { ok: false, kind: "page_token", problem: "page_token is invalid" };
    offset = decoded;
  }
  const items = all.slice(offset, offset + size);
  const next = offset + items.length;
  const hasMore = next < all.length;
  return hasMore ? { ok: true, items, hasMore, pageToken: encodeToken(next) } : { ok: true, items, hasMore };
}

function encodeToken(offset: number): string {
  return Buffer.from(`sbx-page:${offset}`).toString("base64url");
}

function decodeToken(token: string): number | undefined {
  const m = /^sbx-page:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}
