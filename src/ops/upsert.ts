import { createHash } from "node:crypto";
import { decodeRecord, encodeFields } from "../feishu/codecs.ts";
import type { BoundBase } from "./base.ts";

export type UpsertResult = { created: number; skipped: number; recordIds: Map<string, string> };

/**
 * Creates the rows whose primary value the table does not hold yet and leaves the others alone, so
 * seeding or importing twice writes nothing the second time. Link values are business keys, resolved
 * through `links` (table key → business key → record id). Returns every row's record id by key.
 */
export async function createMissing(
  base: BoundBase,
  tableKey: string,
  rows: Record<string, unknown>[],
  opts: {
    idempotencyKey: string;
    links?: Record<string, Map<string, string>>;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<UpsertResult> {
  const { id, template } = base.table(tableKey);
  const primary = template.fields.find((f) => f.primary) ?? template.fields[0]!;
  const recordIds = new Map<string, string>();
  for await (const page of base.gw.searchPages(id, { fieldNames: [primary.name] })) {
    for (const rec of page) {
      const { values } = decodeRecord([primary], rec.fields);
      const key = values[primary.key];
      if (typeof key === "string" && key) recordIds.set(key, rec.record_id);
    }
  }
  const fresh = rows.filter((r) => {
    const key = String(r[primary.key] ?? "");
    return key !== "" && !recordIds.has(key);
  });
  const encoded = fresh.map((row) =>
    encodeFields(template.fields, resolveLinks(template.fields, row, opts.links)),
  );
  const created = encoded.length
    ? await base.gw.batchCreate(id, encoded, {
        // Keyed by what is being created, so a rerun after a partial failure never reuses a token for other rows.
        idempotencyKey: `${opts.idempotencyKey}:${digest(fresh.map((r) => String(r[primary.key])).join("\n"))}`,
        onProgress: opts.onProgress,
      })
    : [];
  created.forEach((rec, i) => {
    recordIds.set(String(fresh[i]![primary.key]), rec.record_id);
  });
  opts.onProgress?.(rows.length, rows.length);
  return { created: created.length, skipped: rows.length - fresh.length, recordIds };
}

function resolveLinks(
  fields: BoundBase["template"]["tables"][number]["fields"],
  row: Record<string, unknown>,
  links: Record<string, Map<string, string>> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const f of fields) {
    if (f.type !== 18 || !f.link) continue;
    const raw = row[f.key];
    if (raw === undefined || raw === null || raw === "") {
      delete out[f.key];
      continue;
    }
    const keys = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    const ids = keys.map((k) => links[f.link!]?.get(k)).filter((x): x is string => Boolean(x));
    if (ids.length) out[f.key] = ids;
    else delete out[f.key];
  }
  return out;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
