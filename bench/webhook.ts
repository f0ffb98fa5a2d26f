/**
 * Card-callback throughput: our app (Hono on node:http, signature + decrypt + zod + SQLite dedupe) against the
 * official SDK's CardActionHandler + adaptDefault on node:http, loaded with the same signed, encrypted card
 * action. Each server runs in its own process so the load generator does not share its event loop.
 * Rows also give the server's CPU time per request (all its threads): on a shared machine req/s swings with
 * what else runs, CPU per request much less; the load average is printed alongside for the same reason.
 *   npx tsx bench/webhook.ts [seconds=30]
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import * as lark from "@larksuiteoapi/node-sdk";
// @ts-expect-error autocannon publishes no types; the part used here is typed below.
import autocannonUntyped from "autocannon";
import { createApp } from "../src/app.ts";
import { createBackgroundQueue } from "../src/background.ts";
import { loadConfig } from "../src/config.ts";
import { encryptPayload, randomNonce, signPayload } from "../src/feishu/crypto.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { openSqliteLedger } from "../src/store/sqlite.ts";

type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type CannonOptions = Request & {
  url: string;
  connections?: number;
  duration?: number;
  overallRate?: number;
  requests?: (Request & { setupRequest?: (req: Request) => Request })[];
};
type CannonResult = {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
};
const autocannon = autocannonUntyped as (opts: CannonOptions) => Promise<CannonResult>;

const ENCRYPT_KEY = "bench-encrypt-key";
const VERIFICATION_TOKEN = "bench-verification-token";
const PATH = "/feishu/cards";
const TOAST = { toast: { type: "success", content: "已记录" } };

function cardDelivery(eventId: string): { headers: Record<string, string>; body: string } {
  const payload = {
    schema: "2.0",
    header: {
      event_id: eventId,
      event_type: "card.action.trigger",
      create_time: String(Date.now() * 1000),
      token: VERIFICATION_TOKEN,
      app_id: "cli_bench",
      tenant_key: "tenant_bench",
    },
    event: {
      operator: { open_id: "ou_bench", tenant_key: "tenant_bench" },
      token: "c-bench",
      action: { tag: "button", value: { action: "visit.log", account: "C0001" } },
      host: "im_message",
      context: { open_message_id: "om_bench", open_chat_id: "oc_bench" },
    },
  };
  const body = JSON.stringify({ encrypt: encryptPayload(ENCRYPT_KEY, JSON.stringify(payload)) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomNonce();
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signPayload(timestamp, nonce, ENCRYPT_KEY, body),
    },
  };
}

/** Child process: one server, reporting its port, then its RSS whenever asked. */
async function serveRole(role: "ours" | "peer") {
  let port: number;
  if (role === "ours") {
    const logger = createLogger("error");
    const config = loadConfig({
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    });
    const app = createApp({
      config,
      logger,
      ledger: openSqliteLedger(join(mkdtempSync(join(tmpdir(), "kam-bench-")), "kam.db")),
      clock: { now: () => Date.now() },
      feishu: { probe: async () => true },
      actions: { "visit.log": async () => ({ toast: { type: "success", content: "已记录" } }) },
      onEvent: async () => true,
      jobNames: [],
      runJob: async () => undefined,
      metrics: createMetrics(),
      background: createBackgroundQueue(logger),
    });
    port = await new Promise<number>((resolve) => {
      serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(info.port));
    });
  } else {
    const handler = new lark.CardActionHandler(
      { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, loggerLevel: lark.LoggerLevel.error },
      async () => TOAST,
    );
    const server = createServer(lark.adaptDefault(PATH, handler));
    port = await new Promise<number>((resolve) => {
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  }
  process.send?.({ port });
  process.on("message", () => {
    const cpu = process.cpuUsage();
    process.send?.({ rss: process.memoryUsage().rss, cpuUs: cpu.user + cpu.system });
  });
}

type Server = { name: string; child: ChildProcess; url: string };

async function startServer(name: "ours" | "peer"): Promise<Server> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", name], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m: { port: number }) => resolve(m.port)),
  );
  return { name, child, url: `http://127.0.0.1:${port}${PATH}` };
}

type Stats = { rss: number; cpuUs: number };
const statsOf = (s: Server) =>
  new Promise<Stats>((resolve) => {
    s.child.once("message", (m: Stats) => resolve(m));
    s.child.send("stats");
  });

/** cpuUs: the server process's CPU time (user + system, all threads) per answered request. */
type Figures = {
  rps: number;
  p50: number;
  p99: number;
  rssMb: number;
  cpuUs: number;
  ok: number;
  bad: number;
};

function distinctPool(size: number) {
  return Array.from({ length: Math.min(size, 300_000) }, () => cardDelivery(randomUUID().replace(/-/g, "")));
}

async function load(
  s: Server,
  seconds: number,
  opts: { distinct: boolean; rate?: number },
): Promise<Figures> {
  const fixed = cardDelivery(`bench-${randomUUID()}`);
  // Distinct deliveries are made before the clock starts: encrypting per request would load the generator,
  // not the server. Past the pool's end ids repeat (and hit the dedupe path); the pool is sized to avoid that.
  const pool = opts.distinct ? distinctPool(opts.rate ? opts.rate * seconds + 100 : seconds * 16_000) : [];
  let next = 0;
  const before = await statsOf(s);
  let peakRss = before.rss;
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, (await statsOf(s)).rss);
  }, 500);
  const result = await autocannon({
    url: s.url,
    connections: opts.rate ? 10 : 50,
    duration: seconds,
    overallRate: opts.rate,
    requests: [
      {
        method: "POST",
        path: PATH,
        ...(opts.distinct
          ? { setupRequest: (req: Request) => ({ ...req, ...pool[next++ % pool.length] }) }
          : fixed),
      },
    ],
  });
  clearInterval(sampler);
  const after = await statsOf(s);
  peakRss = Math.max(peakRss, after.rss);
  const answered = result["2xx"] + result.non2xx;
  if (next > pool.length && pool.length > 0)
    console.log(`  (pool of ${pool.length} wrapped: ${next} requests)`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rssMb: peakRss / 1024 / 1024,
    cpuUs: answered > 0 ? (after.cpuUs - before.cpuUs) / answered : 0,
    ok: result["2xx"],
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

async function check(s: Server) {
  const d = cardDelivery(`check-${randomUUID()}`);
  const res = await fetch(s.url, { method: "POST", headers: d.headers, body: d.body });
  console.log(`${s.name} answers a signed card action: HTTP ${res.status} ${await res.text()}`);
}

const row = (label: string, f: Figures) =>
  `${label.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  RSS ${f.rssMb.toFixed(0).padStart(4)} MB  CPU ${f.cpuUs.toFixed(0).padStart(3)} µs/req  2xx ${f.ok}  other ${f.bad}`;

/** Alternates ours and peer in short rounds so a shift in machine load hits both; reports per-metric medians. */
async function compare(
  servers: [Server, Server],
  seconds: number,
  opts: { distinct: boolean; rate?: number },
) {
  const rounds = seconds >= 9 ? 3 : 1;
  const runs: Figures[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const [i, s] of servers.entries()) runs[i]!.push(await load(s, Math.round(seconds / rounds), opts));
  }
  return runs.map((fs) => ({
    rps: median(fs.map((f) => f.rps)),
    p50: median(fs.map((f) => f.p50)),
    p99: median(fs.map((f) => f.p99)),
    rssMb: Math.max(...fs.map((f) => f.rssMb)),
    cpuUs: median(fs.map((f) => f.cpuUs)),
    ok: fs.reduce((n, f) => n + f.ok, 0),
    bad: fs.reduce((n, f) => n + f.bad, 0),
  })) as [Figures, Figures];
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const load1 = () => `load average ${loadavg()[0]!.toFixed(2)}`;

async function main() {
  const arg =
    process.argv.slice(2).find((a) => /^\d+$/.test(a)) ??
    process.argv[process.argv.indexOf("--duration") + 1];
  const seconds = Number(arg && /^\d+$/.test(arg) ? arg : 30);
  const ours = await startServer("ours");
  const peer = await startServer("peer");
  try {
    await check(ours);
    await check(peer);
    // The machine is shared: a load average well above the core count means the figures are noisy.
    console.log(`\n${load1()} on ${availableParallelism()} cores`);
    console.log(
      `card callbacks, ${seconds} s per server per scenario (3 alternating rounds, medians), 50 connections\n`,
    );
    for (const distinct of [false, true]) {
      const label = distinct ? "distinct event ids" : "same body (ours dedupes)";
      const [a, b] = await compare([ours, peer], seconds, { distinct });
      console.log(row(`ours  ${label}`, a));
      console.log(row(`peer  ${label}`, b));
      console.log(
        `ratio ours/peer ${(a.rps / b.rps).toFixed(2)}  (CPU per request ${(a.cpuUs / b.cpuUs).toFixed(2)}x)  ${load1()}\n`,
      );
    }
    console.log("fixed 500 req/s, distinct event ids, 10 connections\n");
    const [a, b] = await compare([ours, peer], seconds, { distinct: true, rate: 500 });
    console.log(row("ours  @500/s", a));
    console.log(row("peer  @500/s", b));
    console.log(load1());
  } finally {
    ours.child.kill();
    peer.child.kill();
  }
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt >= 0) await serveRole(process.argv[serveAt + 1] === "peer" ? "peer" : "ours");
else await main();
