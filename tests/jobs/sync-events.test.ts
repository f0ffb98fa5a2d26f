import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../../src/cli/today.ts";
import type { EventHandler } from "../../src/deps.ts";
import { createSyncEventHandler, subscribeBaseEvents } from "../../src/jobs/sync/event-handler.ts";
import { readAndPlan } from "../../src/jobs/sync/full-sync.ts";
import { loadBaseline } from "../../src/jobs/sync/hysteresis.ts";
import { loadPolicy } from "../../src/jobs/sync/policy-source.ts";
import { syncJob } from "../../src/jobs/sync/sync-job.ts";
import { loadVisitHolds } from "../../src/jobs/sync/visit-holds.ts";
import { createLogger } from "../../src/logger.ts";
import { type RunningService, startNodeService } from "../../src/runtime/node.ts";
import { appOperator, writeRecords } from "../../src/sandbox/bitable/store.ts";
import {
  dayMs,
  ENCRYPT_KEY,
  isWrite,
  type SyncWorld,
  startSyncWorld,
  syncConfig,
  VERIFICATION_TOKEN,
} from "./sync-world.ts";

const DEBOUNCE_MS = 300;
let world: SyncWorld;
let service: RunningService;
const touched = new Set<string>();
const logs: Record<string, unknown>[] = [];
const recomputes = () => logs.filter((l) => l.event === "sync.incremental");
const today = todayIn("Asia/Shanghai");

/** Deliveries of record-change events the sandbox has made so far. */
function eventsDelivered(): number {
  return world.sandbox.state.callLog.filter((c) => c.kind === "event").length;
}

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

/** Waits until deliveries stop and the debounced work has run. */
async function quiet(): Promise<void> {
  let seen = -1;
  while (seen !== eventsDelivered()) {
    seen = eventsDelivered();
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 400));
    await service.services.background.drain(10_000);
  }
}

beforeAll(async () => {
  // Events are signed with the sandbox's real clock and checked against the service's: both run today.
  world = await startSyncWorld({ accounts: 80, today });
  let handler: EventHandler = async () => false;
  const logger = createLogger("info", (line) => logs.push(JSON.parse(line)));
  service = await startNodeService(syncConfig(world), logger, world.client, {
    port: 0,
    host: "127.0.0.1",
    schedule: false,
    jobs: [syncJob],
    onEvent: (type, event, meta) => handler(type, event, meta),
  });
  handler = createSyncEventHandler(service.services, { debounceMs: DEBOUNCE_MS });
  world.sandbox.state.delivery = {
    eventUrl: `${service.url}/feishu/events`,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
  };
  await subscribeBaseEvents(service.services);
  const first = await service.jobs.run("sync", { trigger: "cli" });
  expect(first.status).toBe("done");
  await quiet();
});
afterAll(async () => {
  await service?.stop();
  await world?.stop();
});

function accountRow(code: string) {
  return world.rows("accounts").find((r) => r.values.code === code)!.values;
}

describe("record-change events", () => {
  it("the full sync's own write-back comes back as events and writes nothing more", async () => {
    expect(eventsDelivered()).toBeGreaterThanOrEqual(2);
    const mark = world.mark();
    await quiet();
    expect(world.callsSince(mark, isWrite)).toEqual([]);
    expect(recomputes()).toEqual([]);
  });

  it("an order edited by a person recomputes that account within seconds, once", async () => {
    const target = world.rows("orders").find((o) => (o.values.date as string) > "2026-06-01")!;
    const code = target.values.accountCode as string;
    touched.add(code);
    const before = accountRow(code).windowSpend as number;
    const mark = world.mark();
    writeRecords(
      world.sandbox.state,
      world.appToken,
      world.base.table("orders").id,
      [{ record_id: target.recordId, fields: { 金额: (target.values.amount as number) + 50_000 } }],
      world.person,
    );
    const ms = await until(() => world.callsSince(mark, /batchUpdate$/).length > 0, 5_000);
    expect(ms).toBeLessThan(3_000);
    await quiet();
    // One batch_update for the account (plus a history row if its tier moved), and no echo-triggered rerun.
    expect(world.callsSince(mark, /batchUpdate$/)).toHaveLength(1);
    expect(world.callsSince(mark, /batchCreate$/).length).toBeLessThanOrEqual(1);
    const after = accountRow(code).windowSpend as number;
    expect(after - before).toBeCloseTo(50_000, 2);
    expect(recomputes().at(-1)).toMatchObject({ mode: "incremental", accounts: 1, changedAccounts: 1 });
  });

  it("a visit the app itself logs (a card action) still updates the account", async () => {
    const code = world.book.accounts[8]!.code;
    touched.add(code);
    const recordId = world.rows("accounts").find((r) => r.values.code === code)!.recordId;
    const mark = world.mark();
    writeRecords(
      world.sandbox.state,
      world.appToken,
      world.base.table("visits").id,
      [
        {
          fields: {
            主题: "季度回访",
            客户: [recordId],
            客户编号: code,
            拜访日期: dayMs(today),
            类型: "上门",
          },
        },
      ],
      appOperator(world.appId),
    );
    await until(() => world.callsSince(mark, /batchUpdate$/).length > 0, 5_000);
    await quiet();
    expect(accountRow(code).lastVisit).toBe(today);
    expect(world.callsSince(mark, /batchUpdate$/)).toHaveLength(1);
  });

  it("a computed cell overwritten by a person is put back", async () => {
    const row = world.rows("accounts").find((r) => r.values.tier === "C")!;
    touched.add(row.values.code as string);
    const mark = world.mark();
    writeRecords(
      world.sandbox.state,
      world.appToken,
      world.base.table("accounts").id,
      [{ record_id: row.recordId, fields: { 等级: "A" } }],
      world.person,
    );
    await until(() => world.callsSince(mark, /batchUpdate$/).length > 0, 5_000);
    await quiet();
    expect(accountRow(row.values.code as string).tier).toBe("C");
    expect(world.callsSince(mark, isWrite)).toHaveLength(1);
  });

  it("leaves the touched accounts exactly as a full sync would", async () => {
    const { ledger, config } = service.services;
    const base = await service.services.base();
    const { policy } = await loadPolicy(base, ledger, { remember: false });
    const fields = new Map(base.table("accounts").template.fields.map((f) => [f.key, f]));
    const { plan } = await readAndPlan(base, {
      tz: config.tz,
      policy,
      day: today,
      baseline: await loadBaseline(ledger, today),
      holds: await loadVisitHolds(ledger),
      fields,
      keepFigures: false,
    });
    expect(touched.size).toBe(3);
    expect(plan.updates.filter((u) => touched.has(u.code))).toEqual([]);
  });
});
