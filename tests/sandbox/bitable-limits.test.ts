import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRecords } from "../../src/sandbox/bitable/store.ts";
import type { BitableWorld } from "./bitable-fixture.ts";
import { answerOf, seedTable, startWorld } from "./bitable-fixture.ts";

let world: BitableWorld;
beforeAll(async () => {
  world = await startWorld();
  await world.client.bitable.app.create({ data: { name: "warm-up" } }); // fetch the token before racing
});
afterAll(() => world.sandbox.stop());

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ fields: { Name: `row ${i}` } }));
const TOKEN = "3f2a9c4e-8b1d-4e7a-9c2b-5d6e7f8a9b0c";

describe("Bitable write limits, idempotency and concurrency", () => {
  it("refuses a batch_create of 1,001 records with 1254104", async () => {
    const { path } = seedTable(world.state, undefined, "TooMany");
    const answer = await answerOf(
      world.client.bitable.appTableRecord.batchCreate({ path, data: { records: rows(1001) } }),
    );
    expect(answer).toMatchObject({ status: 200, code: 1254104 });
    expect(world.state.bases.get(path.app_token)?.tables.get(path.table_id)?.records.size).toBe(0);
  });

  it("refuses a batch_delete of 501 records with 1254104", async () => {
    const { path } = seedTable(world.state, undefined, "DeleteMany");
    const ids = writeRecords(world.state, path.app_token, path.table_id, rows(501), {
      open_id: "ou_x",
    }).records.map((r) => r.record_id);
    const answer = await answerOf(
      world.client.bitable.appTableRecord.batchDelete({ path, data: { records: ids } }),
    );
    expect(answer).toMatchObject({ status: 200, code: 1254104 });
  });

  it("repeats no write for the same client_token and answers the first response again", async () => {
    const { path } = seedTable(world.state, undefined, "Idempotent");
    const call = () =>
      world.client.bitable.appTableRecord.batchCreate({
        path,
        params: { client_token: TOKEN },
        data: { records: rows(3) },
      });
    const first = await call();
    const second = await call();
    expect(second.data).toEqual(first.data);
    const all = await world.client.bitable.appTableRecord.search({ path });
    expect(all.data?.total).toBe(3);
    const changed = await answerOf(
      world.client.bitable.appTableRecord.batchCreate({
        path,
        params: { client_token: TOKEN },
        data: { records: rows(1) },
      }),
    );
    expect(changed).toMatchObject({ status: 400, code: 1255006 });
  });

  it("answers a client_token that is not a UUIDv4 with 1254037 (HTTP 400)", async () => {
    const { path } = seedTable(world.state, undefined, "BadToken");
    const answer = await answerOf(
      world.client.bitable.appTableRecord.create({
        path,
        params: { client_token: "reminder:rec1:2026-11-24" },
        data: { fields: { Name: "x" } },
      }),
    );
    expect(answer).toMatchObject({ status: 400, code: 1254037 });
  });

  it("lets one of two concurrent batch_updates on a table through and answers the other 1254291", async () => {
    const { path } = seedTable(world.state, undefined, "Race");
    const ids = writeRecords(world.state, path.app_token, path.table_id, rows(2), {
      open_id: "ou_x",
    }).records.map((r) => r.record_id);
    world.state.limits.writeMsBase = 150;
    try {
      const update = (tier: string) =>
        answerOf(
          world.client.bitable.appTableRecord.batchUpdate({
            path,
            data: { records: ids.map((record_id) => ({ record_id, fields: { Tier: tier } })) },
          }),
        );
      const answers = await Promise.all([update("A"), update("B")]);
      expect(answers.map((a) => a.code).sort()).toEqual([0, 1254291]);
      expect(answers.find((a) => a.code === 1254291)?.status).toBe(200);
    } finally {
      world.state.limits.writeMsBase = 5;
    }
  });

  it("takes concurrent writes to different tables, and holds each table while it writes", async () => {
    const a = seedTable(world.state, undefined, "Left").path;
    const b = seedTable(world.state, undefined, "Right").path;
    world.state.limits.writeMsBase = 100;
    try {
      const started = Date.now();
      const answers = await Promise.all(
        [a, b].map((path) =>
          answerOf(world.client.bitable.appTableRecord.batchCreate({ path, data: { records: rows(10) } })),
        ),
      );
      expect(answers.map((x) => x.code)).toEqual([0, 0]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      world.state.limits.writeMsBase = 5;
    }
  });

  it("refuses records beyond the per-table cap with 1254103", async () => {
    const { path } = seedTable(world.state, undefined, "Capped");
    world.state.limits.maxRecordsPerTable = 3;
    try {
      const answer = await answerOf(
        world.client.bitable.appTableRecord.batchCreate({ path, data: { records: rows(4) } }),
      );
      expect(answer.code).toBe(1254103);
    } finally {
      world.state.limits.maxRecordsPerTable = 500_000;
    }
  });
});

describe("Bitable rate limits", () => {
  let limited: BitableWorld;
  beforeAll(async () => {
    limited = await startWorld({ rateLimits: true });
  });
  afterAll(() => limited.sandbox.stop());

  it("answers searches beyond 20/s with HTTP 429, code 99991400 and the x-ogw-ratelimit headers", async () => {
    const { path } = seedTable(limited.state, undefined, "Hot");
    await limited.client.bitable.appTableField.list({ path }); // fetch the token first
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => answerOf(limited.client.bitable.appTableRecord.search({ path }))),
    );
    const limitedAnswers = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.code === 0)).toHaveLength(20);
    expect(limitedAnswers).toHaveLength(5);
    expect(limitedAnswers[0]).toMatchObject({ code: 99991400 });
    expect(limitedAnswers[0]?.headers["x-ogw-ratelimit-limit"]).toBe("20");
    expect(Number(limitedAnswers[0]?.headers["x-ogw-ratelimit-reset"])).toBeGreaterThanOrEqual(1);
  });
});
