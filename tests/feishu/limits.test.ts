import { describe, expect, it } from "vitest";
import { clientTokenFor, MESSAGE_UUID_MAX, messageUuidFor } from "../../src/feishu/idempotency.ts";
import { describeCall } from "../../src/feishu/limits.ts";

const url = (path: string) => `http://127.0.0.1:1/open-apis/${path}`;
const TABLE = "bitable/v1/apps/bascn1/tables/tbl1";

describe("API catalogue", () => {
  it("knows search as a 20/s read of its table", () => {
    expect(describeCall("POST", url(`${TABLE}/records/search?page_size=500`), {}, {})).toEqual({
      api: "bitable.record.search",
      rates: [{ key: "bitable.record.search", perSecond: 20, perMinute: undefined }],
      table: { key: "bascn1/tbl1", access: "read" },
      idempotent: true,
    });
  });

  it("knows batch_create as a 50/s write, idempotent only with client_token", () => {
    const without = describeCall("POST", url(`${TABLE}/records/batch_create`), {}, {});
    const withToken = describeCall("POST", url(`${TABLE}/records/batch_create`), { client_token: "x" }, {});
    expect(without).toMatchObject({
      api: "bitable.record.batch_create",
      table: { access: "write" },
      idempotent: false,
    });
    expect(without.rates[0]).toMatchObject({ perSecond: 50 });
    expect(withToken.idempotent).toBe(true);
  });

  it("tells a record update (PUT) from the batch_update route", () => {
    expect(describeCall("PUT", url(`${TABLE}/records/rec1`), {}, {}).api).toBe("bitable.record.update");
    expect(describeCall("POST", url(`${TABLE}/records/batch_update`), {}, {}).api).toBe(
      "bitable.record.batch_update",
    );
  });

  it("paces table and field creation at 10/s", () => {
    expect(describeCall("POST", url("bitable/v1/apps/b/tables"), {}, {}).rates[0]?.perSecond).toBe(10);
    expect(describeCall("PUT", url(`${TABLE}/fields/fld1`), {}, {}).rates[0]?.perSecond).toBe(10);
  });

  it("treats a message send as idempotent only with a uuid", () => {
    expect(describeCall("POST", url("im/v1/messages"), {}, { receive_id: "ou_1" }).idempotent).toBe(false);
    expect(
      describeCall("POST", url("im/v1/messages"), {}, { receive_id: "ou_1", uuid: "k" }).idempotent,
    ).toBe(true);
  });

  it("limits updates of one message to 5/s", () => {
    expect(describeCall("PATCH", url("im/v1/messages/om_1"), {}, {}).rates[1]).toEqual({
      key: "im.message.patch:om_1",
      perSecond: 5,
    });
  });

  it("routes find_by_department before the user lookup", () => {
    expect(describeCall("GET", url("contact/v3/users/find_by_department"), {}, undefined).api).toBe(
      "contact.user.find_by_department",
    );
    expect(describeCall("GET", url("contact/v3/users/ou_1"), {}, undefined).api).toBe("contact.user.get");
  });

  it("leaves unknown APIs unpaced and treats their POSTs as not idempotent", () => {
    expect(describeCall("POST", url("calendar/v4/calendars/c/events"), {}, {})).toEqual({
      api: "other",
      rates: [],
      idempotent: false,
    });
  });
});

describe("idempotency keys", () => {
  it("derives the same UUIDv4-shaped client_token from the same key", async () => {
    const a = await clientTokenFor("seed:accounts:0");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await clientTokenFor("seed:accounts:0")).toBe(a);
    expect(await clientTokenFor("seed:accounts:1")).not.toBe(a);
  });

  it("uses a short effect key as the message uuid itself", async () => {
    expect(await messageUuidFor("reminder:rec123:2026-11-24")).toBe("reminder:rec123:2026-11-24");
  });

  it("hashes a long effect key into 50 characters, stably", async () => {
    const key = `greeting:${"x".repeat(80)}:2026`;
    const uuid = await messageUuidFor(key);
    expect(uuid).toHaveLength(MESSAGE_UUID_MAX);
    expect(await messageUuidFor(key)).toBe(uuid);
  });
});
