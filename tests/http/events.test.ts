import { afterEach, describe, expect, it } from "vitest";
import { cardAction, deliver, envelope, listen, post, testApp, VERIFICATION_TOKEN } from "./fixtures.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: Parameters<typeof testApp>[0] = {}) {
  const t = testApp(opts);
  const server = await listen(t.app);
  servers.push(server);
  return { ...t, url: (path = "/feishu/events") => `${server.url}${path}` };
}

const challenge = { type: "url_verification", challenge: "c-42", token: VERIFICATION_TOKEN };
const recordChanged = (eventId?: string) =>
  envelope("drive.file.bitable_record_changed_v1", { table_id: "tbl1", action_list: [] }, { eventId });

describe("POST /feishu/events over HTTP", () => {
  it("answers a plain url_verification when only a Verification Token is set", async () => {
    const { url } = await start({ encryptKey: "" });
    const res = await post(url(), deliver(challenge, { encryptKey: "" }));
    expect(res).toMatchObject({ status: 200, json: { challenge: "c-42" } });
  });

  it("answers an encrypted url_verification on both callback routes", async () => {
    const { url } = await start();
    for (const path of ["/feishu/events", "/feishu/cards"]) {
      const res = await post(url(path), deliver(challenge, { sign: false }));
      expect(res).toMatchObject({ status: 200, json: { challenge: "c-42" } });
    }
  });

  it("answers 401 with a JSON error to a forged signature", async () => {
    const { url, recorded } = await start();
    const d = deliver(recordChanged());
    d.headers["x-lark-signature"] = "f".repeat(64);
    expect(await post(url(), d)).toMatchObject({ status: 401, json: { error: "signature mismatch" } });
    expect(recorded.events).toEqual([]);
  });

  it("answers 401 to a stale timestamp", async () => {
    const { url } = await start();
    const d = deliver(recordChanged(), { timestampSec: Math.floor(Date.now() / 1000) - 301 });
    expect(await post(url(), d)).toMatchObject({ status: 401, json: { error: "stale timestamp" } });
  });

  it("answers 401 to the wrong Verification Token", async () => {
    const { url } = await start({ encryptKey: "" });
    const d = deliver(envelope("im.message.receive_v1", {}, { token: "wrong" }), { encryptKey: "" });
    expect(await post(url(), d)).toMatchObject({
      status: 401,
      json: { error: "verification token mismatch" },
    });
  });

  it("answers 413 to a 2 MB body", async () => {
    const { url } = await start();
    const d = deliver(recordChanged());
    d.body = JSON.stringify({ encrypt: "A".repeat(2 * 1024 * 1024) });
    expect(await post(url(), d)).toMatchObject({
      status: 413,
      json: { error: "body too large (limit 1 MB)" },
    });
  });

  it("answers 400 invalid JSON to a body that is not JSON", async () => {
    const { url } = await start();
    const res = await post(url(), { headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res).toMatchObject({ status: 400, json: { error: "invalid JSON" } });
  });

  it("acks an unknown event type with 200 and logs it as unhandled", async () => {
    const { url, deps, recorded } = await start();
    const d = deliver(envelope("im.chat.disbanded_v1", { chat_id: "oc_1" }));
    expect(await post(url(), d)).toMatchObject({ status: 200, json: {} });
    await deps.background.drain();
    expect(
      recorded.logs.some(
        (l) => l.event === "callback.event_unhandled" && l.event_type === "im.chat.disbanded_v1",
      ),
    ).toBe(true);
  });

  it("hands a record-change event to onEvent after the ack", async () => {
    const { url, deps, recorded } = await start();
    expect((await post(url(), deliver(recordChanged()))).status).toBe(200);
    await deps.background.drain();
    expect(recorded.events).toEqual([
      { type: "drive.file.bitable_record_changed_v1", event: expect.anything() },
    ]);
  });

  it("runs the handler once for a re-pushed event_id and answers 200 both times", async () => {
    const { url, deps, recorded } = await start();
    const first = await post(url(), deliver(recordChanged("evt-dup")));
    const again = await post(url(), deliver(recordChanged("evt-dup")));
    await deps.background.drain();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json).toEqual(first.json);
    expect(recorded.events).toHaveLength(1);
    expect(deps.metrics.counter("kam_events_duplicate_total", "").value()).toBe(1);
  });

  it("accepts a card action on the events route too", async () => {
    const { url, recorded } = await start();
    const res = await post(url("/feishu/events"), deliver(cardAction({ action: "visit.log" })));
    expect(res.status).toBe(200);
    expect(recorded.actions).toHaveLength(1);
  });
});
