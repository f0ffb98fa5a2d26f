import { z } from "zod";
import base from "../../bitable-templates/base.json" with { type: "json" };

/**
 * The base as data (bitable-templates/base.json): tables and fields with stable English keys for
 * the code and Chinese names for people. Bundled as a JSON import so Workers need no file system.
 */
const FieldTemplateSchema = z.looseObject({
  key: z.string().min(1),
  name: z.string().min(1),
  type: z.number().int(),
  primary: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  /** Target table key of a link field. */
  link: z.string().optional(),
  formatter: z.string().optional(),
  /** Written by the service; people should not edit it. */
  computed: z.boolean().optional(),
});

const TableTemplateSchema = z.looseObject({
  key: z.string().min(1),
  name: z.string().min(1),
  en: z.string().optional(),
  fields: z.array(FieldTemplateSchema).min(1),
});

export const BaseTemplateSchema = z
  .looseObject({ name: z.string().min(1), tables: z.array(TableTemplateSchema).min(1) })
  .superRefine((t, ctx) => {
    const keys = new Set(t.tables.map((x) => x.key));
    for (const table of t.tables) {
      if (new Set(table.fields.map((f) => f.key)).size !== table.fields.length) {
        ctx.addIssue({ code: "custom", message: `table ${table.key} has duplicate field keys` });
      }
      for (const f of table.fields) {
        if ((f.type === 18 || f.type === 21) && (!f.link || !keys.has(f.link))) {
          ctx.addIssue({
            code: "custom",
            message: `link field ${table.key}.${f.key} points at unknown table ${f.link}`,
          });
        }
      }
    }
  });

export type FieldTemplate = z.infer<typeof FieldTemplateSchema>;
export type TableTemplate = z.infer<typeof TableTemplateSchema>;
export type BaseTemplate = z.infer<typeof BaseTemplateSchema>;

let cached: BaseTemplate | undefined;

/** The bundled template, validated once; a broken template file stops the process with the reason. */
export function loadTemplate(): BaseTemplate {
  cached ??= parseTemplate(base);
  return cached;
}

export function parseTemplate(json: unknown): BaseTemplate {
  const parsed = BaseTemplateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `bitable-templates/base.json is invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

export function tableByKey(template: BaseTemplate, key: string): TableTemplate {
  const table = template.tables.find((t) => t.key === key);
  if (!table) throw new Error(`template has no table "${key}"`);
  return table;
}

export function fieldByKey(table: TableTemplate, key: string): FieldTemplate {
  const field = table.fields.find((f) => f.key === key);
  if (!field) throw new Error(`template table "${table.key}" has no field "${key}"`);
  return field;
}

export function primaryField(table: TableTemplate): FieldTemplate {
  return table.fields.find((f) => f.primary) ?? table.fields[0]!;
}
