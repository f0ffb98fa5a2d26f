import { errorText } from "../background.ts";
import { drainPass } from "../jobs/drain-pass.ts";
import type { JobsHandle } from "../jobs/runner.ts";
import type { Logger } from "../logger.ts";
import type { Services } from "../services.ts";
import { actOnChunk, type ItemsMessage, type SubrequestCount } from "./worker-fan-out.ts";
import type { Message, MessageBatch, Queue } from "./workers-types.ts";

/**
 * The Worker's work queue (producer and consumer in the same Worker). A batch of messages (up to max_batch_size)
 * is one consumer invocation with a fresh subrequest and CPU budget, which its messages share:
 *   job    — one run of one job (a cron tick enqueues one per due job; a failed run is retried with backoff,
 *            the same period again, and every effect inside is keyed, so a retry repeats only what is missing).
 *            A job with steps only plans here and queues its items (worker-fan-out.ts);
 *   items  — a chunk of those items, acted on; retried with backoff while an item may still succeed;
 *   writes — one bounded pass of the ledger's outbox (jobs/drain-pass.ts, the drain Node loops), `writesPerDrain`
 *            writes at most, follow-ups included (a survey answer's roll-up and alert are writes of their own).
 * Messages that fail `max_retries` times go to the dead-letter queue, which this Worker also consumes.
 */
export type WorkMessage =
  | { kind: "job"; job: string; at: number; trigger?: "schedule" | "admin"; force?: boolean }
  | ItemsMessage
  | { kind: "writes" };

export type QueueSettings = {
  /** First retry delay of a failed job run or drain message; doubled per attempt, capped at an hour, half jittered. */
  retryBaseSeconds: number;
  writesPerDrain: number;
  /** Subrequests one consumer invocation may make (the plan's limit); item chunks are sized to it. */
  subrequestBudget: number;
};

export type QueueContext = {
  services: Services;
  jobs: JobsHandle;
  work: Queue<WorkMessage>;
  logger: Logger;
  settings: QueueSettings;
  /** Feishu calls and D1 queries so far, where the runtime counts them (each chunk logs its share). */
  usage?: SubrequestCount;
};

const MAX_DELAY_SECONDS = 12 * 3600;

/** Queue names ending in -dead are dead-letter queues (see wrangler.toml). */
export function isDeadLetterQueue(name: string): boolean {
  return name.endsWith("-dead");
}

export async function consumeWork(q: QueueContext, batch: MessageBatch<unknown>): Promise<void> {
  if (isDeadLetterQueue(batch.queue)) return deadLetters(q, batch);
  const drains: Message<unknown>[] = [];
  for (const msg of batch.messages) {
    const body = msg.body as Partial<WorkMessage> | null;
    if (body?.kind === "job" && typeof body.job === "string" && typeof body.at === "number") {
      await runJobMessage(q, msg, body as Extract<WorkMessage, { kind: "job" }>);
    } else if (isItemsMessage(body)) {
      await runItemsMessage(q, msg, body);
    } else if (body?.kind === "writes") {
      drains.push(msg);
    } else {
      q.logger.error("queue.unknown_message", { queue: batch.queue, id: msg.id });
      msg.ack();
    }
  }
  // Any number of "writes" messages in a batch come down to one drain: each only says "look again".
  if (drains.length) await drainMessages(q, drains);
}

async function runJobMessage(
  q: QueueContext,
  msg: Message<unknown>,
  body: Extract<WorkMessage, { kind: "job" }>,
) {
  const { job, at } = body;
  // `at` is fixed for the message, so a retried forced run resumes the same forced period (`<period>#<at>`).
  const outcome = await q.jobs.run(job, { trigger: body.trigger ?? "schedule", now: at, force: body.force });
  if (outcome.status === "failed") {
    const delaySeconds = retryDelaySeconds(msg.attempts, q.settings.retryBaseSeconds);
    q.logger.warn("queue.job_retry", {
      job,
      attempts: msg.attempts,
      delay_s: delaySeconds,
      error: outcome.error,
    });
    msg.retry({ delaySeconds });
    return;
  }
  if (outcome.status === "skipped") q.logger.info("queue.job_skipped", { job, reason: outcome.reason });
  msg.ack();
}

function isItemsMessage(body: Partial<WorkMessage> | null): body is ItemsMessage {
  return (
    body?.kind === "items" &&
    typeof body.job === "string" &&
    typeof body.at === "number" &&
    Array.isArray(body.items)
  );
}

async function runItemsMessage(q: QueueContext, msg: Message<unknown>, body: ItemsMessage) {
  const result = await actOnChunk(q, body).catch((err: unknown) => ({
    fields: { job: body.job, run_id: body.runId, items: body.items.length },
    retry: errorText(err),
  }));
  if (!result) {
    q.logger.error("queue.unknown_job", { job: body.job, items: body.items.length });
    msg.ack();
    return;
  }
  if (result.retry !== undefined) {
    const delaySeconds = retryDelaySeconds(msg.attempts, q.settings.retryBaseSeconds);
    q.logger.warn("queue.items_retry", {
      ...result.fields,
      attempts: msg.attempts,
      delay_s: delaySeconds,
      error: result.retry,
    });
    msg.retry({ delaySeconds });
    return;
  }
  q.logger.info("queue.items_done", { ...result.fields, attempts: msg.attempts });
  msg.ack();
}

async function drainMessages(q: QueueContext, msgs: Message<unknown>[]) {
  const now = q.services.clock.now();
  try {
    const result = await drainPass(q.services, { limit: q.settings.writesPerDrain, now });
    // The next pass goes to a new invocation: writes still due continue at once, retries when they are due.
    if (result.more) await q.work.send({ kind: "writes" });
    else if (result.nextRetryAt !== undefined)
      await q.work.send(
        { kind: "writes" },
        { delaySeconds: clampDelay(Math.ceil((result.nextRetryAt - now) / 1000)) },
      );
    for (const m of msgs) m.ack();
  } catch (err) {
    // The ledger or a sink failed as a whole (D1 unreachable, the base not bound…): nothing was lost, so let
    // the queue try again later.
    q.logger.error("queue.drain_failed", { error: errorText(err) });
    for (const m of msgs)
      m.retry({ delaySeconds: retryDelaySeconds(m.attempts, q.settings.retryBaseSeconds) });
  }
}

async function deadLetters(q: QueueContext, batch: MessageBatch<unknown>) {
  for (const msg of batch.messages) {
    const body = msg.body as Partial<WorkMessage> | null;
    const run = body?.kind === "job" || body?.kind === "items" ? body : undefined;
    // The ledger holds the failed run, the pending writes, or which of these items' sends are missing (a forced
    // rerun of that period sends just those); this line is what an operator alerts on.
    q.logger.error("queue.dead_letter", {
      queue: batch.queue,
      kind: body?.kind ?? "unknown",
      job: run?.job,
      at: run?.at,
      run_id: body?.kind === "items" ? body.runId : undefined,
      items: body?.kind === "items" && Array.isArray(body.items) ? body.items.length : undefined,
      attempts: msg.attempts,
    });
    msg.ack();
  }
}

export function retryDelaySeconds(attempts: number, baseSeconds: number, random = Math.random): number {
  const full = Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 3600);
  return clampDelay(Math.round(full / 2 + (random() * full) / 2));
}

function clampDelay(seconds: number): number {
  return Math.max(1, Math.min(MAX_DELAY_SECONDS, seconds));
}
