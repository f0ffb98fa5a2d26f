import type { CallInfo } from "./limits.ts";
import type { Exchange, HttpRequest } from "./transport.ts";

/**
 * One Bitable table takes one write at a time, and reads racing a write conflict too (1254291).
 * So per table: a write waits for everything queued before it; a read waits only for earlier
 * writes, and reads run side by side. First come, first served, so a stream of reads cannot
 * starve a write.
 */
export type TableLocks = {
  run<T>(key: string, access: "read" | "write", fn: () => Promise<T>): Promise<T>;
  /** Tables with a call running or queued (for tests and diagnostics). */
  active(): string[];
};

type Queue = { lastWrite: Promise<void>; reads: Set<Promise<void>>; pending: number };

export function createTableLocks(): TableLocks {
  const queues = new Map<string, Queue>();

  return {
    async run(key, access, fn) {
      let q = queues.get(key);
      if (!q) {
        q = { lastWrite: Promise.resolve(), reads: new Set(), pending: 0 };
        queues.set(key, q);
      }
      q.pending++;
      let release!: () => void;
      const done = new Promise<void>((r) => (release = r));
      const before = access === "write" ? Promise.all([q.lastWrite, ...q.reads]) : q.lastWrite;
      if (access === "write") q.lastWrite = done;
      else q.reads.add(done);
      try {
        await before;
        return await fn();
      } finally {
        release();
        q.reads.delete(done);
        if (--q.pending === 0) queues.delete(key);
      }
    },
    active: () => [...queues.keys()],
  };
}

/** The locking layer: holds the table for the whole call, retries included, so nothing slips in between. */
export function withTableLock(
  next: Exchange,
  locks: TableLocks,
  describe: (req: HttpRequest) => CallInfo,
): Exchange {
  return (req) => {
    const table = describe(req).table;
    return table ? locks.run(table.key, table.access, () => next(req)) : next(req);
  };
}
