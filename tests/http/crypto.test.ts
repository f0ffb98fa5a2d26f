import * as lark from "@larksuiteoapi/node-sdk";
import { describe, expect, it } from "vitest";
import { decryptPayload, encryptPayload } from "../../src/feishu/crypto.ts";
import { cardAction, deliver, ENCRYPT_KEY } from "./fixtures.ts";

const VECTOR = {
  key: "test key",
  cipher: "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=",
  plain: "hello world",
};

describe("Feishu payload encryption", () => {
  it("decrypts the documented vector", () => {
    expect(decryptPayload(VECTOR.key, VECTOR.cipher)).toBe(VECTOR.plain);
  });

  it("agrees with the official SDK's AESCipher on the documented vector", () => {
    expect(new lark.AESCipher(VECTOR.key).decrypt(VECTOR.cipher)).toBe(VECTOR.plain);
  });

  it("encrypts what the official SDK's AESCipher decrypts (the SDK can only decrypt)", () => {
    const plaintext = JSON.stringify(cardAction({ action: "visit.log", note: "拜访记录 ✓" }));
    expect(new lark.AESCipher(ENCRYPT_KEY).decrypt(encryptPayload(ENCRYPT_KEY, plaintext))).toBe(plaintext);
  });

  it("signs deliveries the way the official SDK verifies them", async () => {
    const seen: unknown[] = [];
    const handler = new lark.CardActionHandler(
      { encryptKey: ENCRYPT_KEY, loggerLevel: lark.LoggerLevel.error },
      async (data: unknown) => {
        seen.push(data);
        return { toast: { type: "success", content: "ok" } };
      },
    );
    const d = deliver(cardAction({ action: "visit.log" }));
    const data = Object.assign(Object.create({ headers: d.headers }), JSON.parse(d.body));
    expect(await handler.invoke(data)).toEqual({ toast: { type: "success", content: "ok" } });
    expect(seen).toHaveLength(1);
  });
});
