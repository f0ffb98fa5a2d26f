import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { addUser, answerOf, seedTable, startWorld } from "./bitable-fixture.ts";

type Filter = { conjunction: "and" | "or"; conditions?: Cond[]; children?: Filter[] };
type Cond = { field_name: string; operator: string; value?: string[] };

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 24, 2); // 2026-11-24 10:00 in Shanghai, a Tuesday
const SH_MIDNIGHT = Date.UTC(2026, 10, 23, 16);

let world: BitableWorld;
let path: { app_token: string; table_id: string };

beforeAll(async () => {
  world = await startWorld();
  world.state.clock.set(NOW);
  addUser(world.state, "ou_alice", "Alice");
  addUser(world.state, "ou_bob", "Bob");
  path = seedTable(world.state, undefined, "Accounts").path;
  const rows: Record<string, unknown>[] = [
    {
      Name: "Acme",
      Revenue: 100,
      Tier: "A",
      Tags: ["vip"],
      "Next visit": SH_MIDNIGHT + 15 * HOUR,
      Active: true,
      Owner: [{ id: "ou_alice" }],
    },
    { Name: "Beta", Revenue: 250, Tier: "B", Tags: ["vip", "new"], "Next visit": SH_MIDNIGHT + 30 * HOUR },
    {
      Name: "Gamma",
      Revenue: 50,
      Tier: "A",
      "Next visit": SH_MIDNIGHT - 2 * HOUR,
      Owner: [{ id: "ou_bob" }],
    },
    { Name: "Delta", Tier: "C", "Next visit": Date.UTC(2026, 11, 25, 1) },
    { Name: "acme labs", Revenue: 300, Active: true },
  ];
  writeRecords(
    world.state,
    path.app_token,
    path.table_id,
    rows.map((fields) => ({ fields })),
    { open_id: "ou_alice" },
  );
});
afterAll(() => world.sandbox.stop());

async function names(filter?: Filter, sort?: { field_name: string; desc?: boolean }[]): Promise<string[]> {
  const res = await world.client.bitable.appTableRecord.search({
    path,
    params: { page_size: 500 },
    data: { filter: filter as never, sort },
  });
  expect(res.code).toBe(0);
  return (res.data?.items ?? []).map((r) => (r.fields.Name as { text: string }[])[0]!.text);
}
const where = (...conditions: Cond[]): Filter => ({ conjunction: "and", conditions });

describe("records/search filters, sorts, projects and pages like Feishu", () => {
  it("pages 1,234 rows with page_size 500 in three calls, every row exactly once", async () => {
    const big = seedTable(world.state, [{ field_name: "N", type: 2 }], "Big").path;
    const many = Array.from({ length: 1234 }, (_, i) => ({ fields: { N: i } }));
    writeRecords(world.state, big.app_token, big.table_id, many, { open_id: "ou_alice" });
    const seen: string[] = [];
    let pageToken: string | undefined;
    let calls = 0;
    do {
      const res = await world.client.bitable.appTableRecord.search({
        path: big,
        params: { page_size: 500, page_token: pageToken },
      });
      calls++;
      expect(res.data?.total).toBe(1234);
      seen.push(...(res.data?.items ?? []).map((r) => r.record_id!));
      pageToken = res.data?.has_more ? res.data.page_token : undefined;
    } while (pageToken);
    expect(calls).toBe(3);
    expect(seen).toHaveLength(1234);
    expect(new Set(seen).size).toBe(1234);
  });

  it("defaults to 20 rows per page and refuses page_size above 500", async () => {
    const big = world.state.bases.get(path.app_token)!;
    const table = [...big.tables.values()].find((t) => t.name === "Big")!;
    const res = await world.client.bitable.appTableRecord.search({
      path: { app_token: path.app_token, table_id: table.table_id },
    });
    expect(res.data?.items).toHaveLength(20);
    expect(res.data?.has_more).toBe(true);
    const tooBig = await answerOf(
      world.client.bitable.appTableRecord.search({ path, params: { page_size: 501 } }),
    );
    expect(tooBig.code).toBe(99992402);
  });

  it("filters text with is, isNot, contains (case-insensitive) and doesNotContain", async () => {
    expect(await names(where({ field_name: "Name", operator: "is", value: ["Acme"] }))).toEqual(["Acme"]);
    expect(await names(where({ field_name: "Name", operator: "isNot", value: ["Acme"] }))).toHaveLength(4);
    expect(await names(where({ field_name: "Name", operator: "contains", value: ["ACME"] }))).toEqual([
      "Acme",
      "acme labs",
    ]);
    expect(await names(where({ field_name: "Name", operator: "doesNotContain", value: ["acme"] }))).toEqual([
      "Beta",
      "Gamma",
      "Delta",
    ]);
  });

  it("filters with isEmpty and isNotEmpty (value [])", async () => {
    expect(await names(where({ field_name: "Revenue", operator: "isEmpty", value: [] }))).toEqual(["Delta"]);
    expect(await names(where({ field_name: "Tier", operator: "isNotEmpty", value: [] }))).toEqual([
      "Acme",
      "Beta",
      "Gamma",
      "Delta",
    ]);
  });

  it("compares numbers with isGreater, isGreaterEqual, isLess and isLessEqual", async () => {
    expect(await names(where({ field_name: "Revenue", operator: "isGreater", value: ["100"] }))).toEqual([
      "Beta",
      "acme labs",
    ]);
    expect(await names(where({ field_name: "Revenue", operator: "isGreaterEqual", value: ["100"] }))).toEqual(
      ["Acme", "Beta", "acme labs"],
    );
    expect(await names(where({ field_name: "Revenue", operator: "isLess", value: ["100"] }))).toEqual([
      "Gamma",
    ]);
    expect(await names(where({ field_name: "Revenue", operator: "isLessEqual", value: ["100.0"] }))).toEqual([
      "Acme",
      "Gamma",
    ]);
  });

  it("matches selects, people and checkboxes", async () => {
    expect(await names(where({ field_name: "Tier", operator: "is", value: ["A"] }))).toEqual([
      "Acme",
      "Gamma",
    ]);
    expect(await names(where({ field_name: "Tier", operator: "contains", value: ["B", "C"] }))).toEqual([
      "Beta",
      "Delta",
    ]);
    expect(await names(where({ field_name: "Tags", operator: "contains", value: ["new"] }))).toEqual([
      "Beta",
    ]);
    expect(await names(where({ field_name: "Owner", operator: "is", value: ["ou_bob"] }))).toEqual(["Gamma"]);
    expect(await names(where({ field_name: "Active", operator: "is", value: ["true"] }))).toEqual([
      "Acme",
      "acme labs",
    ]);
  });

  it("combines conditions with and/or and one level of children", async () => {
    const or: Filter = {
      conjunction: "or",
      conditions: [
        { field_name: "Tier", operator: "is", value: ["C"] },
        { field_name: "Revenue", operator: "isGreater", value: ["200"] },
      ],
    };
    expect(await names(or)).toEqual(["Beta", "Delta", "acme labs"]);
    const nested: Filter = {
      conjunction: "and",
      children: [
        {
          conjunction: "or",
          conditions: [
            { field_name: "Tier", operator: "is", value: ["A"] },
            { field_name: "Tier", operator: "is", value: ["B"] },
          ],
        },
        {
          conjunction: "or",
          conditions: [
            { field_name: "Revenue", operator: "is", value: ["50"] },
            { field_name: "Revenue", operator: "is", value: ["250"] },
          ],
        },
      ],
    };
    expect(await names(nested)).toEqual(["Beta", "Gamma"]);
  });

  it("filters dates by Shanghai days: ExactDate, Today, Tomorrow, Yesterday, CurrentWeek, isGreater, isLess", async () => {
    const date = (operator: string, value: string[]) =>
      names(where({ field_name: "Next visit", operator, value }));
    expect(await date("is", ["ExactDate", String(SH_MIDNIGHT + 23 * HOUR)])).toEqual(["Acme"]);
    expect(await date("is", ["Today"])).toEqual(["Acme"]);
    expect(await date("is", ["Tomorrow"])).toEqual(["Beta"]);
    expect(await date("is", ["Yesterday"])).toEqual(["Gamma"]);
    expect(await date("is", ["CurrentWeek"])).toEqual(["Acme", "Beta", "Gamma"]);
    expect(await date("is", ["CurrentMonth"])).toEqual(["Acme", "Beta", "Gamma"]);
    expect(await date("isGreater", ["Today"])).toEqual(["Beta", "Delta"]);
    expect(await date("isLess", ["Today"])).toEqual(["Gamma"]);
  });

  it("refuses like/in, date operators Feishu does not take, a missing value and unknown fields", async () => {
    const code = async (filter: Filter) =>
      (
        await answerOf(
          world.client.bitable.appTableRecord.search({ path, data: { filter: filter as never } }),
        )
      ).code;
    expect(await code(where({ field_name: "Name", operator: "like", value: ["A"] }))).toBe(1254018);
    expect(await code(where({ field_name: "Name", operator: "in", value: ["A"] }))).toBe(1254018);
    expect(await code(where({ field_name: "Next visit", operator: "isNot", value: ["Today"] }))).toBe(
      1254018,
    );
    expect(
      await code(where({ field_name: "Next visit", operator: "isGreater", value: ["CurrentWeek"] })),
    ).toBe(1254018);
    expect(await code(where({ field_name: "Name", operator: "isEmpty" }))).toBe(1254018);
    expect(await code(where({ field_name: "Nope", operator: "is", value: ["x"] }))).toBe(1254018);
    const badNames = await answerOf(
      world.client.bitable.appTableRecord.search({ path, data: { field_names: ["Nope"] } }),
    );
    expect(badNames.code).toBe(1254024);
    const badSort = await answerOf(
      world.client.bitable.appTableRecord.search({ path, data: { sort: [{ field_name: "Nope" }] } }),
    );
    expect(badSort.code).toBe(1254016);
  });

  it("sorts ascending and descending with empty cells last, stable across keys", async () => {
    expect(await names(undefined, [{ field_name: "Revenue" }])).toEqual([
      "Gamma",
      "Acme",
      "Beta",
      "acme labs",
      "Delta",
    ]);
    expect(await names(undefined, [{ field_name: "Revenue", desc: true }])).toEqual([
      "acme labs",
      "Beta",
      "Acme",
      "Gamma",
      "Delta",
    ]);
    expect(await names(undefined, [{ field_name: "Tier" }, { field_name: "Revenue", desc: true }])).toEqual([
      "Acme",
      "Gamma",
      "Beta",
      "Delta",
      "acme labs",
    ]);
    expect(await names()).toEqual(["Acme", "Beta", "Gamma", "Delta", "acme labs"]);
  });

  it("returns only the fields named in field_names", async () => {
    const res = await world.client.bitable.appTableRecord.search({
      path,
      data: { field_names: ["Name", "Tier"] },
    });
    expect(res.data?.items?.[0]?.fields).toEqual({ Name: [{ type: "text", text: "Acme" }], Tier: "A" });
    expect(Object.keys(res.data?.items?.[4]?.fields ?? {})).toEqual(["Name"]);
  });
});
