import { afterEach, describe, expect, it } from "vitest";
import { createFeishuClient } from "../../src/feishu/client.ts";
import { describeCall } from "../../src/feishu/limits.ts";
import { createPacer } from "../../src/feishu/pacer.ts";
import { createTableLocks } from "../../src/feishu/table-lock.ts";
import { silentLogger } from "../../src/logger.ts";
import { okBody, type ScriptServer, startScriptServer } from "./script-server.ts";

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most requests that fell into any one-second window. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("pacing", () => {
  it("sends 60 searches to a 20/s API at that rate: about three seconds' worth, never 21 in a second", async () => {
    server = await startScriptServer(() => ({ body: okBody({ items: [], has_more: false }) }));
    const client = createFeishuClient({
      domain: server.url,
      appId: "cli_p",
      appSecret: "s",
      logger: silentLogger,
    });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 60 }, () =>
        client.sdk.bitable.appTableRecord.search({ path: { app_token: "b", table_id: "t" }, data: {} }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(8_000);
    expect(busiestSecond(server.seen.map((s) => s.at))).toBeLessThanOrEqual(20);
    expect(client.metrics.pacedWaits).toBeGreaterThan(0);
  });

  it("does not hold back calls when pacing is off", async () => {
    server = await startScriptServer(() => ({ body: okBody({ items: [] }) }));
    const client = createFeishuClient({
      domain: server.url,
      appId: "cli_p",
      appSecret: "s",
      logger: silentLogger,
      limits: { pace: false },
    });
    await Promise.all(
      Array.from({ length: 40 }, () =>
        client.sdk.bitable.appTableRecord.search({ path: { app_token: "b", table_id: "t" }, data: {} }),
      ),
    );
    expect(client.metrics.pacedWaits).toBe(0);
    expect(busiestSecond(server.seen.map((s) => s.at))).toBeGreaterThan(20);
  });

  it("counts a call until its answer arrives, so slow answers cannot crowd a window", async () => {
    const pacer = createPacer();
    const rate = [{ key: "k", perSecond: 2 }];
    const a = await pacer.acquire(rate);
    const b = await pacer.acquire(rate);
    const third = pacer.acquire(rate).then(() => Date.now());
    await sleep(300);
    const answered = Date.now();
    a();
    b();
    expect((await third) - answered).toBeGreaterThanOrEqual(990);
  });

  it("holds a key back for as long as the server asked", async () => {
    const pacer = createPacer();
    pacer.pause("k", 300);
    const started = Date.now();
    (await pacer.acquire([{ key: "k", perSecond: 100 }]))();
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  it("keeps 5 messages a second to one recipient apart from the app-wide 50/s", () => {
    const info = describeCall(
      "POST",
      "http://x/open-apis/im/v1/messages",
      {},
      { receive_id: "ou_1", uuid: "u" },
    );
    expect(info.rates).toEqual([
      { key: "im.message.create", perSecond: 50, perMinute: 1000 },
      { key: "im.recipient:ou_1", perSecond: 5 },
    ]);
    expect(info.idempotent).toBe(true);
  });
});

describe("table lock", () => {
  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  it("runs writes to one table one at a time, in order", async () => {
    const locks = createTableLocks();
    const order: string[] = [];
    const first = deferred();
    const a = locks.run("b/t", "write", async () => {
      order.push("a:start");
      await first.promise;
      order.push("a:end");
    });
    const b = locks.run("b/t", "write", async () => {
      order.push("b");
    });
    await sleep(20);
    expect(order).toEqual(["a:start"]);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(["a:start", "a:end", "b"]);
    expect(locks.active()).toEqual([]);
  });

  it("lets reads run together but makes them wait for a write in progress", async () => {
    const locks = createTableLocks();
    const write = deferred();
    const events: string[] = [];
    const reading = deferred();
    const r1 = locks.run("b/t", "read", async () => {
      events.push("r1");
      await reading.promise;
    });
    const r2 = locks.run("b/t", "read", async () => {
      events.push("r2");
    });
    const w = locks.run("b/t", "write", async () => {
      events.push("w");
      await write.promise;
    });
    const r3 = locks.run("b/t", "read", async () => {
      events.push("r3");
    });
    await sleep(20);
    expect(events).toEqual(["r1", "r2"]);
    reading.resolve();
    await sleep(20);
    expect(events).toEqual(["r1", "r2", "w"]);
    write.resolve();
    await Promise.all([r1, r2, w, r3]);
    expect(events).toEqual(["r1", "r2", "w", "r3"]);
  });

  it("does not make different tables wait for each other", async () => {
    const locks = createTableLocks();
    const slow = deferred();
    const a = locks.run("b/t1", "write", () => slow.promise);
    let other = false;
    await locks.run("b/t2", "write", async () => {
      other = true;
    });
    expect(other).toBe(true);
    slow.resolve();
    await a;
  });
});
