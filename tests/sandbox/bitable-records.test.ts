import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable, writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { addUser, answerOf, seedTable, startWorld } from "./bitable-fixture.ts";

let world: BitableWorld;
beforeAll(async () => {
  world = await startWorld();
  addUser(world.state, "ou_alice", "Alice");
});
afterAll(() => world.sandbox.stop());

const VISIT = Date.UTC(2026, 10, 24, 2);

describe("Bitable record writes and reads through the official SDK", () => {
  it("batch_create answers each record with record_id, id and the fields as written", async () => {
    const { path } = seedTable(world.state, undefined, "BatchCreate");
    const res = await world.client.bitable.appTableRecord.batchCreate({
      path,
      data: { records: [{ fields: { Name: "Acme", Revenue: 12.5 } }, { fields: { Name: "Beta" } }] },
    });
    expect(res.code).toBe(0);
    expect(res.data?.records).toEqual([
      {
        fields: { Name: "Acme", Revenue: 12.5 },
        id: expect.stringMatching(/^rec/),
        record_id: expect.stringMatching(/^rec/),
      },
      {
        fields: { Name: "Beta" },
        id: expect.stringMatching(/^rec/),
        record_id: expect.stringMatching(/^rec/),
      },
    ]);
  });

  it("creates, gets, updates and deletes one record", async () => {
    const { path } = seedTable(world.state, undefined, "OneByOne");
    const created = await world.client.bitable.appTableRecord.create({
      path,
      params: { client_token: "0b7e5a8e-3f1c-4d2b-9a6e-1c2d3e4f5a6b" },
      data: { fields: { Name: "Acme", Active: true } },
    });
    const id = created.data!.record!.record_id!;
    expect(created.data?.record).toEqual({ fields: { Name: "Acme", Active: true }, id, record_id: id });
    const updated = await world.client.bitable.appTableRecord.update({
      path: { ...path, record_id: id },
      data: { fields: { Revenue: 3 } },
    });
    expect(updated.data?.record).toEqual({ fields: { Revenue: 3 }, id, record_id: id });
    const got = await world.client.bitable.appTableRecord.get({ path: { ...path, record_id: id } });
    expect(got.data?.record?.fields).toMatchObject({ Name: "Acme", Revenue: 3, Active: true });
    const deleted = await world.client.bitable.appTableRecord.delete({ path: { ...path, record_id: id } });
    expect(deleted.data).toEqual({ deleted: true, record_id: id });
    const gone = await answerOf(
      world.client.bitable.appTableRecord.get({ path: { ...path, record_id: id } }),
    );
    expect(gone.code).toBe(1254043);
  });

  it("search reads every field type the way Feishu returns it and leaves empty cells out", async () => {
    const { path } = seedTable(world.state, undefined, "Shapes");
    await world.client.bitable.appTableRecord.batchCreate({
      path,
      data: {
        records: [
          {
            fields: {
              Name: "Acme",
              Revenue: 1200.5,
              Tier: "A",
              Tags: ["vip", "new"],
              "Next visit": VISIT,
              Active: true,
              Owner: [{ id: "ou_alice" }],
              Phone: "+8613800000000",
              Site: { link: "https://acme.example", text: "Acme" },
              Files: [{ file_token: "boxAbc" }],
            },
          },
          { fields: { Name: "Empty", Active: false } },
        ],
      },
    });
    const res = await world.client.bitable.appTableRecord.search({ path, data: { automatic_fields: true } });
    const [full, empty] = res.data!.items!;
    expect(full?.fields).toEqual({
      Name: [{ type: "text", text: "Acme" }],
      Revenue: 1200.5,
      Tier: "A",
      Tags: ["vip", "new"],
      "Next visit": VISIT,
      Active: true,
      Owner: [{ id: "ou_alice", name: "Alice", en_name: "Alice", email: "alice@example.com" }],
      Phone: "+8613800000000",
      Site: { link: "https://acme.example", text: "Acme" },
      Files: [{ file_token: "boxAbc" }],
      Created: expect.any(Number),
      "No.": "1",
    });
    expect(empty?.fields).toEqual({
      Name: [{ type: "text", text: "Empty" }],
      Created: expect.any(Number),
      "No.": "2",
    });
    expect(full).toMatchObject({
      created_time: expect.any(Number),
      created_by: { id: `ou_bot_${world.appId}`, name: "KAM Bot" },
    });
  });

  it("list and get (the older APIs) give text as a plain string unless text_field_as_array", async () => {
    const { path } = seedTable(world.state, undefined, "Legacy");
    writeRecords(world.state, path.app_token, path.table_id, [{ fields: { Name: "Acme" } }], {
      open_id: "ou_alice",
    });
    const plain = await world.client.bitable.appTableRecord.list({ path });
    expect(plain.data).toMatchObject({ total: 1, has_more: false });
    expect(plain.data?.items?.[0]?.fields.Name).toBe("Acme");
    const arrays = await world.client.bitable.appTableRecord.list({
      path,
      params: { text_field_as_array: true },
    });
    expect(arrays.data?.items?.[0]?.fields.Name).toEqual([{ type: "text", text: "Acme" }]);
  });

  it("batch_get answers found records and lists the absent ids", async () => {
    const { path } = seedTable(world.state, undefined, "BatchGet");
    const [a] = writeRecords(world.state, path.app_token, path.table_id, [{ fields: { Name: "A" } }], {
      open_id: "ou_alice",
    }).records;
    const res = await world.client.bitable.appTableRecord.batchGet({
      path,
      data: { record_ids: [a!.record_id, "recMissing"] },
    });
    expect(res.data?.records?.map((r) => r.record_id)).toEqual([a!.record_id]);
    expect(res.data?.absent_record_ids).toEqual(["recMissing"]);
  });

  it("batch_update and batch_delete answer per record; an unknown record id is 1254043", async () => {
    const { path } = seedTable(world.state, undefined, "BatchUpdate");
    const ids = writeRecords(
      world.state,
      path.app_token,
      path.table_id,
      [{ fields: { Name: "A" } }, { fields: { Name: "B" } }],
      {
        open_id: "ou_alice",
      },
    ).records.map((r) => r.record_id);
    const updated = await world.client.bitable.appTableRecord.batchUpdate({
      path,
      data: { records: ids.map((record_id) => ({ record_id, fields: { Tier: "B" } })) },
    });
    expect(updated.data?.records).toEqual(ids.map((id) => ({ fields: { Tier: "B" }, id, record_id: id })));
    const unknown = await answerOf(
      world.client.bitable.appTableRecord.batchUpdate({
        path,
        data: { records: [{ record_id: "recNope", fields: { Tier: "A" } }] },
      }),
    );
    expect(unknown).toMatchObject({ status: 200, code: 1254043 });
    const deleted = await world.client.bitable.appTableRecord.batchDelete({ path, data: { records: ids } });
    expect(deleted.data?.records).toEqual(ids.map((record_id) => ({ deleted: true, record_id })));
  });

  it("writing an unknown select option adds it to the field, as Feishu does", async () => {
    const { path } = seedTable(world.state, undefined, "Options");
    await world.client.bitable.appTableRecord.create({
      path,
      data: { fields: { Tier: "D", Tags: ["vip", "churn-risk"] } },
    });
    const fields = await world.client.bitable.appTableField.list({ path });
    const tier = fields.data?.items?.find((f) => f.field_name === "Tier");
    const tags = fields.data?.items?.find((f) => f.field_name === "Tags");
    expect(tier?.property?.options?.map((o) => o.name)).toEqual(["A", "B", "C", "D"]);
    expect(tags?.property?.options?.map((o) => o.name)).toEqual(["vip", "new", "churn-risk"]);
  });

  it("answers text in a number field with 1254015 (HTTP 400) naming the field", async () => {
    const { path } = seedTable(world.state, undefined, "Mismatch");
    const answer = await answerOf(
      world.client.bitable.appTableRecord.create({ path, data: { fields: { Revenue: "12" } } }),
    );
    expect(answer).toMatchObject({ status: 400, code: 1254015 });
    expect(answer.msg).toContain('"Revenue"');
  });

  it("answers an unknown field name with 1254045", async () => {
    const { path } = seedTable(world.state, undefined, "Unknown");
    const answer = await answerOf(
      world.client.bitable.appTableRecord.create({ path, data: { fields: { Nmae: "typo" } } }),
    );
    expect(answer).toMatchObject({ status: 200, code: 1254045 });
    expect(answer.msg).toContain("Nmae");
  });

  it("refuses non-numeric dates, unknown people, bad phones and writes to formula fields", async () => {
    const { path } = seedTable(world.state, undefined, "BadValues");
    const create = (fields: Record<string, unknown>) =>
      answerOf(world.client.bitable.appTableRecord.create({ path, data: { fields: fields as never } }));
    expect((await create({ "Next visit": "2026-11-24" })).code).toBe(1254015);
    expect((await create({ Owner: [{ id: "ou_stranger" }] })).code).toBe(1254066);
    expect((await create({ Score: 3 })).code).toBe(1254015);
    expect((await create({ Phone: "call me" })).code).toBe(1254072);
    const ok = await world.client.bitable.appTableRecord.search({ path });
    expect(ok.data?.total).toBe(0);
  });

  it("reads links as link_record_ids, keeps two-way links in step and drops deleted targets", async () => {
    const { appToken, tableId, path } = seedTable(
      world.state,
      [{ field_name: "Name", type: 1 }],
      "Companies",
    );
    const contacts = createTable(world.state, appToken, {
      name: "People",
      fields: [
        { field_name: "Name", type: 1 },
        { field_name: "Employer", type: 21, property: { table_id: tableId, back_field_name: "Staff" } },
      ],
    });
    const company = writeRecords(world.state, appToken, tableId, [{ fields: { Name: "Acme" } }], {
      open_id: "ou_alice",
    }).records[0]!.record_id;
    const people = { app_token: appToken, table_id: contacts.table_id };
    const person = await world.client.bitable.appTableRecord.create({
      path: people,
      data: { fields: { Name: "Bo", Employer: [company] } },
    });
    const found = await world.client.bitable.appTableRecord.search({ path: people });
    expect(found.data?.items?.[0]?.fields.Employer).toEqual({ link_record_ids: [company] });
    const back = await world.client.bitable.appTableRecord.search({ path });
    expect(back.data?.items?.[0]?.fields.Staff).toEqual({
      link_record_ids: [person.data!.record!.record_id],
    });
    const legacy = await world.client.bitable.appTableRecord.list({ path: people });
    expect(legacy.data?.items?.[0]?.fields.Employer).toEqual([
      { record_ids: [company], table_id: tableId, text: "Acme", text_arr: ["Acme"], type: "text" },
    ]);
    await world.client.bitable.appTableRecord.delete({ path: { ...path, record_id: company } });
    const after = await world.client.bitable.appTableRecord.search({ path: people });
    expect(after.data?.items?.[0]?.fields.Employer).toBeUndefined();
  });
});
