import { computeBook } from "../src/domain/engine.ts";
import { DEFAULT_POLICY } from "../src/domain/policy.ts";
import { syntheticBook } from "./synthetic-book.ts";

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const orders = Number(process.env.BENCH_ORDERS ?? 1_000_000);

const started = performance.now();
const book = syntheticBook({ accounts, orders });
const generatedMs = performance.now() - started;
const input = { ...book, policy: DEFAULT_POLICY };

computeBook(input); // warm-up: JIT and the working-day memo
const times: number[] = [];
let last = computeBook(input);
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  last = computeBook(input);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[1]!;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(
  JSON.stringify({
    bench: "engine-compute",
    accounts: book.accounts.length,
    orders: book.orders.length,
    visits: book.visits.length,
    surveys: book.surveys.length,
    generateMs: Math.round(generatedMs),
    computeMsMedian: Math.round(median),
    computeMsRuns: times.map(Math.round),
    tiers: last.summary.tiers,
    changes: last.summary.changes,
    problems: last.summary.problems,
    peakRssMb: Math.round(peakRssMb),
    node: process.version,
  }),
);
