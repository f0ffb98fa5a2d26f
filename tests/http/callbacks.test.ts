import { describe, expect, it } from "vitest";
import { type CallbackSecrets, checkCallback } from "../../src/feishu/callbacks.ts";
import { encryptPayload } from "../../src/feishu/crypto.ts";
import { cardAction, type Delivery, deliver, ENCRYPT_KEY, envelope, VERIFICATION_TOKEN } from "./fixtures.ts";

const withKey: CallbackSecrets = { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };
const tokenOnly: CallbackSecrets = { encryptKey: "", verificationToken: VERIFICATION_TOKEN };

function check(d: Delivery, secrets = withKey, now = Date.now()) {
  return checkCallback({ headers: new Headers(d.headers), body: d.body, secrets, now });
}

const challenge = { type: "url_verification", challenge: "ch-123", token: VERIFICATION_TOKEN };
const recordChanged = () =>
  envelope("drive.file.bitable_record_changed_v1", { table_id: "tbl1", action_list: [] });

describe("checkCallback with an Encrypt Key", () => {
  it("answers an encrypted url_verification that Feishu sends without a signature", () => {
    expect(check(deliver(challenge, { sign: false }))).toEqual({ kind: "challenge", challenge: "ch-123" });
  });

  it("answers an encrypted and signed url_verification", () => {
    expect(check(deliver(challenge))).toEqual({ kind: "challenge", challenge: "ch-123" });
  });

  it("refuses an unsigned url_verification carrying the wrong token", () => {
    expect(check(deliver({ ...challenge, token: "nope" }, { sign: false }))).toMatchObject({
      kind: "reject",
      status: 401,
    });
  });

  it("accepts a signed, encrypted event and returns its envelope", () => {
    const payload = recordChanged();
    expect(check(deliver(payload))).toMatchObject({
      kind: "event",
      eventId: payload.header.event_id,
      eventType: "drive.file.bitable_record_changed_v1",
      event: { table_id: "tbl1" },
    });
  });

  it("parses a card action into operator, action and context", () => {
    const result = check(deliver(cardAction({ action: "visit.log", account: "C0001" })));
    expect(result).toMatchObject({
      kind: "card",
      action: {
        operator: { open_id: "ou_manager" },
        token: "c-card-update-token",
        action: { tag: "button", value: { action: "visit.log", account: "C0001" } },
        context: { open_message_id: "om_card", open_chat_id: "oc_chat" },
      },
    });
  });

  it("refuses an event without a signature", () => {
    expect(check(deliver(recordChanged(), { sign: false }))).toEqual({
      kind: "reject",
      status: 401,
      reason: "missing signature",
    });
  });

  it("refuses a forged signature", () => {
    const d = deliver(recordChanged());
    d.headers["x-lark-signature"] = "0".repeat(64);
    expect(check(d)).toMatchObject({ kind: "reject", status: 401, reason: "signature mismatch" });
  });

  it("refuses a body changed after signing", () => {
    const d = deliver(recordChanged());
    d.body = d.body.replace("}", " }");
    expect(check(d)).toMatchObject({ kind: "reject", status: 401 });
  });

  it("refuses a signature without its nonce", () => {
    const d = deliver(recordChanged());
    delete d.headers["x-lark-request-nonce"];
    expect(check(d)).toMatchObject({ kind: "reject", status: 401, reason: "missing signature headers" });
  });

  it("refuses timestamps more than five minutes old or ahead, and accepts four minutes", () => {
    const now = Date.now();
    const at = (offsetSec: number) =>
      deliver(recordChanged(), { timestampSec: Math.floor(now / 1000) + offsetSec });
    expect(check(at(-6 * 60), withKey, now)).toMatchObject({
      kind: "reject",
      status: 401,
      reason: "stale timestamp",
    });
    expect(check(at(6 * 60), withKey, now)).toMatchObject({
      kind: "reject",
      status: 401,
      reason: "stale timestamp",
    });
    expect(check(at(-4 * 60), withKey, now).kind).toBe("event");
  });

  it("answers 400 to a signed body whose ciphertext does not decrypt", () => {
    const d = deliver(recordChanged(), { encrypt: () => Buffer.alloc(48, 7).toString("base64") });
    expect(check(d)).toMatchObject({ kind: "reject", status: 400, reason: "undecryptable payload" });
  });

  it("answers 400 to a signed card action without its context", () => {
    const payload = cardAction({ action: "visit.log" });
    (payload.event as Record<string, unknown>).context = undefined;
    expect(check(deliver(payload))).toMatchObject({ kind: "reject", status: 400 });
  });
});

describe("checkCallback with only a Verification Token", () => {
  it("answers a plain url_verification with the right token", () => {
    expect(check(deliver(challenge, { encryptKey: "" }), tokenOnly)).toEqual({
      kind: "challenge",
      challenge: "ch-123",
    });
  });

  it("checks header.token of a 2.0 envelope", () => {
    expect(check(deliver(recordChanged(), { encryptKey: "" }), tokenOnly).kind).toBe("event");
    const forged = envelope("im.message.receive_v1", {}, { token: "guess" });
    expect(check(deliver(forged, { encryptKey: "" }), tokenOnly)).toMatchObject({
      kind: "reject",
      status: 401,
    });
  });

  it("checks the top-level token of a 1.0 event and dedupes it by uuid", () => {
    const v1 = {
      uuid: "u-1",
      token: VERIFICATION_TOKEN,
      ts: "1",
      type: "event_callback",
      event: { type: "p2p_chat_create" },
    };
    expect(check(deliver(v1, { encryptKey: "" }), tokenOnly)).toMatchObject({
      kind: "event",
      eventId: "u-1",
    });
    expect(check(deliver({ ...v1, token: "x" }, { encryptKey: "" }), tokenOnly)).toMatchObject({
      status: 401,
    });
  });

  it("answers 400 to an encrypted body it has no key for", () => {
    const d: Delivery = { headers: {}, body: JSON.stringify({ encrypt: encryptPayload("k", "{}") }) };
    expect(check(d, tokenOnly)).toMatchObject({ kind: "reject", status: 400 });
  });
});

describe("checkCallback on malformed input", () => {
  it("answers 400 invalid JSON to a body that is not a JSON object", () => {
    for (const body of ["", "{", "[]", "null", "42", '"x"']) {
      expect(check({ headers: {}, body })).toEqual({ kind: "reject", status: 400, reason: "invalid JSON" });
    }
  });

  it("refuses everything when neither secret is configured", () => {
    expect(
      check(deliver(challenge, { encryptKey: "" }), { encryptKey: "", verificationToken: "" }),
    ).toMatchObject({
      status: 401,
    });
  });
});
