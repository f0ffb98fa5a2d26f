/**
 * Card-callback throughput of the two runtimes, from the same run: the bundled Worker in workerd (Miniflare,
 * D1 on local disk) and the Node service (startNodeService, SQLite), loaded with the same signed, encrypted
 * card actions with distinct event ids. The action id is one neither registers, so each request takes the
 * whole edge (signature, decryption, zod, ledger dedupe write, answer) and no Feishu call.
 *   npm run bench:worker -- [seconds=10]
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error autocannon publishes no types; the part used here is typed below.
import autocannonUntyped from "autocannon";
import { loadConfig } from "../src/config.ts";
import { createFeishuClient } from "../src/feishu/client.ts";
import { encryptPayload, randomNonce, signPayload } from "../src/feishu/crypto.ts";
import { createLogger } from "../src/logger.ts";
import { startNodeService } from "../src/runtime/node.ts";
import { buildWorker, startLocalWorker } from "../tests/workers/local-worker.ts";

type Delivery = { headers: Record<string, string>; body: string };
type CannonResult = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
};
const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Promise<CannonResult>;

const PATH = "/feishu/cards";
const CONNECTIONS = 50;
const ENV = {
  FEISHU_DOMAIN: "http://127.0.0.1:9",
  FEISHU_APP_ID: "cli_bench",
  FEISHU_APP_SECRET: "bench-secret",
  BITABLE_APP_TOKEN: "bascnBench",
  FEISHU_ENCRYPT_KEY: "bench-encrypt-key",
  FEISHU_VERIFICATION_TOKEN: "bench-verification-token",
  KAM_LOG_LEVEL: "error",
};

function delivery(): Delivery {
  const payload = {
    schema: "2.0",
    header: {
      event_id: randomUUID().replace(/-/g, ""),
      event_type: "card.action.trigger",
      create_time: String(Date.now() * 1000),
      token: ENV.FEISHU_VERIFICATION_TOKEN,
      app_id: ENV.FEISHU_APP_ID,
      tenant_key: "tenant_bench",
    },
    event: {
      operator: { open_id: "ou_bench", tenant_key: "tenant_bench" },
      token: "c-bench",
      action: { tag: "button", value: { action: "bench.edge", account: "C0001" } },
      host: "im_message",
      context: { open_message_id: "om_bench", open_chat_id: "oc_bench" },
    },
  };
  const body = JSON.stringify({ encrypt: encryptPayload(ENV.FEISHU_ENCRYPT_KEY, JSON.stringify(payload)) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomNonce();
  const signature = signPayload(timestamp, nonce, ENV.FEISHU_ENCRYPT_KEY, body);
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

/** Child process: the Node service alone on its event loop, as it runs in production. */
async function serveNode() {
  const dir = mkdtempSync(join(tmpdir(), "kam-bench-node-"));
  const config = loadConfig({ ...ENV, KAM_DB_PATH: join(dir, "kam.db") });
  const logger = createLogger("error");
  const client = createFeishuClient({
    domain: config.domain,
    appId: config.appId,
    appSecret: config.appSecret,
    logger,
  });
  const service = await startNodeService(config, logger, client, {
    port: 0,
    host: "127.0.0.1",
    schedule: false,
  });
  process.send?.({ url: service.url });
  process.on(
    "disconnect",
    () => void service.stop().finally(() => rmSync(dir, { recursive: true, force: true })),
  );
}

async function startNode(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve-node"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve) =>
    child.once("message", (m: { url: string }) => resolve(m.url)),
  );
  return { url, child };
}

type Figures = { rps: number; p50: number; p99: number; ok: number; other: number };

async function load(url: string, seconds: number): Promise<Figures> {
  const pool = Array.from({ length: seconds * 12_000 }, delivery);
  let next = 0;
  const r = await autocannon({
    url: `${url}${PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: PATH,
        setupRequest: (req: object) => ({ ...req, ...pool[next++ % pool.length] }),
      },
    ],
  });
  if (next > pool.length)
    console.log(`  (pool of ${pool.length} wrapped: later requests hit the dedupe path)`);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    other: r.non2xx + r.errors + r.timeouts,
  };
}

async function check(name: string, url: string) {
  const d = delivery();
  const res = await fetch(`${url}${PATH}`, { method: "POST", headers: d.headers, body: d.body });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${name} did not answer a signed card action: HTTP ${res.status} ${text}`);
  console.log(`${name.padEnd(7)} answers a signed card action: HTTP ${res.status} ${text}`);
}

const row = (label: string, f: Figures) =>
  `${label.padEnd(28)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  2xx ${f.ok}  other ${f.other}`;

async function main() {
  const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
  const seconds = Number(arg ?? 10);
  process.env.WRANGLER_SEND_METRICS = "false";
  const built = await buildWorker();
  console.log(
    `Worker bundle ${(built.bytes / 1024).toFixed(0)} KiB (${(built.gzipBytes / 1024).toFixed(0)} KiB gzip)`,
  );
  const worker = await startLocalWorker({ built, vars: ENV });
  const node = await startNode();
  try {
    await check("worker", worker.url);
    await check("node", node.url);
    await load(worker.url, 2);
    await load(node.url, 2);
    console.log(
      `\nsigned card callbacks, distinct event ids, ${CONNECTIONS} connections, ${seconds} s each\n`,
    );
    console.log(row("Workers runtime (workerd, D1)", await load(worker.url, seconds)));
    console.log(row("Node runtime (SQLite)", await load(node.url, seconds)));
  } finally {
    node.child.disconnect();
    await worker.stop();
    rmSync(built.dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--serve-node")) await serveNode();
else await main();
