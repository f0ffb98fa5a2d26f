import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import type { D1Database } from "../../src/runtime/workers-types.ts";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const run = promisify(execFile);

export type BuiltWorker = {
  dir: string;
  scriptPath: string;
  bytes: number;
  gzipBytes: number;
  output: string;
};

/**
 * Bundles a Worker entry exactly as `wrangler deploy` would (wrangler.toml's define, nodejs_compat aliasing),
 * offline: `--dry-run` stops before any upload or login.
 */
export async function buildWorker(entry = "src/runtime/worker.ts"): Promise<BuiltWorker> {
  const dir = mkdtempSync(join(tmpdir(), "kam-worker-"));
  const { stdout, stderr } = await run(
    process.execPath,
    [WRANGLER, "deploy", entry, "--dry-run", "--outdir", dir, "--config", join(ROOT, "wrangler.toml")],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, timeout: 60_000 },
  ).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`wrangler could not bundle ${entry}:\n${err.stderr ?? ""}${err.stdout ?? err.message}`);
  });
  const script = readdirSync(dir).find((f) => f.endsWith(".js"));
  if (!script) throw new Error(`wrangler wrote no .js into ${dir}:\n${stdout}${stderr}`);
  const code = readFileSync(join(dir, script));
  return {
    dir,
    scriptPath: join(dir, script),
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    output: `${stdout}${stderr}`,
  };
}

export type LogLine = Record<string, unknown> & { event?: string };

export type LocalWorker = {
  /** Where the Worker listens on loopback (what the sandbox delivers callbacks to). */
  url: string;
  mf: Miniflare;
  logs: LogLine[];
  /** Fires a Cron Trigger as Cloudflare would, at `scheduledTime`. */
  scheduled(cron: string, scheduledTime: number): Promise<void>;
  d1(): Promise<D1Database>;
  /** Resolves with the first log line (from now on or already seen) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  stop(): Promise<void>;
};

/**
 * The bundle in the real Workers runtime (workerd, through Miniflare), with the bindings wrangler.toml
 * declares: D1 in a temporary directory, the queue and its dead-letter queue with their consumers.
 */
export async function startLocalWorker(opts: {
  built: BuiltWorker;
  vars: Record<string, string>;
  port?: number;
  /** Seconds a queue batch waits to fill; short in tests. */
  batchTimeout?: number;
}): Promise<LocalWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
  const persist = mkdtempSync(join(tmpdir(), "kam-worker-state-"));
  const logs: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  const consumers = Object.fromEntries(
    Object.entries(workerOptions.queueConsumers ?? {}).map(([name, c]) => [
      name,
      { ...(c as object), maxBatchTimeout: opts.batchTimeout ?? 0.2 },
    ]),
  );
  const mf = new Miniflare({
    ...workerOptions,
    queueConsumers: consumers,
    name: "feishu-kam",
    modules: true,
    modulesRoot: opts.built.dir,
    scriptPath: opts.built.scriptPath,
    bindings: { ...(workerOptions.bindings ?? {}), ...opts.vars },
    host: "127.0.0.1",
    port: opts.port ?? 0,
    defaultPersistRoot: persist,
    unsafeTriggerHandlers: true,
    structuredWorkerdLogs: true,
    handleStructuredLogs: ({ message }: { message: string }) => {
      let line: LogLine;
      try {
        line = JSON.parse(message) as LogLine;
      } catch {
        line = { event: "raw", message };
      }
      logs.push(line);
      for (const w of waiters) w(line);
    },
  } as ConstructorParameters<typeof Miniflare>[0]);
  let url: URL;
  try {
    url = await mf.ready;
  } catch (err) {
    await mf.dispose().catch(() => {});
    throw new Error(`the Workers runtime (workerd) did not start: ${(err as Error).message}`);
  }
  // Fetcher.scheduled exists at run time; Miniflare's bundled types leave it out.
  const worker = (await mf.getWorker()) as unknown as {
    scheduled(event: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
  };

  return {
    url: url.origin,
    mf,
    logs,
    async scheduled(cron, scheduledTime) {
      const result = await worker.scheduled({ cron, scheduledTime: new Date(scheduledTime) });
      if (result.outcome !== "ok") throw new Error(`scheduled(${cron}) ended ${result.outcome}`);
    },
    d1: async () => (await mf.getD1Database("DB")) as unknown as D1Database,
    waitForLog(match, timeoutMs = 20_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const tail = logs.slice(-8).map((l) => JSON.stringify(l));
          fail(new Error(`no matching Worker log within ${timeoutMs} ms; last lines:\n${tail.join("\n")}`));
        }, timeoutMs);
        const check = (line: LogLine) => {
          if (!match(line)) return;
          clearTimeout(timer);
          waiters.delete(check);
          done(line);
        };
        waiters.add(check);
      });
    },
    async stop() {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
