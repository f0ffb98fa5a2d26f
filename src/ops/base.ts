import type { BitableGateway } from "../feishu/bitable.ts";
import type { BaseTemplate, TableTemplate } from "../feishu/template.ts";

export type BoundBase = {
  gw: BitableGateway;
  template: BaseTemplate;
  tableIds: Record<string, string>;
  table(key: string): { id: string; template: TableTemplate };
};

export class BaseNotProvisionedError extends Error {}

/** Finds the template's tables in the base by name; a missing one means provisioning has not run. */
export async function bindBase(gw: BitableGateway, template: BaseTemplate): Promise<BoundBase> {
  const byName = new Map((await gw.listTables()).map((t) => [t.name, t.table_id]));
  const tableIds: Record<string, string> = {};
  const missing: string[] = [];
  for (const t of template.tables) {
    const id = byName.get(t.name);
    if (id) tableIds[t.key] = id;
    else missing.push(t.name);
  }
  if (missing.length) {
    throw new BaseNotProvisionedError(
      `多维表格缺少数据表 ${missing.join("、")} / tables missing — run \`npx kam provision\` first`,
    );
  }
  return fromIds(gw, template, tableIds);
}

export function fromIds(
  gw: BitableGateway,
  template: BaseTemplate,
  tableIds: Record<string, string>,
): BoundBase {
  return {
    gw,
    template,
    tableIds,
    table(key) {
      const t = template.tables.find((x) => x.key === key);
      const id = tableIds[key];
      if (!t || !id) throw new Error(`unknown table key ${key}`);
      return { id, template: t };
    },
  };
}
