import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptPayload, signPayload } from "../../src/feishu/crypto.ts";
import { cardAction, ENCRYPT_KEY, envelope, listen, testApp } from "./fixtures.ts";

type Attempt = { path: string; headers: Record<string, string>; body: string; signed: boolean };

const visible = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const hex64 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 });
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const nowSec = () => Math.floor(Date.now() / 1000);

const timestamp = fc.oneof(
  fc.constant("now"),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((d) => String(nowSec() + d)),
  fc.integer().map(String),
  visible,
);

/** Payloads with a field of the wrong type: invalid even when correctly signed. */
const wrongTypes = fc
  .tuple(
    fc.constantFrom("event_id", "header", "operator", "open_chat_id", "action", "schema", "token"),
    notString,
  )
  .map(([field, value]) => {
    const p = cardAction({ action: "visit.log" });
    const header: Record<string, unknown> = { ...p.header };
    const event = structuredClone(p.event) as Record<string, unknown> & { context: Record<string, unknown> };
    const out: Record<string, unknown> = { schema: p.schema, header, event };
    if (field === "event_id") header.event_id = value;
    else if (field === "header") out.header = value;
    else if (field === "operator") event.operator = value;
    else if (field === "open_chat_id") event.context.open_chat_id = value;
    else if (field === "action") event.action = value;
    else if (field === "schema") out.schema = value;
    else event.token = value;
    return JSON.stringify(out);
  });

const encrypted = (plain: string, key = ENCRYPT_KEY) =>
  JSON.stringify({ encrypt: encryptPayload(key, plain) });
const validBody = () => encrypted(JSON.stringify(cardAction({ action: "visit.log" })));

const body = fc.oneof(
  { arbitrary: fc.json(), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 2 },
  { arbitrary: fc.base64String({ maxLength: 200 }).map((s) => JSON.stringify({ encrypt: s })), weight: 3 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify({ encrypt: v })), weight: 1 },
  { arbitrary: fc.nat().map((n) => validBody().slice(0, n % validBody().length)), weight: 2 },
  { arbitrary: wrongTypes.map((plain) => encrypted(plain)), weight: 3 },
  {
    arbitrary: fc.constant(0).map(() => encrypted(JSON.stringify(envelope("x.y", {})), "another key")),
    weight: 1,
  },
  { arbitrary: fc.constant(0).map(validBody), weight: 3 },
  { arbitrary: fc.constant(0).map(() => `{"encrypt":"${"A".repeat(1024 * 1024 + 10)}"}`), weight: 1 },
);

/** A delivery with any body and headers; `signed` ones carry a correct signature over that body. */
const attempt: fc.Arbitrary<Attempt> = fc
  .record({
    path: fc.constantFrom("/feishu/events", "/feishu/cards"),
    body,
    timestamp: fc.option(timestamp),
    nonce: fc.option(visible),
    signature: fc.option(fc.oneof(hex64, visible)),
    sign: fc.boolean(),
    contentType: fc.option(
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
    ),
  })
  .map((r) => {
    const headers: Record<string, string> = {};
    const ts = r.timestamp === "now" ? String(nowSec()) : r.timestamp;
    if (ts !== null) headers["x-lark-request-timestamp"] = ts;
    if (r.nonce !== null) headers["x-lark-request-nonce"] = r.nonce;
    if (r.contentType !== null) headers["content-type"] = r.contentType;
    const signed = r.sign && ts !== null && r.nonce !== null;
    if (signed) headers["x-lark-signature"] = signPayload(ts!, r.nonce!, ENCRYPT_KEY, r.body);
    else if (r.signature !== null) headers["x-lark-signature"] = r.signature;
    return { path: r.path, headers, body: r.body, signed };
  });

/** The app with a ledger that counts how often anything got past verification to the dedupe step. */
function fuzzTarget() {
  const t = testApp();
  let reachedLedger = 0;
  const seenEvent = t.deps.ledger.seenEvent;
  t.deps.ledger.seenEvent = (id, at) => {
    reachedLedger++;
    return seenEvent(id, at);
  };
  return { ...t, reachedLedger: () => reachedLedger };
}

const ALLOWED = new Set([200, 400, 401, 413]);

describe("the callback edge under random input", () => {
  it("never answers 5xx and never runs a handler for unsigned or malformed deliveries (in-process, 2,000 cases)", async () => {
    const t = fuzzTarget();
    let unsignedReached = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(attempt, async (a) => {
        const before = t.reachedLedger();
        const res = await t.app.request(a.path, { method: "POST", headers: a.headers, body: a.body });
        expect(ALLOWED.has(res.status), `status ${res.status}`).toBe(true);
        statuses.add(res.status);
        const json = (await res.json()) as Record<string, unknown>;
        if (res.status !== 200) expect(typeof json.error).toBe("string");
        if (!a.signed && t.reachedLedger() > before) unsignedReached++;
      }),
      { numRuns: 2000 },
    );
    await t.deps.background.drain();
    expect(unsignedReached).toBe(0);
    // The generator reaches every outcome, including signed deliveries that are accepted.
    expect([...statuses].sort()).toEqual([200, 400, 401, 413]);
    // Signed, well-formed card actions do run; nothing else may.
    const events = t.recorded.events.length;
    expect(events).toBe(0);
    for (const ctx of t.recorded.actions) expect(ctx.name).toBe("visit.log");
  });

  describe("over real HTTP (300 cases)", () => {
    const t = fuzzTarget();
    let server: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      server = await listen(t.app);
    });
    afterAll(async () => {
      await server.close();
    });

    it("never answers 5xx and never lets an unsigned delivery reach the ledger", async () => {
      let unsignedReached = 0;
      await fc.assert(
        fc.asyncProperty(attempt, async (a) => {
          const before = t.reachedLedger();
          const res = await fetch(`${server.url}${a.path}`, {
            method: "POST",
            headers: a.headers,
            body: a.body,
          });
          expect(ALLOWED.has(res.status), `status ${res.status}`).toBe(true);
          await res.arrayBuffer();
          if (!a.signed && t.reachedLedger() > before) unsignedReached++;
        }),
        { numRuns: 300 },
      );
      expect(unsignedReached).toBe(0);
    });
  });
});
