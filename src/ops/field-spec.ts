import type { FieldSpec } from "../feishu/bitable.ts";
import type { FieldTemplate } from "../feishu/template.ts";

/** Turns a template field into the Bitable create/update body; link fields need their target's table id. */
export function fieldSpecOf(field: FieldTemplate, tableIds: Record<string, string>): FieldSpec {
  const spec: FieldSpec = { field_name: field.name, type: field.type };
  switch (field.type) {
    case 2:
      spec.property = { formatter: field.formatter ?? "0" };
      break;
    case 3:
    case 4:
      spec.property = { options: (field.options ?? []).map((name) => ({ name })) };
      break;
    case 5:
      spec.property = { date_formatter: "yyyy/MM/dd", auto_fill: false };
      break;
    case 11:
      spec.property = { multiple: false };
      break;
    case 18: {
      const target = field.link ? tableIds[field.link] : undefined;
      if (!target) throw new Error(`link field ${field.name} needs table ${field.link} to exist first`);
      spec.property = { table_id: target, multiple: true };
      break;
    }
  }
  return spec;
}

export const TYPE_NAMES: Record<number, string> = {
  1: "文本 text",
  2: "数字 number",
  3: "单选 single select",
  4: "多选 multi select",
  5: "日期 date",
  7: "复选框 checkbox",
  11: "人员 person",
  13: "电话 phone",
  15: "超链接 url",
  17: "附件 attachment",
  18: "单向关联 link",
  19: "查找引用 lookup",
  20: "公式 formula",
  21: "双向关联 duplex link",
  1001: "创建时间 created time",
  1002: "修改时间 modified time",
  1005: "自动编号 auto number",
};
