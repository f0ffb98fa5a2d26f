/**
 * Read benchmark: page N accounts out of the sandbox (rate limits on) through the Feishu client and
 * compare with the floor the documented rate sets (search: 20/s, 500 rows a page).
 *
 *   npx tsx bench/read.ts [N=50000] [--in-process]
 *
 * By default the sandbox runs in a child process (same tsx loader), so the client's peak RSS is its
 * own; the child reports the sandbox's. With --in-process both share one process and one RSS figure.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createFeishuClient } from "../src/feishu/client.ts";
import { decodeRecord, type FieldValue } from "../src/feishu/codecs.ts";
import { loadTemplate, tableByKey } from "../src/feishu/template.ts";
import { createLogger } from "../src/logger.ts";
import { appOperator, createBase, createTable, writeRecords } from "../src/sandbox/bitable/store.ts";
import { startSandbox } from "../src/sandbox/server.ts";

const APP = { appId: "cli_bench_read", appSecret: "bench-secret" };
const PAGE = 500;
const SEARCH_RATE = 20;
const accounts = tableByKey(loadTemplate(), "accounts");
const stored = accounts.fields.filter((f) => !f.computed && f.type !== 11);

type Seeded = { url: string; appToken: string; tableId: string; seedMs: number };
type Sandbox = Seeded & { stop(): Promise<number | undefined> };

async function startSeeded(n: number): Promise<Seeded & { stop(): Promise<void> }> {
  const sandbox = await startSandbox({ port: 0, apps: [APP], rateLimits: true });
  const started = Date.now();
  const { app_token } = createBase(sandbox.state, { name: "bench" });
  const fields = stored.map((f) => ({
    field_name: f.name,
    type: f.type,
    ...(f.options ? { property: { options: f.options.map((name) => ({ name })) } } : {}),
  }));
  const { table_id } = createTable(sandbox.state, app_token, { name: accounts.name, fields });
  for (let i = 0; i < n; i += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, n - i) }, (_, j) => ({ fields: account(i + j) }));
    writeRecords(sandbox.state, app_token, table_id, batch, appOperator(APP.appId));
  }
  return {
    url: sandbox.url,
    appToken: app_token,
    tableId: table_id,
    seedMs: Date.now() - started,
    stop: sandbox.stop,
  };
}

function account(i: number): Record<string, unknown> {
  const industries = ["制造", "零售", "医药", "能源", "金融", "互联网", "物流", "教育", "其他"];
  const regions = ["华东", "华南", "华北", "华中", "西南", "西北", "东北", "海外"];
  return {
    客户编号: `KA${String(i).padStart(6, "0")}`,
    客户名称: `示例客户 ${i} 有限公司`,
    行业: industries[i % industries.length],
    区域: regions[i % regions.length],
    合作开始: Date.UTC(2015 + (i % 10), i % 12, 1 + (i % 28)),
    战略匹配: i % 5,
    潜力评估: (i * 7) % 5,
    客户群ID: `oc_${i.toString(36)}`,
  };
}

async function sandboxInChild(n: number): Promise<Sandbox> {
  const child = fork(fileURLToPath(import.meta.url), ["--sandbox-child", String(n)], { stdio: "inherit" });
  const seeded = await new Promise<Seeded>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Seeded));
    child.once("exit", (code) => reject(new Error(`sandbox child exited with ${code}`)));
  });
  return {
    ...seeded,
    stop: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve((m as { maxRssKb: number }).maxRssKb));
        child.send("stop");
      }),
  };
}

async function runChild(n: number): Promise<void> {
  const sandbox = await startSeeded(n);
  const { stop, ...seeded } = sandbox;
  process.send?.(seeded);
  process.once("message", async () => {
    await stop();
    process.send?.({ maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
  });
}

async function main(n: number, inProcess: boolean): Promise<void> {
  const sandbox: Sandbox = inProcess
    ? await startSeeded(n).then((s) => ({ ...s, stop: () => s.stop().then(() => undefined) }))
    : await sandboxInChild(n);
  const client = createFeishuClient({ domain: sandbox.url, ...APP, logger: createLogger("warn") });
  const gw = client.bitable(sandbox.appToken);

  const rssAtStartMb = process.resourceUsage().maxRSS / 1024;
  const snapshot: Record<string, FieldValue>[] = [];
  let problems = 0;
  const started = performance.now();
  for await (const page of gw.searchPages(sandbox.tableId, { pageSize: PAGE })) {
    for (const rec of page) {
      const decoded = decodeRecord(stored, rec.fields);
      problems += decoded.problems.length;
      snapshot.push(decoded.values);
    }
  }
  const wallS = (performance.now() - started) / 1000;
  const clientRssMb = process.resourceUsage().maxRSS / 1024;
  const sandboxRssKb = await sandbox.stop();

  const calls = client.metrics.callsByApi["bitable.record.search"] ?? 0;
  const minimum = Math.ceil(n / PAGE);
  const floorS = calls / SEARCH_RATE;
  const results = [
    ["records read", `${snapshot.length} (decode problems: ${problems})`],
    ["search calls", `${calls} (minimum ⌈${n}/${PAGE}⌉ = ${minimum})`, calls === minimum],
    [
      "wall time",
      `${wallS.toFixed(2)} s (floor ${calls} ÷ ${SEARCH_RATE}/s = ${floorS.toFixed(2)} s; ×${(wallS / floorS).toFixed(2)})`,
      // With under a second's worth of calls the run is bound by latency, not by the rate.
      calls > SEARCH_RATE ? wallS <= 1.2 * floorS : undefined,
    ],
    ["throughput", `${Math.round(snapshot.length / wallS)} records/s`],
    ["retries / 429s", `${client.metrics.retries} / ${client.metrics.faults["99991400"] ?? 0}`],
    [
      "paced waits",
      `${client.metrics.pacedWaits} (${(client.metrics.pacedWaitMs / 1000).toFixed(2)} s held back)`,
    ],
    [
      inProcess ? "peak RSS (client + sandbox)" : "peak RSS client",
      `${clientRssMb.toFixed(0)} MB (${rssAtStartMb.toFixed(0)} MB before paging: runtime + SDK${inProcess ? " + seeded sandbox" : ""})`,
      // In one process the figure includes the sandbox and its data: not the client's to meet.
      inProcess ? undefined : clientRssMb <= 300,
    ],
    ...(sandboxRssKb ? [["peak RSS sandbox child", `${(sandboxRssKb / 1024).toFixed(0)} MB`]] : []),
    ["sandbox seeding", `${sandbox.seedMs} ms`],
  ] as [string, string, boolean?][];
  process.stdout.write(
    `bench/read — ${n} accounts, page ${PAGE}, sandbox ${inProcess ? "in process" : "in a child process"}\n`,
  );
  for (const [label, value, ok] of results) {
    process.stdout.write(
      `  ${label.padEnd(28)} ${value}${ok === undefined ? "" : ok ? "  ✓" : "  ✗ target missed"}\n`,
    );
  }
  if (results.some(([, , ok]) => ok === false)) process.exitCode = 1;
}

const args = process.argv.slice(2);
if (args[0] === "--sandbox-child") {
  await runChild(Number(args[1]));
} else {
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 50_000);
  await main(n, args.includes("--in-process"));
}
