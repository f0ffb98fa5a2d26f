import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptPayload, signPayload } from "../../src/feishu/crypto.ts";
import { writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { addUser, answerOf, seedTable, startWorld } from "./bitable-fixture.ts";

const ENCRYPT_KEY = "kam-encrypt-key";
type Received = { headers: IncomingHttpHeaders; raw: string };
type RecordEvent = {
  schema: string;
  header: { event_type: string; app_id: string; token: string };
  event: {
    file_token: string;
    file_type: string;
    table_id: string;
    revision: number;
    operator_id: { open_id: string };
    action_list: {
      record_id: string;
      action: string;
      before_value: FieldValue[];
      after_value: FieldValue[];
    }[];
    subscriber_id_list: { open_id: string }[];
    update_time: number;
  };
};
type FieldValue = { field_id: string; field_value: string };

let world: BitableWorld;
let receiver: Server;
const inbox: Received[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      inbox.push({ headers: req.headers, raw });
      for (const w of waiters) w();
      waiters = [];
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 300);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  world = await startWorld();
  world.state.delivery = {
    eventUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/event`,
    encryptKey: ENCRYPT_KEY,
    verificationToken: "vtoken",
  };
  addUser(world.state, "ou_alice", "Alice");
});
afterAll(async () => {
  await world.sandbox.stop();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function nextEvent(): Promise<RecordEvent> {
  const want = inbox.length + 1;
  const deadline = Date.now() + 3_000;
  while (inbox.length < want) {
    if (Date.now() > deadline) throw new Error("no event arrived");
    await new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, 100);
    });
  }
  const got = inbox[want - 1]!;
  const ts = String(got.headers["x-lark-request-timestamp"]);
  const nonce = String(got.headers["x-lark-request-nonce"]);
  expect(got.headers["x-lark-signature"]).toBe(signPayload(ts, nonce, ENCRYPT_KEY, got.raw));
  const { encrypt } = JSON.parse(got.raw) as { encrypt: string };
  return JSON.parse(decryptPayload(ENCRYPT_KEY, encrypt)) as RecordEvent;
}

describe("drive subscriptions and bitable_record_changed_v1 events", () => {
  it("subscribes a base, reports the subscription and refuses unknown files", async () => {
    const { appToken } = seedTable(world.state, undefined, "Subscribed");
    const sub = await world.client.drive.file.subscribe({
      path: { file_token: appToken },
      params: { file_type: "bitable" },
    });
    expect(sub.code).toBe(0);
    const status = await world.client.drive.file.getSubscribe({
      path: { file_token: appToken },
      params: { file_type: "bitable" },
    });
    expect(status.data?.is_subscribe).toBe(true);
    const unknown = await answerOf(
      world.client.drive.file.subscribe({
        path: { file_token: "bascnNope" },
        params: { file_type: "bitable" },
      }),
    );
    expect(unknown).toMatchObject({ status: 400, code: 1069604 });
  });

  it("delivers one signed, encrypted event per API write without delaying the answer", async () => {
    const { appToken, tableId, path } = seedTable(world.state, undefined, "Delivered");
    await world.client.drive.file.subscribe({
      path: { file_token: appToken },
      params: { file_type: "bitable" },
    });
    const started = Date.now();
    const created = await world.client.bitable.appTableRecord.batchCreate({
      path,
      data: { records: [{ fields: { Name: "Acme", Revenue: 7 } }, { fields: { Name: "Beta" } }] },
    });
    expect(Date.now() - started).toBeLessThan(250);
    const event = await nextEvent();
    expect(event.schema).toBe("2.0");
    expect(event.header).toMatchObject({
      event_type: "drive.file.bitable_record_changed_v1",
      app_id: world.appId,
      token: "vtoken",
    });
    expect(event.event).toMatchObject({
      file_token: appToken,
      file_type: "bitable",
      table_id: tableId,
      revision: expect.any(Number),
      operator_id: { open_id: `ou_bot_${world.appId}` },
      subscriber_id_list: [{ open_id: `ou_bot_${world.appId}` }],
      update_time: expect.any(Number),
    });
    const ids = created.data!.records!.map((r) => r.record_id);
    expect(event.event.action_list.map((a) => [a.record_id, a.action])).toEqual(
      ids.map((id) => [id, "record_added"]),
    );
    const values = event.event.action_list[0]!.after_value.map((v) => JSON.parse(v.field_value));
    expect(values).toEqual([[{ type: "text", text: "Acme" }], 7]);
    expect(event.event.action_list[0]!.before_value).toEqual([]);
  });

  it("sends only the changed cells for an edit, and the old cells for a delete", async () => {
    const { appToken, path } = seedTable(world.state, undefined, "Edited");
    await world.client.drive.file.subscribe({
      path: { file_token: appToken },
      params: { file_type: "bitable" },
    });
    const id = (
      await world.client.bitable.appTableRecord.create({
        path,
        data: { fields: { Name: "Acme", Revenue: 1 } },
      })
    ).data!.record!.record_id!;
    await nextEvent();
    await world.client.bitable.appTableRecord.update({
      path: { ...path, record_id: id },
      data: { fields: { Revenue: 2 } },
    });
    const edit = (await nextEvent()).event.action_list[0]!;
    expect(edit.action).toBe("record_edited");
    expect(edit.before_value.map((v) => v.field_value)).toEqual(["1"]);
    expect(edit.after_value.map((v) => v.field_value)).toEqual(["2"]);
    await world.client.bitable.appTableRecord.delete({ path: { ...path, record_id: id } });
    const del = (await nextEvent()).event.action_list[0]!;
    expect(del).toMatchObject({ record_id: id, action: "record_deleted", after_value: [] });
    expect(del.before_value).toHaveLength(2);
  });

  it("reports console writes with the person as operator", async () => {
    const { appToken, tableId } = seedTable(world.state, undefined, "Console");
    await world.client.drive.file.subscribe({
      path: { file_token: appToken },
      params: { file_type: "bitable" },
    });
    writeRecords(world.state, appToken, tableId, [{ fields: { Name: "Typed in the UI" } }], {
      open_id: "ou_alice",
    });
    const event = await nextEvent();
    expect(event.event.operator_id).toEqual({
      open_id: "ou_alice",
      union_id: "on_alice",
      user_id: "u_alice",
    });
  });

  it("stops delivering after delete_subscribe; a second unsubscribe is 1069605", async () => {
    const { appToken, path } = seedTable(world.state, undefined, "Unsubscribed");
    const file = { path: { file_token: appToken }, params: { file_type: "bitable" as const } };
    await world.client.drive.file.subscribe(file);
    await world.client.drive.file.deleteSubscribe(file);
    const before = inbox.length;
    await world.client.bitable.appTableRecord.create({ path, data: { fields: { Name: "quiet" } } });
    await new Promise((r) => setTimeout(r, 150));
    expect(inbox.length).toBe(before);
    const again = await answerOf(world.client.drive.file.deleteSubscribe(file));
    expect(again).toMatchObject({ status: 400, code: 1069605 });
  });
});
