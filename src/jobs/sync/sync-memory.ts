import type { Services } from "../../services.ts";
import { createEchoMemo, type EchoMemo } from "./echo-memo.ts";
import type { FrozenBook } from "./frozen-book.ts";

/**
 * What one service process remembers between syncs: the last full computation (for incremental
 * recomputes), what it wrote (to recognise the echoes), and a lock so a full sync and an incremental
 * one never interleave their reads and writes. Lost on restart: the next event then runs a full sync.
 */
export type SyncMemory = {
  frozen?: FrozenBook;
  /** Set when an event handler is attached: only then is a full sync's figures worth keeping. */
  incremental: boolean;
  echoes: EchoMemo;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
};

const memories = new WeakMap<Services, SyncMemory>();

export function syncMemory(services: Services): SyncMemory {
  let memory = memories.get(services);
  if (!memory) {
    let tail: Promise<unknown> = Promise.resolve();
    memory = {
      incremental: false,
      echoes: createEchoMemo(),
      exclusive(work) {
        const run = tail.then(work, work);
        tail = run.catch(() => undefined);
        return run;
      },
    };
    memories.set(services, memory);
  }
  return memory;
}
