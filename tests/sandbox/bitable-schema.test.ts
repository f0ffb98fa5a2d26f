import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBase, createTable } from "../../src/sandbox/bitable/store.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { answerOf, seedTable, startWorld } from "./bitable-fixture.ts";

let world: BitableWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.sandbox.stop());

describe("Bitable bases, tables and fields through the official SDK", () => {
  it("creates a base with a default table and reads its metadata", async () => {
    const created = await world.client.bitable.app.create({ data: { name: "KAM book" } });
    expect(created.code).toBe(0);
    const app = created.data!.app!;
    expect(app.app_token).toMatch(/^\w{27}$/);
    expect(app.default_table_id).toMatch(/^tbl/);
    const got = await world.client.bitable.app.get({ path: { app_token: app.app_token! } });
    expect(got.data?.app).toMatchObject({
      app_token: app.app_token,
      name: "KAM book",
      revision: expect.any(Number),
    });
  });

  it("creates a table with fields and answers table_id, default_view_id and field_id_list", async () => {
    const appToken = createBase(world.state, { name: "Book" }).app_token;
    const res = await world.client.bitable.appTable.create({
      path: { app_token: appToken },
      data: {
        table: {
          name: "Visits",
          default_view_name: "Grid",
          fields: [
            { field_name: "Subject", type: 1 },
            {
              field_name: "Status",
              type: 3,
              ui_type: "SingleSelect",
              property: { options: [{ name: "Open" }] },
            },
          ],
        },
      },
    });
    expect(res.code).toBe(0);
    expect(res.data).toEqual({
      table_id: expect.stringMatching(/^tbl/),
      default_view_id: expect.stringMatching(/^vew/),
      field_id_list: [expect.stringMatching(/^fld/), expect.stringMatching(/^fld/)],
    });
  });

  it("lists tables with page_size, page_token, has_more and total", async () => {
    const appToken = createBase(world.state, { name: "Paged" }).app_token;
    for (const name of ["T1", "T2", "T3"]) createTable(world.state, appToken, { name });
    const first = await world.client.bitable.appTable.list({
      path: { app_token: appToken },
      params: { page_size: 2 },
    });
    expect(first.data).toMatchObject({ has_more: true, total: 3, page_token: expect.any(String) });
    expect(first.data?.items?.map((t) => t.name)).toEqual(["T1", "T2"]);
    expect(first.data?.items?.[0]).toEqual({
      table_id: expect.stringMatching(/^tbl/),
      revision: 1,
      name: "T1",
    });
    const second = await world.client.bitable.appTable.list({
      path: { app_token: appToken },
      params: { page_size: 2, page_token: first.data!.page_token! },
    });
    expect(second.data?.items?.map((t) => t.name)).toEqual(["T3"]);
    expect(second.data?.has_more).toBe(false);
  });

  it("refuses the 101st table of a base with 1254100", async () => {
    const appToken = createBase(world.state, { name: "Full" }).app_token;
    for (let i = 0; i < 100; i++) createTable(world.state, appToken, { name: `T${i}` });
    const answer = await answerOf(
      world.client.bitable.appTable.create({
        path: { app_token: appToken },
        data: { table: { name: "One too many" } },
      }),
    );
    expect(answer).toMatchObject({ status: 200, code: 1254100 });
  });

  it("lists fields with type, ui_type, is_primary and property", async () => {
    const { path } = seedTable(world.state);
    const res = await world.client.bitable.appTableField.list({ path, params: { page_size: 100 } });
    const items = res.data!.items!;
    expect(res.data?.total).toBe(items.length);
    expect(items[0]).toMatchObject({
      field_name: "Name",
      type: 1,
      ui_type: "Text",
      is_primary: true,
      property: null,
    });
    const tier = items.find((f) => f.field_name === "Tier")!;
    expect(tier.property?.options?.map((o) => o.name)).toEqual(["A", "B", "C"]);
    expect(tier.property?.options?.[0]).toEqual({ id: expect.stringMatching(/^opt/), name: "A", color: 0 });
    expect(items.find((f) => f.field_name === "Revenue")?.property).toMatchObject({ formatter: "0.00" });
  });

  it("creates and updates fields, keeping option ids that the update names", async () => {
    const { path } = seedTable(world.state, [{ field_name: "Name", type: 1 }], "Fields");
    const created = await world.client.bitable.appTableField.create({
      path,
      data: {
        field_name: "Stage",
        type: 3,
        property: { options: [{ name: "Lead" }, { name: "Won", color: 5 }] },
      },
    });
    const field = created.data!.field!;
    expect(field).toMatchObject({ field_name: "Stage", type: 3, field_id: expect.stringMatching(/^fld/) });
    const lead = field.property!.options![0]!;
    const updated = await world.client.bitable.appTableField.update({
      path: { ...path, field_id: field.field_id! },
      data: {
        field_name: "Pipeline stage",
        type: 3,
        property: { options: [{ id: lead.id, name: "Lead+" }, { name: "Lost" }] },
      },
    });
    expect(updated.data?.field?.field_name).toBe("Pipeline stage");
    expect(updated.data?.field?.property?.options?.map((o) => [o.name, o.id === lead.id])).toEqual([
      ["Lead+", true],
      ["Lost", false],
    ]);
  });

  it("creates link fields to another table; a two-way link adds its back field there", async () => {
    const { appToken, path } = seedTable(world.state, [{ field_name: "Name", type: 1 }], "Contacts");
    const accounts = createTable(world.state, appToken, { name: "Companies" });
    const oneWay = await world.client.bitable.appTableField.create({
      path,
      data: { field_name: "Company", type: 18, property: { table_id: accounts.table_id, multiple: false } },
    });
    expect(oneWay.data?.field?.property).toMatchObject({
      table_id: accounts.table_id,
      multiple: false,
      table_name: "Companies",
    });
    const twoWay = await world.client.bitable.appTableField.create({
      path,
      data: {
        field_name: "Employer",
        type: 21,
        property: { table_id: accounts.table_id, back_field_name: "People" },
      },
    });
    expect(twoWay.data?.field?.property).toMatchObject({
      back_field_name: "People",
      back_field_id: expect.any(String),
    });
    const back = await world.client.bitable.appTableField.list({
      path: { app_token: appToken, table_id: accounts.table_id },
    });
    expect(back.data?.items?.map((f) => [f.field_name, f.type])).toContainEqual(["People", 21]);
  });

  it("refuses a duplicate field name with 1254014 and an unknown field id with 1254044", async () => {
    const { path } = seedTable(world.state, [{ field_name: "Name", type: 1 }], "Dupes");
    const dup = await answerOf(
      world.client.bitable.appTableField.create({ path, data: { field_name: "Name", type: 2 } }),
    );
    expect(dup.code).toBe(1254014);
    const missing = await answerOf(
      world.client.bitable.appTableField.update({
        path: { ...path, field_id: "fldNope" },
        data: { field_name: "X", type: 1 },
      }),
    );
    expect(missing.code).toBe(1254044);
  });
});
