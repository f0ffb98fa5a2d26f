import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRecord } from "../../src/feishu/codecs.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { bindBase } from "../../src/ops/base.ts";
import { demoManagers } from "../../src/ops/demo-managers.ts";
import { provision } from "../../src/ops/provision.ts";
import { seedBase } from "../../src/ops/seed.ts";
import { seedOrg } from "../../src/sandbox/org.ts";
import { demoBook } from "../../src/seed/demo-book.ts";
import { startWorld, type World } from "../support/world.ts";

describe("kam seed", () => {
  let world: World;
  const book = demoBook({
    seed: 7,
    accounts: 60,
    months: 12,
    today: "2026-11-24",
    managers: demoManagers(42),
  });

  beforeAll(async () => {
    world = await startWorld();
    seedOrg(world.sandbox.state, { demo: true, managers: 20, teams: 3, seed: 42, merge: false });
    await provision(world.gw, loadTemplate());
  });
  afterAll(async () => world.stop());

  it("writes the whole demo book, with links resolved to record ids", async () => {
    const base = await bindBase(world.gw, loadTemplate());
    const summary = await seedBase(base, book, { seed: 7 });
    expect(summary.accounts).toEqual({ created: 60, skipped: 0 });
    expect(summary.orders!.created).toBe(book.orders.length);
    expect(summary.contacts!.created).toBe(book.contacts.length);

    const accounts = await world.gw.searchAll(base.table("accounts").id);
    const codeById = new Map(
      accounts.map((r) => [
        r.record_id,
        decodeRecord(base.table("accounts").template.fields, r.fields).values.code,
      ]),
    );
    const orders = await world.gw.searchAll(base.table("orders").id);
    expect(orders).toHaveLength(book.orders.length);
    const orderFields = base.table("orders").template.fields;
    for (const rec of orders.slice(0, 50)) {
      const { values, problems } = decodeRecord(orderFields, rec.fields);
      expect(problems).toEqual([]);
      const linked = values.account as string[];
      expect(linked).toHaveLength(1);
      expect(codeById.get(linked[0]!)).toBe(values.accountCode);
    }
  });

  it("writes nothing when run again", async () => {
    const base = await bindBase(world.gw, loadTemplate());
    const mark = world.sandbox.state.callLog.length;
    const summary = await seedBase(base, book, { seed: 7 });
    for (const s of Object.values(summary)) expect(s.created).toBe(0);
    expect(summary.orders!.skipped).toBe(book.orders.length);
    const writes = world.sandbox.state.callLog
      .slice(mark)
      .filter((c) => /appTableRecord\.(batchCreate|create|batchUpdate)/.test(c.api));
    expect(writes).toEqual([]);
  });
});
