import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { loadTemplate } from "../../src/feishu/template.ts";
import { runDoctor } from "../../src/ops/doctor.ts";
import { provision } from "../../src/ops/provision.ts";
import { startWorld, type World } from "../support/world.ts";

describe("kam provision", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.stop());

  it("creates every table of the template with its fields on an empty base", async () => {
    const template = loadTemplate();
    const result = await provision(world.gw, template);
    expect(result.actions.filter((a) => a.kind === "create-table")).toHaveLength(template.tables.length);
    const tables = await world.gw.listTables();
    expect(tables.map((t) => t.name).sort()).toEqual(template.tables.map((t) => t.name).sort());
    const accounts = template.tables.find((t) => t.key === "accounts")!;
    const fields = await world.gw.listFields(result.tableIds.accounts!);
    expect(fields.map((f) => f.field_name).sort()).toEqual(accounts.fields.map((f) => f.name).sort());
    expect(fields.find((f) => f.is_primary)?.field_name).toBe("客户编号");
  });

  it("does nothing the second time", async () => {
    const template = loadTemplate();
    await provision(world.gw, template);
    const again = await provision(world.gw, template);
    expect(again.actions).toEqual([]);
  });

  it("adds a field someone deleted and reports a retyped one without touching it", async () => {
    const template = loadTemplate();
    const first = await provision(world.gw, template);
    const tableId = first.tableIds.accounts!;
    const fields = await world.gw.listFields(tableId);
    const score = fields.find((f) => f.field_name === "价值分")!;
    await world.gw.updateField(tableId, score.field_id, { field_name: "价值分", type: 1 });
    const region = template.tables[0]!.fields.find((f) => f.key === "region")!;
    const trimmed = { ...template, tables: template.tables.map((t) => t) };
    trimmed.tables[0] = {
      ...template.tables[0]!,
      fields: [...template.tables[0]!.fields, { ...region, key: "region2", name: "区域2" }],
    };
    const again = await provision(world.gw, trimmed);
    expect(again.actions).toContainEqual({ kind: "create-field", table: "客户", field: "区域2" });
    expect(again.actions).toContainEqual({
      kind: "type-mismatch",
      table: "客户",
      field: "价值分",
      expected: 2,
      actual: 1,
    });
    const after = await world.gw.listFields(tableId);
    expect(after.find((f) => f.field_name === "价值分")?.type).toBe(1);
  });

  it("adds select options the base lacks", async () => {
    const template = loadTemplate();
    await provision(world.gw, template);
    const more = structuredClone(template);
    const industry = more.tables[0]!.fields.find((f) => f.key === "industry")!;
    industry.options = [...(industry.options ?? []), "新能源"];
    const again = await provision(world.gw, more);
    expect(again.actions).toEqual([
      { kind: "add-options", table: "客户", field: "行业", options: ["新能源"] },
    ]);
    expect((await provision(world.gw, more)).actions).toEqual([]);
  });

  it("doctor passes on a provisioned base and names the fix when tables are missing", async () => {
    const config = loadConfig({
      FEISHU_DOMAIN: world.sandbox.url,
      FEISHU_APP_ID: world.appId,
      FEISHU_APP_SECRET: world.appSecret,
      BITABLE_APP_TOKEN: world.appToken,
      FEISHU_VERIFICATION_TOKEN: "v",
    });
    const template = loadTemplate();
    const before = await runDoctor(config, world.gw, template);
    expect(before.filter((c) => !c.ok).length).toBeGreaterThan(0);
    expect(before.find((c) => !c.ok)?.fix).toContain("kam provision");
    await provision(world.gw, template);
    const after = await runDoctor(config, world.gw, template);
    expect(after.every((c) => c.ok)).toBe(true);
  });

  it("doctor reports bad credentials with the fix", async () => {
    const config = loadConfig({
      FEISHU_DOMAIN: world.sandbox.url,
      FEISHU_APP_ID: world.appId,
      FEISHU_APP_SECRET: "wrong",
      BITABLE_APP_TOKEN: world.appToken,
      FEISHU_VERIFICATION_TOKEN: "v",
    });
    const checks = await runDoctor(config, world.gw, loadTemplate());
    const bad = checks.find((c) => !c.ok)!;
    expect(bad.name).toContain("credentials");
    expect(bad.fix).toContain("FEISHU_APP_SECRET");
  });
});
