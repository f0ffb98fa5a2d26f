import type { WorkMessage } from "../../src/runtime/worker-queue.ts";
import type { Message, MessageBatch, Queue, QueueSendOptions } from "../../src/runtime/workers-types.ts";

/** A delivered message that remembers whether the consumer acknowledged it or asked for a retry (and when). */
export type FakeMessage = Message<unknown> & { outcome?: "ack" | { retry: number | undefined } };

export function message(body: unknown, attempts = 1): FakeMessage {
  const m: FakeMessage = {
    id: Math.random().toString(36).slice(2),
    timestamp: new Date(),
    body,
    attempts,
    ack: () => {
      m.outcome = "ack";
    },
    retry: (o?: QueueSendOptions) => {
      m.outcome = { retry: o?.delaySeconds };
    },
  };
  return m;
}

export const batch = (queue: string, messages: FakeMessage[]): MessageBatch<unknown> => ({
  queue,
  messages,
  ackAll: () => {
    for (const m of messages) m.ack();
  },
  retryAll: () => {
    for (const m of messages) m.retry();
  },
});

export type SentWork = { body: WorkMessage; delaySeconds?: number };

/** The producer side: what was sent, one entry per message; `batches` counts sendBatch calls. */
export function fakeWorkQueue(): Queue<WorkMessage> & { sent: SentWork[]; batches: number } {
  const q = {
    sent: [] as SentWork[],
    batches: 0,
    send: async (body: WorkMessage, o?: QueueSendOptions) =>
      void q.sent.push({ body, delaySeconds: o?.delaySeconds }),
    sendBatch: async (messages: Iterable<{ body: WorkMessage; delaySeconds?: number }>) => {
      q.batches++;
      for (const m of messages) q.sent.push({ body: m.body, delaySeconds: m.delaySeconds });
    },
  };
  return q;
}
