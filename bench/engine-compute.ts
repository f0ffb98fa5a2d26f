import { loadavg } from "node:os";
import { computeBook } from "../src/domain/engine.ts";
import { DEFAULT_POLICY } from "../src/domain/policy.ts";
import { syntheticBook } from "./synthetic-book.ts";

/**
 * Times computeBook (tier + score + visit plan + health for every account) on
 * a synthetic book: one warm-up, then the median of three runs. CPU time is
 * printed next to wall time because on a shared machine wall time mostly
 * measures the neighbours; CPU time includes V8's GC helper threads.
 */
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const orders = Number(process.env.BENCH_ORDERS ?? 1_000_000);

const started = performance.now();
const book = syntheticBook({ accounts, orders });
const generateMs = performance.now() - started;
const input = { ...book, policy: DEFAULT_POLICY };

let last = computeBook(input); // warm-up: JIT, working-day memo
const runs: { wallMs: number; cpuMs: number }[] = [];
for (let run = 0; run < 3; run++) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  last = computeBook(input);
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  runs.push({ wallMs, cpuMs: (used.user + used.system) / 1000 });
}
const rawTiers = { A: 0, B: 0, C: 0 };
for (const r of last.results) rawTiers[r.rawTier]++;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  JSON.stringify({
    bench: "engine-compute",
    accounts: book.accounts.length,
    orders: book.orders.length,
    visits: book.visits.length,
    surveys: book.surveys.length,
    generateMs: Math.round(generateMs),
    computeMsMedian: Math.round(median(runs.map((r) => r.wallMs))),
    computeCpuMsMedian: Math.round(median(runs.map((r) => r.cpuMs))),
    runs: runs.map((r) => `${Math.round(r.wallMs)}ms wall / ${Math.round(r.cpuMs)}ms cpu`),
    tiers: last.summary.tiers,
    rawTiers,
    changes: last.summary.changes,
    problems: last.summary.problems,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
    node: process.version,
  }),
);
