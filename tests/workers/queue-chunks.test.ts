import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import {
  chunkItems,
  INVOCATION_SUBREQUESTS,
  itemsPerChunk,
  jsonBytes,
  MESSAGE_BYTES,
  QUEUE_BATCH_SIZE,
  sendBatches,
} from "../../src/runtime/queue-chunks.ts";
import { ROOT } from "./local-worker.ts";

const wrap = (items: unknown[]) => ({ kind: "items", job: "reminders", at: 0, items });

describe("cutting a job's items into queue messages", () => {
  it("gives each message of a full batch its share of one invocation's budget", () => {
    // (1,000 − 10) / 10 messages = 99 subrequests a message; 9 per item → 11 items.
    expect(itemsPerChunk(9, 1000)).toBe(11);
    expect(itemsPerChunk(9, 10_000)).toBe(111);
    expect(QUEUE_BATCH_SIZE * itemsPerChunk(9, 1000) * 9 + INVOCATION_SUBREQUESTS).toBeLessThanOrEqual(1000);
    expect(itemsPerChunk(50, 100)).toBe(1);
  });

  it("keeps the order, at most `size` items a message", () => {
    const messages = chunkItems([1, 2, 3, 4, 5, 6, 7], 3, wrap);
    expect(messages.map((m) => m.items)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunkItems([], 3, wrap)).toEqual([]);
  });

  it("starts a new message before one would pass the size a queue message may have", () => {
    const big = "客".repeat(15_000); // 45 KB of UTF-8
    const messages = chunkItems([big, big, big, big, big], 100, wrap);
    expect(messages.map((m) => m.items.length)).toEqual([2, 2, 1]);
    for (const m of messages) expect(jsonBytes(m)).toBeLessThanOrEqual(MESSAGE_BYTES);
  });

  it("refuses an item no message could carry, naming it", () => {
    expect(() => chunkItems(["x", "客".repeat(50_000)], 10, wrap)).toThrow(/item 2 of 2 is \d+ bytes/);
  });

  it("sends at most 100 messages, and under 256 KB, per sendBatch", () => {
    const small = Array.from({ length: 250 }, (_, i) => ({ body: wrap([i]) }));
    expect(sendBatches(small).map((b) => b.length)).toEqual([100, 100, 50]);
    const large = Array.from({ length: 5 }, () => ({ body: wrap(["客".repeat(30_000)]) }));
    const batches = sendBatches(large);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const b of batches) expect(jsonBytes(b)).toBeLessThan(256 * 1024);
  });

  it("budgets for the batch size wrangler.toml gives the work queue's consumer", () => {
    const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
    const consumers: { queue: string; max_batch_size?: number }[] = config.queues.consumers ?? [];
    expect(consumers.find((c) => c.queue === "kam-work")?.max_batch_size).toBe(QUEUE_BATCH_SIZE);
  });
});
