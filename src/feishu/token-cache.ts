import type * as lark from "@larksuiteoapi/node-sdk";

/**
 * The SDK's token cache, ours so that a rejected token can be dropped and fetched again. It remembers
 * which tokens it handed out: only those are replaced on a token error (a user token a caller passed
 * in is not ours to swap for a tenant token).
 */
export type TokenCache = lark.Cache & { issued(token: string): boolean; invalidate(token: string): void };

export function createTokenCache(): TokenCache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const issued = new Set<string>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ""}/${key.toString()}`;
  return {
    async get(key, options) {
      const entry = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
      return entry.value;
    },
    async set(key, value, expiresAt, options) {
      values.set(keyOf(key as string | symbol, options?.namespace), { value, expiresAt });
      if (typeof value === "string") {
        if (issued.size > 100) issued.clear();
        issued.add(value);
      }
      return true;
    },
    issued: (token) => issued.has(token),
    invalidate(token) {
      for (const [k, entry] of values) if (entry.value === token) values.delete(k);
    },
  };
}
