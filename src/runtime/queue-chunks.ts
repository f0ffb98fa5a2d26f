/**
 * How a job's items are cut into queue messages. Cloudflare Queues take at most 128 KB per message and 100
 * messages or 256 KB per sendBatch; a consumer invocation gets up to `max_batch_size` messages and ONE
 * subrequest budget for all of them, so a chunk is sized to its share of that budget.
 */

/** wrangler.toml's `max_batch_size` for kam-work (tests/workers/queue-chunks.test.ts keeps the two in step). */
export const QUEUE_BATCH_SIZE = 10;
/** What a consumer invocation spends before any item: a token, the schema check, the sandbox clock, notices. */
export const INVOCATION_SUBREQUESTS = 10;
/** Below the documented 128 KB and 256 KB, leaving room for the envelope. */
export const MESSAGE_BYTES = 120 * 1024;
const SEND_BATCH_BYTES = 240 * 1024;
const SEND_BATCH_MESSAGES = 100;

/** Items per message, so that a full batch of such messages stays inside one invocation's budget. */
export function itemsPerChunk(costPerItem: number, budget: number): number {
  const perMessage = (budget - INVOCATION_SUBREQUESTS) / QUEUE_BATCH_SIZE;
  return Math.max(1, Math.floor(perMessage / Math.max(1, costPerItem)));
}

export const jsonBytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Consecutive chunks of at most `size` items whose message (`wrap(chunk)`) stays under MESSAGE_BYTES. An item
 * too big for a message of its own is an error: nothing could carry it.
 */
export function chunkItems<T, M>(items: readonly T[], size: number, wrap: (chunk: T[]) => M): M[] {
  const envelope = jsonBytes(wrap([]));
  const messages: M[] = [];
  let chunk: T[] = [];
  let bytes = envelope;
  for (const [i, item] of items.entries()) {
    const itemBytes = jsonBytes(item) + 1;
    if (envelope + itemBytes > MESSAGE_BYTES)
      throw new Error(
        `item ${i + 1} of ${items.length} is ${itemBytes} bytes, more than one queue message holds (${MESSAGE_BYTES})`,
      );
    if (chunk.length === size || bytes + itemBytes > MESSAGE_BYTES) {
      messages.push(wrap(chunk));
      chunk = [];
      bytes = envelope;
    }
    chunk.push(item);
    bytes += itemBytes;
  }
  if (chunk.length) messages.push(wrap(chunk));
  return messages;
}

/** Groups messages into sendBatch calls: at most 100 messages and SEND_BATCH_BYTES each. */
export function sendBatches<M>(messages: readonly M[]): M[][] {
  const batches: M[][] = [];
  let batch: M[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = jsonBytes(m);
    if (batch.length === SEND_BATCH_MESSAGES || (batch.length > 0 && bytes + size > SEND_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(m);
    bytes += size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}
