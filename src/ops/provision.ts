import type { BitableGateway, FieldInfo } from "../feishu/bitable.ts";
import type { BaseTemplate, TableTemplate } from "../feishu/template.ts";
import { fieldSpecOf, TYPE_NAMES } from "./field-spec.ts";

export type ProvisionAction =
  | { kind: "create-table"; table: string; fields: number }
  | { kind: "create-field"; table: string; field: string }
  | { kind: "add-options"; table: string; field: string; options: string[] }
  | { kind: "type-mismatch"; table: string; field: string; expected: number; actual: number };

export type ProvisionResult = {
  actions: ProvisionAction[];
  /** Table id per template key, after provisioning. */
  tableIds: Record<string, string>;
};

/**
 * Creates what the base lacks — tables, fields, select options — and nothing else: it never deletes,
 * renames or retypes what people made. A field of the wrong type is reported for a person to fix.
 */
export async function provision(
  gw: BitableGateway,
  template: BaseTemplate,
  opts: { dryRun?: boolean; onAction?: (a: ProvisionAction) => void } = {},
): Promise<ProvisionResult> {
  const actions: ProvisionAction[] = [];
  const record = (a: ProvisionAction) => {
    actions.push(a);
    opts.onAction?.(a);
  };
  const existing = new Map((await gw.listTables()).map((t) => [t.name, t.table_id]));
  const tableIds: Record<string, string> = {};
  for (const table of template.tables) {
    const id = existing.get(table.name);
    if (id) {
      tableIds[table.key] = id;
      await reconcileFields(gw, table, id, tableIds, record, opts.dryRun ?? false);
      continue;
    }
    record({ kind: "create-table", table: table.name, fields: table.fields.length });
    if (opts.dryRun) {
      tableIds[table.key] = `(new:${table.key})`;
      continue;
    }
    const specs = orderPrimaryFirst(table).map((f) => fieldSpecOf(f, tableIds));
    const created = await gw.createTable(table.name, specs);
    tableIds[table.key] = created.table_id;
  }
  return { actions, tableIds };
}

async function reconcileFields(
  gw: BitableGateway,
  table: TableTemplate,
  tableId: string,
  tableIds: Record<string, string>,
  record: (a: ProvisionAction) => void,
  dryRun: boolean,
): Promise<void> {
  const fields = new Map<string, FieldInfo>((await gw.listFields(tableId)).map((f) => [f.field_name, f]));
  for (const field of table.fields) {
    const have = fields.get(field.name);
    if (!have) {
      record({ kind: "create-field", table: table.name, field: field.name });
      if (!dryRun) await gw.createField(tableId, fieldSpecOf(field, tableIds));
      continue;
    }
    if (have.type !== field.type) {
      record({
        kind: "type-mismatch",
        table: table.name,
        field: field.name,
        expected: field.type,
        actual: have.type,
      });
      continue;
    }
    if ((field.type === 3 || field.type === 4) && field.options?.length) {
      const current = optionNames(have);
      const missing = field.options.filter((o) => !current.includes(o));
      if (missing.length === 0) continue;
      record({ kind: "add-options", table: table.name, field: field.name, options: missing });
      if (dryRun) continue;
      const merged = [
        ...((have.property?.options as { name: string }[] | undefined) ?? []),
        ...missing.map((name) => ({ name })),
      ];
      await gw.updateField(tableId, have.field_id, {
        field_name: field.name,
        type: field.type,
        property: { options: merged },
      });
    }
  }
}

function optionNames(field: FieldInfo): string[] {
  const options = (field.property?.options ?? []) as { name?: string }[];
  return options.map((o) => o.name ?? "").filter(Boolean);
}

function orderPrimaryFirst(table: TableTemplate) {
  return [...table.fields].sort((a, b) => Number(b.primary ?? false) - Number(a.primary ?? false));
}

export function describeAction(a: ProvisionAction): string {
  switch (a.kind) {
    case "create-table":
      return `+ 新建数据表 ${a.table} (${a.fields} 个字段) / create table`;
    case "create-field":
      return `+ 新建字段 ${a.table}.${a.field} / create field`;
    case "add-options":
      return `+ 补充选项 ${a.table}.${a.field}: ${a.options.join(", ")} / add options`;
    case "type-mismatch":
      return `! 字段类型不符 ${a.table}.${a.field}: 应为 ${TYPE_NAMES[a.expected] ?? a.expected}, 实为 ${TYPE_NAMES[a.actual] ?? a.actual} — 请在多维表格中修改该字段类型或改名后重新运行 / fix the field type in Bitable and rerun`;
  }
}
