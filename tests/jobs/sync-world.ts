import { createBackgroundQueue } from "../../src/background.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { decodeRecord, encodeValue, type FieldValue } from "../../src/feishu/codecs.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { startOfDayIn } from "../../src/feishu/zoned-dates.ts";
import { silentLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { type BoundBase, bindBase } from "../../src/ops/base.ts";
import { demoManagers, type Manager } from "../../src/ops/demo-managers.ts";
import { provision } from "../../src/ops/provision.ts";
import { seedBase } from "../../src/ops/seed.ts";
import { type Operator, readRecords, writeRecords } from "../../src/sandbox/bitable/store.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { type DemoBook, demoBook } from "../../src/seed/demo-book.ts";
import type { DirtyRow } from "../../src/seed/demo-dirty.ts";
import { createServices, type Services } from "../../src/services.ts";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { startWorld, type World } from "../support/world.ts";

export const ENCRYPT_KEY = "sync-world-encrypt-key";
export const VERIFICATION_TOKEN = "sync-world-verification-token";
export const TODAY = "2026-11-24";

export type SyncWorld = World & {
  base: BoundBase;
  book: DemoBook;
  managers: Manager[];
  /** A person editing the base (a demo manager), as change events name them. */
  person: Operator;
  /** Rows of a table by template key, decoded into values by template key. */
  rows(table: string): { recordId: string; values: Record<string, FieldValue> }[];
  /** Calls to the sandbox's Open API since `mark` whose name matches. */
  callsSince(mark: number, api: RegExp): string[];
  mark(): number;
};

const WRITES = /appTableRecord\.(batchUpdate|batchCreate|update|create)$/;
export const isWrite = WRITES;

/** A sandbox with the demo org, a provisioned base and a seeded demo book of `accounts` accounts. */
export async function startSyncWorld(
  opts: { accounts?: number; today?: string; seed?: number; dirty?: boolean } = {},
): Promise<SyncWorld> {
  const world = await startWorld();
  const { state } = world.sandbox;
  seedOrg(state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
  const template = loadTemplate();
  await provision(world.gw, template);
  const base = await bindBase(world.gw, template);
  const managers = demoManagers(42);
  const book = demoBook({
    seed: opts.seed ?? 7,
    accounts: opts.accounts ?? 80,
    months: 24,
    today: opts.today ?? TODAY,
    managers,
    dirty: opts.dirty ?? false,
  });
  await seedBase(base, book, { seed: opts.seed ?? 7 });
  const person: Operator = { open_id: managers[0]!.open_id };
  return {
    ...world,
    base,
    book,
    managers,
    person,
    rows(table) {
      const { id, template: t } = base.table(table);
      return readRecords(state, world.appToken, id).map((r) => ({
        recordId: r.record_id,
        values: decodeRecord(t.fields, r.fields).values,
      }));
    },
    mark: () => state.callLog.length,
    callsSince: (mark, api) =>
      state.callLog
        .slice(mark)
        .filter((c) => c.kind === "api" && api.test(c.api))
        .map((c) => c.api),
  };
}

export function syncConfig(world: World, opts: { dbPath?: string } = {}): Config {
  return loadConfig({
    FEISHU_DOMAIN: world.sandbox.url,
    FEISHU_APP_ID: world.appId,
    FEISHU_APP_SECRET: world.appSecret,
    BITABLE_APP_TOKEN: world.appToken,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    KAM_DB_PATH: opts.dbPath ?? ":memory:",
    TZ: "Asia/Shanghai",
  });
}

/** The jobs' services over the world's client, the clock fixed at noon of `day` in Shanghai. */
export function syncServices(world: World, day = TODAY): Services {
  const now = startOfDayIn(day) + 12 * 3_600_000;
  return createServices({
    config: syncConfig(world),
    logger: silentLogger,
    ledger: openSqliteLedger(":memory:"),
    clock: { now: () => now },
    client: world.client,
    metrics: createMetrics(),
    background: createBackgroundQueue(silentLogger),
  });
}

export function noonOf(day: string): number {
  return startOfDayIn(day) + 12 * 3_600_000;
}

/**
 * Writes the demo book's deliberately broken rows as people produce them. What the Open API refuses
 * (text in a number field, a day that does not exist) is what a column converted from text or an
 * ERP connector leaves behind; it goes into the sandbox's cells directly, as such a cell would hold it.
 */
export function writeDirtyRows(world: SyncWorld, dirty: readonly DirtyRow[]): void {
  const { state } = world.sandbox;
  const accountIds = new Map(world.rows("accounts").map((r) => [r.values.code as string, r.recordId]));
  for (const d of dirty) {
    const { id, template } = world.base.table(d.table);
    const clean: Record<string, unknown> = {};
    const raw: [string, unknown][] = [];
    for (const f of template.fields) {
      let value = d.row[f.key];
      if (value === undefined) continue;
      if (f.type === 18) {
        const linked = accountIds.get(String(value));
        if (!linked) continue;
        value = [linked];
      }
      try {
        clean[f.name] = encodeValue(f, value);
      } catch {
        raw.push([f.name, value]);
      }
    }
    const [created] = writeRecords(state, world.appToken, id, [{ fields: clean }], world.person).records;
    const table = state.bases.get(world.appToken)!.tables.get(id)!;
    const row = table.records.get(created!.record_id)!;
    for (const [name, value] of raw) {
      const field = table.fields.find((f) => f.field_name === name)!;
      row.fields.set(field.field_id, value);
    }
  }
}

export function dayMs(iso: string): number {
  return startOfDayIn(iso);
}
