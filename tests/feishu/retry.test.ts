import { afterEach, describe, expect, it } from "vitest";
import { createFeishuClient, type FeishuClient } from "../../src/feishu/client.ts";
import { FeishuApiError } from "../../src/feishu/errors.ts";
import { createLogger } from "../../src/logger.ts";
import {
  type Answer,
  errBody,
  okBody,
  type ScriptServer,
  type Seen,
  startScriptServer,
} from "./script-server.ts";

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const lines: string[] = [];
const logger = createLogger("debug", (l) => lines.push(l));

async function clientFor(script: (req: Seen, n: number) => Answer, retry = {}): Promise<FeishuClient> {
  server = await startScriptServer(script);
  return createFeishuClient({
    domain: server.url,
    appId: "cli_test",
    appSecret: "secret",
    logger,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...retry },
  });
}

const T = { app_token: "bascnA", table_id: "tblA" };
const rows = { records: [{ fields: { 名称: "x" } }] };
const created = okBody({ records: [{ record_id: "rec1", fields: { 名称: "x" } }] });
const fiveHundred: Answer = { status: 500, body: errBody(1255001, "internal") };

describe("retry policy", () => {
  it("waits at least x-ogw-ratelimit-reset seconds after a 429, then succeeds", async () => {
    const client = await clientFor((_req, n) =>
      n === 1
        ? {
            status: 429,
            headers: { "x-ogw-ratelimit-reset": "1" },
            body: errBody(99991400, "request trigger frequency limit"),
          }
        : { body: okBody({ items: [], has_more: false }) },
    );
    const answer = await client.sdk.bitable.appTableRecord.search({ path: T, data: {} });
    expect(answer.code).toBe(0);
    const [first, second] = server!.seen;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(client.metrics.rateLimitWaits).toBe(1);
    expect(client.metrics.faults["99991400"]).toBe(1);
  });

  it("retries a write conflict (1254291) until the table is free", async () => {
    const client = await clientFor((_req, n) =>
      n <= 2 ? { body: errBody(1254291, "Write conflict") } : { body: okBody() },
    );
    const answer = await client.sdk.bitable.appTableRecord.batchUpdate({ path: T, data: { records: [] } });
    expect(answer.code).toBe(0);
    expect(server!.seen).toHaveLength(3);
    expect(client.metrics.retries).toBe(2);
  });

  it("does not repeat a create without client_token after a 500: it may have been written", async () => {
    const client = await clientFor(() => fiveHundred);
    const err = await client.sdk.bitable.appTableRecord.batchCreate({ path: T, data: rows }).catch((e) => e);
    expect(err.response.status).toBe(500);
    expect(server!.seen).toHaveLength(1);
  });

  it("repeats a create carrying client_token after a 500, with the same token", async () => {
    const client = await clientFor((_req, n) => (n === 1 ? fiveHundred : { body: created }));
    const token = "0d4e0b8e-5b7a-4c1e-9a51-7f2d3c4b5a69";
    const answer = await client.sdk.bitable.appTableRecord.batchCreate({
      path: T,
      params: { client_token: token },
      data: rows,
    });
    expect(answer.code).toBe(0);
    expect(server!.seen.map((s) => s.query.get("client_token"))).toEqual([token, token]);
  });

  it("repeats a create without client_token after 1254291, which proves nothing was written", async () => {
    const client = await clientFor((_req, n) => (n === 1 ? { body: errBody(1254291) } : { body: created }));
    const answer = await client.sdk.bitable.appTableRecord.batchCreate({ path: T, data: rows });
    expect(answer.code).toBe(0);
    expect(server!.seen).toHaveLength(2);
  });

  it("does not repeat a message send without uuid after a dropped connection", async () => {
    const client = await clientFor(() => "drop");
    const err = await client.sdk.im.message
      .create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: "ou_1", msg_type: "text", content: "{}" },
      })
      .catch((e) => e);
    expect(err.code).toBe("ERR_NETWORK");
    expect(server!.seen).toHaveLength(1);
  });

  it("repeats a read after a dropped connection", async () => {
    const client = await clientFor((_req, n) =>
      n === 1 ? "drop" : { body: okBody({ user: { open_id: "ou_1", name: "A" } }) },
    );
    const user = await client.contacts.getUser("ou_1");
    expect(user.name).toBe("A");
    expect(server!.seen).toHaveLength(2);
  });

  it("on a token error drops the cached token, fetches a new one and repeats once", async () => {
    const client = await clientFor((req) =>
      req.headers.authorization === "Bearer t-1"
        ? { status: 400, body: errBody(99991663) }
        : { body: okBody() },
    );
    const answer = await client.sdk.bitable.appTableRecord.batchUpdate({ path: T, data: { records: [] } });
    expect(answer.code).toBe(0);
    expect(server!.tokenRequests).toBe(2);
    expect(server!.seen.map((s) => s.headers.authorization)).toEqual(["Bearer t-1", "Bearer t-2"]);
    // The fresh token stays cached for the next call.
    await client.sdk.bitable.appTableRecord.batchUpdate({ path: T, data: { records: [] } });
    expect(server!.tokenRequests).toBe(2);
  });

  it("refreshes the token only once per call", async () => {
    const client = await clientFor(() => ({ status: 400, body: errBody(99991663) }));
    const err = await client.sdk.bitable.appTableRecord
      .batchUpdate({ path: T, data: { records: [] } })
      .catch((e) => e);
    expect(err.response.data.code).toBe(99991663);
    expect(server!.seen).toHaveLength(2);
  });

  it("gives up after the configured number of attempts with a FeishuApiError naming table and code", async () => {
    const client = await clientFor(() => ({ body: errBody(1254291, "Write conflict") }), { maxAttempts: 4 });
    const err = await client
      .bitable("bascnA")
      .batchUpdate("tblA", [{ record_id: "rec1", fields: {} }])
      .catch((e) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err).toMatchObject({
      code: 1254291,
      api: "bitable.record.batch_update",
      context: { tableId: "tblA" },
    });
    expect(err.hint).toMatch(/写冲突/);
    expect(server!.seen).toHaveLength(4);
  });

  it("stops retrying when the total deadline would pass", async () => {
    const client = await clientFor(
      () => ({ status: 429, headers: { "x-ogw-ratelimit-reset": "5" }, body: errBody(99991400) }),
      { deadlineMs: 1_000 },
    );
    const started = Date.now();
    const err = await client.sdk.bitable.appTableRecord.search({ path: T, data: {} }).catch((e) => e);
    expect(err.response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server!.seen).toHaveLength(1);
  });

  it("reports each retry and each failure for good to onEvent", async () => {
    server = await startScriptServer((_req, n) =>
      n === 1 ? { body: errBody(1254290) } : { body: errBody(1254043) },
    );
    const events: unknown[] = [];
    const client = createFeishuClient({
      domain: server.url,
      appId: "cli_test",
      appSecret: "secret",
      logger,
      retry: { baseDelayMs: 5 },
      onEvent: (e) => events.push(e),
    });
    await client.sdk.bitable.appTableRecord.batchUpdate({ path: T, data: { records: [] } });
    expect(events).toEqual([
      { api: "bitable.record.batch_update", outcome: "retry", fault: "1254290", attempt: 1 },
      { api: "bitable.record.batch_update", outcome: "failed", fault: "1254043", attempt: 2 },
    ]);
  });

  it("logs every retry without the token", async () => {
    lines.length = 0;
    const client = await clientFor((_req, n) => (n === 1 ? { body: errBody(1254290) } : { body: okBody() }));
    await client.sdk.bitable.appTableRecord.batchUpdate({ path: T, data: { records: [] } });
    const retry = lines.map((l) => JSON.parse(l)).find((l) => l.event === "feishu.retry");
    expect(retry).toMatchObject({ api: "bitable.record.batch_update", attempt: 1, fault: "1254290" });
    expect(lines.join("\n")).not.toMatch(/t-1|secret/);
  });
});
