import type { DemoBook } from "../seed/demo-book.ts";
import type { BoundBase } from "./base.ts";
import { createMissing } from "./upsert.ts";

export type SeedSummary = Record<string, { created: number; skipped: number }>;

/** Table order matters: links point at rows created before them. */
const ORDER = ["accounts", "contacts", "orders", "visits", "surveys", "policy"] as const;

/**
 * Writes a demo book into a provisioned base, creating only the rows it does not hold yet (matched by
 * primary field), so seeding twice writes nothing the second time.
 */
export async function seedBase(
  base: BoundBase,
  book: DemoBook,
  opts: { seed: number; onProgress?: (table: string, done: number, total: number) => void },
): Promise<SeedSummary> {
  const links: Record<string, Map<string, string>> = {};
  const summary: SeedSummary = {};
  for (const table of ORDER) {
    const rows = book[table] as unknown as Record<string, unknown>[];
    const result = await createMissing(base, table, rows, {
      idempotencyKey: `seed:${opts.seed}:${table}`,
      links,
      onProgress: (done, total) => opts.onProgress?.(table, done, total),
    });
    links[table] = result.recordIds;
    summary[table] = { created: result.created, skipped: result.skipped };
  }
  return summary;
}
