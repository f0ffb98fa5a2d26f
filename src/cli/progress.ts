/**
 * Progress for long operations: a redrawn bar on a TTY, plain periodic lines otherwise (CI logs, pipes).
 */
export type Progress = { update(done: number, total?: number): void; done(message?: string): void };

export function createProgress(
  label: string,
  opts: { stream?: NodeJS.WriteStream; intervalMs?: number; now?: () => number } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? (stream.isTTY ? 100 : 2_000);
  const started = now();
  let last = 0;
  let total = 0;
  let current = 0;
  const render = (final: boolean) => {
    const secs = ((now() - started) / 1000).toFixed(1);
    const pct = total > 0 ? Math.min(100, Math.floor((current / total) * 100)) : 0;
    if (stream.isTTY) {
      const width = 24;
      const filled = total > 0 ? Math.round((pct / 100) * width) : 0;
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      stream.write(`\r${label} ${bar} ${current}/${total || "?"} ${pct}% ${secs}s${final ? "\n" : ""}`);
    } else {
      stream.write(`${label}: ${current}/${total || "?"} (${pct}%) ${secs}s\n`);
    }
  };
  return {
    update(done, t) {
      current = done;
      if (t !== undefined) total = t;
      const at = now();
      if (at - last >= interval) {
        last = at;
        render(false);
      }
    },
    done(message) {
      render(true);
      if (message) stream.write(`${message}\n`);
    },
  };
}

/** A progress that prints nothing (library use, tests). */
export const quietProgress: Progress = { update() {}, done() {} };

/** One progress line per table, for operations that write several tables in turn. */
export function perTableProgress(prefix: string): (table: string, done: number, total: number) => void {
  const bars = new Map<string, Progress>();
  return (table, done, total) => {
    let bar = bars.get(table);
    if (!bar) {
      bar = createProgress(`${prefix} ${table}`);
      bars.set(table, bar);
    }
    bar.update(done, total);
    if (done >= total) bar.done();
  };
}
