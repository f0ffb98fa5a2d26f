import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hash,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/** A service has one Encrypt Key (two during a rotation); more than this means keys are not being reused. */
const KEY_CACHE_LIMIT = 8;
const keys = new Map<string, Buffer>();

/** Feishu event encryption: key = SHA-256(encrypt key), AES-256-CBC, IV prefixed to the ciphertext, base64. */
function keyOf(encryptKey: string): Buffer {
  // Derived once per key, not per delivery: the hash is a measurable share of a callback's CPU.
  let key = keys.get(encryptKey);
  if (!key) {
    if (keys.size >= KEY_CACHE_LIMIT) keys.clear();
    key = createHash("sha256").update(encryptKey).digest();
    keys.set(encryptKey, key);
  }
  return key;
}

export function encryptPayload(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv("aes-256-cbc", keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

/** Throws on a wrong key or damaged data; callers turn that into a 400/401. */
export function decryptPayload(encryptKey: string, encrypted: string): string {
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) throw new Error("encrypted payload has an invalid length");
  const decipher = createDecipheriv("aes-256-cbc", keyOf(encryptKey), data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8");
}

/** X-Lark-Signature: hex SHA-256 of timestamp + nonce + encryptKey + raw body. */
export function signPayload(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return hash("sha256", timestamp + nonce + encryptKey + rawBody, "hex");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function randomNonce(): string {
  return randomBytes(8).toString("hex");
}
