/**
 * Engine and sync benchmark.
 *
 *   npx tsx bench/engine.ts [--accounts 100000] [--orders 1000000] [--only compute|sync] [--again] [--heap MB]
 *
 * (a) compute: tier + score + visit plan + health for the whole synthetic book in one process, median
 *     of three runs after a warm-up (in a child process, so its memory stays out of (b)'s figure).
 * (b) sync: a full sync through the Feishu client against the sandbox with rate limits on. The sandbox
 *     runs in a child process seeded through its programmatic API; each sync runs in a fresh process
 *     of its own, so its peak RSS is the sync's alone. --heap MB is its V8 old-space ceiling: default 256,
 *     what Node sets by itself on a 512 MB machine (physical memory ÷ 4 × 2 on 64-bit); 0 leaves V8 to size
 *     it for this machine, which on a large one lets garbage pile up to ~3× the live set. Calls are compared with the minimum the documented limits allow (search: 500 rows a call,
 *     20/s; batch writes: 1,000 rows a call, 50/s, one at a time per table). --again
 *     runs a second sync over the unchanged base (a new process, same ledger), which must write nothing.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createBackgroundQueue } from "../src/background.ts";
import { loadConfig } from "../src/config.ts";
import { computeBook } from "../src/domain/engine.ts";
import { DEFAULT_POLICY } from "../src/domain/policy.ts";
import { createFeishuClient } from "../src/feishu/client.ts";
import { startOfDayIn } from "../src/feishu/zoned-dates.ts";
import { freezeBook, patchBook, resultsAt } from "../src/jobs/sync/frozen-book.ts";
import { runFullSync } from "../src/jobs/sync/full-sync.ts";
import type { SyncSummary } from "../src/jobs/sync/summary.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { createServices } from "../src/services.ts";
import { openSqliteLedger } from "../src/store/sqlite.ts";
import { type SeededBook, seedSandboxBook } from "./sandbox-book.ts";
import { syntheticBook } from "./synthetic-book.ts";

const APP = { appId: "cli_bench_engine", appSecret: "bench-secret" };
const { values: args } = parseArgs({
  options: {
    accounts: { type: "string", default: "100000" },
    orders: { type: "string", default: "1000000" },
    only: { type: "string" },
    again: { type: "boolean", default: false },
    child: { type: "string" },
    target: { type: "string" },
    heap: { type: "string", default: "256" },
  },
});
const accounts = Number(args.accounts);
const orders = Number(args.orders);
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (label: string, value: string, ok?: boolean) =>
  process.stdout.write(
    `  ${label.padEnd(30)} ${value}${ok === undefined ? "" : ok ? "  ✓" : "  ✗ target missed"}\n`,
  );

function computeChild(): void {
  const book = syntheticBook({ accounts, orders });
  const input = { ...book, policy: DEFAULT_POLICY };
  computeBook(input);
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    computeBook(input);
    const used = process.cpuUsage(cpu);
    runs.push({ wall: performance.now() - t0, cpu: (used.user + used.system) / 1000 });
  }
  // The incremental path: ten accounts' rows re-read and patched into the last full computation.
  const frozen = freezeBook(input);
  const touched = new Set(book.accounts.slice(0, 10).map((a) => a.id));
  const mine = <T extends { accountId: string }>(rows: T[]) => rows.filter((r) => touched.has(r.accountId));
  const t0 = performance.now();
  const positions = patchBook(frozen, {
    accounts: book.accounts.filter((a) => touched.has(a.id)),
    orders: mine(book.orders),
    visits: mine(book.visits),
    surveys: mine(book.surveys),
  });
  resultsAt(frozen, positions ?? []);
  const incrementalMs = performance.now() - t0;
  process.send?.({ runs, incrementalMs, rssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
}

async function sandboxChild(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, apps: [APP], rateLimits: true });
  // Feishu's per-table cap depends on the tenant's plan; the sandbox's default (500,000) would stop 1M orders.
  sandbox.state.limits.maxRecordsPerTable = Math.max(sandbox.state.limits.maxRecordsPerTable, orders + 1);
  const seeded = seedSandboxBook(sandbox, { appId: APP.appId, accounts, orders });
  process.send?.({ url: sandbox.url, ...seeded });
  process.once("message", async () => {
    await sandbox.stop();
    process.send?.({ rssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
  });
}

/** `heap`: the child's --max-old-space-size in MB; none leaves V8's own sizing. */
function child<T>(
  mode: string,
  extra: string[] = [],
  heap?: string,
): { first: Promise<T>; next(): Promise<unknown>; send(m: string): void } {
  const execArgv =
    heap && heap !== "0" ? [...process.execArgv, `--max-old-space-size=${heap}`] : process.execArgv;
  const proc = fork(
    fileURLToPath(import.meta.url),
    ["--child", mode, "--accounts", `${accounts}`, "--orders", `${orders}`, ...extra],
    { stdio: "inherit", execArgv },
  );
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  let exited: number | null | undefined;
  proc.on("message", (m) => {
    messages.push(m);
    wake?.();
  });
  proc.on("exit", (code) => {
    exited = code;
    wake?.();
  });
  const next = async () => {
    while (!messages.length) {
      if (exited !== undefined) throw new Error(`${mode} child exited with ${exited}`);
      await new Promise<void>((r) => (wake = r));
    }
    return messages.shift();
  };
  return { first: next() as Promise<T>, next, send: (m) => proc.send(m) };
}

async function benchCompute(): Promise<void> {
  const c = child<{ runs: { wall: number; cpu: number }[]; incrementalMs: number; rssKb: number }>(
    "compute",
    [],
    "8192",
  );
  const { runs, incrementalMs, rssKb } = await c.first;
  const wall = median(runs.map((r) => r.wall));
  process.stdout.write(`bench/engine (a) compute — ${accounts} accounts, ${orders} orders, one process\n`);
  line("classify+schedule+health", `${Math.round(wall)} ms median of 3 (target ≤ 2000 ms)`, wall <= 2_000);
  line("cpu time (median)", `${Math.round(median(runs.map((r) => r.cpu)))} ms (includes GC threads)`);
  line("runs", runs.map((r) => `${Math.round(r.wall)} ms`).join(", "));
  line(
    "incremental, 10 accounts",
    `${Math.round(incrementalMs)} ms (patch + book-wide ranking, percentiles, spreading)`,
  );
  line("peak RSS (book + engine)", mb(rssKb));
}

type SyncRun = {
  summary: SyncSummary;
  calls: Record<string, number>;
  retries: number;
  rateLimited: number;
  wallS: number;
  rssKb: number;
  rssBeforeKb: number;
};

/** One full sync in a fresh process: its peak RSS is that sync's alone. The ledger file carries over. */
async function syncChild(): Promise<void> {
  const [url, appToken, day, dbPath] = JSON.parse(args.target ?? "[]") as string[];
  const config = loadConfig({
    FEISHU_DOMAIN: url,
    FEISHU_APP_ID: APP.appId,
    FEISHU_APP_SECRET: APP.appSecret,
    BITABLE_APP_TOKEN: appToken,
    FEISHU_VERIFICATION_TOKEN: "bench",
    KAM_DB_PATH: dbPath,
  });
  const logger = createLogger("warn");
  const client = createFeishuClient({ domain: url!, ...APP, logger });
  const now = startOfDayIn(day!) + 12 * 3_600_000;
  const services = createServices({
    config,
    logger,
    ledger: openSqliteLedger(dbPath!),
    clock: { now: () => now },
    client,
    metrics: createMetrics(),
    background: createBackgroundQueue(logger),
  });
  const rssBeforeKb = process.resourceUsage().maxRSS;
  const started = performance.now();
  const summary = await runFullSync(services, { now, dryRun: false });
  const run: SyncRun = {
    summary,
    calls: client.metrics.callsByApi,
    retries: client.metrics.retries,
    rateLimited: client.metrics.faults["99991400"] ?? 0,
    wallS: (performance.now() - started) / 1000,
    rssKb: process.resourceUsage().maxRSS,
    rssBeforeKb,
  };
  process.send?.(run, () => process.exit(0));
}

async function benchSync(): Promise<void> {
  const sandbox = child<SeededBook & { url: string }>("sandbox");
  const seeded = await sandbox.first;
  const dir = mkdtempSync(join(tmpdir(), "kam-bench-"));
  const dbPath = join(dir, "ledger.db");
  const target = JSON.stringify([seeded.url, seeded.appToken, seeded.now, dbPath]);
  const heap = args.heap;
  const first = await child<SyncRun>("sync", ["--target", target], heap).first;
  const again = args.again ? await child<SyncRun>("sync", ["--target", target], heap).first : undefined;
  sandbox.send("stop");
  const { rssKb: sandboxRssKb } = (await sandbox.next()) as { rssKb: number };
  rmSync(dir, { recursive: true, force: true });

  const { rows } = seeded;
  const pages = (n: number) => Math.max(1, Math.ceil(n / 500));
  const minReads =
    pages(rows.accounts!) + pages(rows.orders!) + pages(rows.visits!) + pages(rows.surveys!) + 1;
  const { summary, calls } = first;
  const reads = calls["bitable.record.search"] ?? 0;
  const updates = calls["bitable.record.batch_update"] ?? 0;
  const creates = calls["bitable.record.batch_create"] ?? 0;
  const minWrites = Math.ceil(summary.changedAccounts / 1000) + Math.ceil(summary.historyRows / 1000);
  const floorS = reads / 20 + (updates + creates) / 50;
  const heapNote =
    args.heap === "0"
      ? ", V8's own heap sizing for this machine"
      : `, V8 old space ${args.heap} MB (--max-old-space-size; Node's own on a 512 MB machine is 256)`;
  process.stdout.write(
    `bench/engine (b) full sync — ${rows.accounts} accounts, ${rows.orders} orders, ${rows.visits} visits, ${rows.surveys} answers; sandbox in a child, rate limits on${heapNote}\n`,
  );
  line("sandbox seeding", `${(seeded.seedMs / 1000).toFixed(1)} s (programmatic, in the child)`);
  line(
    "search calls",
    `${reads} (minimum Σ⌈rows/500⌉ = ${minReads}, +1 for 等级变更)`,
    reads <= minReads + 1,
  );
  line("batch_update calls", `${updates} (⌈${summary.changedAccounts} changed/1000⌉)`);
  line("batch_create calls", `${creates} (⌈${summary.historyRows} history rows/1000⌉)`);
  line("write calls", `${updates + creates} (minimum ${minWrites})`, updates + creates === minWrites);
  line(
    "wall time",
    `${first.wallS.toFixed(1)} s (rate-limit floor ${floorS.toFixed(1)} s = ${reads}÷20 + ${updates + creates}÷50; ×${(first.wallS / floorS).toFixed(2)})`,
    first.wallS <= floorS * 1.25 + 5,
  );
  line("retries / 429s", `${first.retries} / ${first.rateLimited}`);
  line(
    "peak RSS (sync process)",
    `${mb(first.rssKb)} (${mb(first.rssBeforeKb)} before the sync; target ≤ 512 MB)`,
    first.rssKb / 1024 <= 512,
  );
  line("peak RSS (sandbox child)", mb(sandboxRssKb));
  line(
    "tiers",
    `A ${summary.tiers.A} · B ${summary.tiers.B} · C ${summary.tiers.C}; ${summary.tierChanges} tier changes`,
  );
  line(
    "changed",
    `${summary.changedAccounts} accounts, ${summary.changedCells} cells; ${summary.problems} problems`,
  );
  if (again) {
    const s = again.summary;
    line(
      "second sync (unchanged)",
      `${again.wallS.toFixed(1)} s, ${s.writeCalls} write calls, ${s.readCalls} read calls`,
      s.writeCalls === 0,
    );
    line("peak RSS (second sync)", `${mb(again.rssKb)} (target ≤ 512 MB)`, again.rssKb / 1024 <= 512);
  }
}

if (args.child === "compute") computeChild();
else if (args.child === "sandbox") await sandboxChild();
else if (args.child === "sync") await syncChild();
else {
  if (args.only !== "sync") await benchCompute();
  if (args.only !== "compute") await benchSync();
}
