/**
 * Keys that make a repeated write harmless. Web Crypto only, so Node and Workers derive the same
 * values: a rerun after a crash sends the very same client_token / uuid as the first run.
 */
async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** A UUIDv4-shaped value (Bitable's client_token must be one) derived from a key, deterministically. */
export async function clientTokenFor(key: string): Promise<string> {
  const b = (await sha256(key)).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Feishu accepts message uuids of at most 50 characters (发送消息: 最大长度 50). */
export const MESSAGE_UUID_MAX = 50;

/** The effect key itself when it fits (readable in logs and the sandbox console), else a hash of it. */
export async function messageUuidFor(effectKey: string): Promise<string> {
  if (effectKey.length > 0 && effectKey.length <= MESSAGE_UUID_MAX) return effectKey;
  const b = await sha256(effectKey);
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `h-${hex.slice(0, MESSAGE_UUID_MAX - 2)}`;
}

export function randomClientToken(): string {
  return crypto.randomUUID();
}
