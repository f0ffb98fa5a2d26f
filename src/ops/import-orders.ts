import type { OrderImportPlan } from "../import/orders.ts";
import type { BoundBase } from "./base.ts";
import { createMissing } from "./upsert.ts";

export type ImportSummary = {
  accountsCreated: number;
  accountsExisting: number;
  ordersCreated: number;
  ordersExisting: number;
};

/**
 * Writes an import plan: customers the base lacks become accounts (without an owner — the sync reports
 * that as a data problem until someone assigns one), then orders the base lacks. Rerunning the same file
 * writes nothing.
 */
export async function writeOrderImport(
  base: BoundBase,
  plan: OrderImportPlan,
  opts: { source: string; onProgress?: (table: string, done: number, total: number) => void },
): Promise<ImportSummary> {
  const accounts = await createMissing(
    base,
    "accounts",
    plan.accounts.map((a) => ({ code: a.code, name: a.name || a.code })),
    {
      idempotencyKey: `import:${opts.source}:accounts`,
      onProgress: (d, t) => opts.onProgress?.("accounts", d, t),
    },
  );
  const orders = await createMissing(
    base,
    "orders",
    plan.orders.map((o) => ({
      orderId: o.orderId,
      account: o.accountCode,
      accountCode: o.accountCode,
      date: o.date,
      amount: o.amount,
      margin: o.margin,
      lines: o.lines,
      source: "ERP导入",
    })),
    {
      idempotencyKey: `import:${opts.source}:orders`,
      links: { accounts: accounts.recordIds },
      onProgress: (d, t) => opts.onProgress?.("orders", d, t),
    },
  );
  return {
    accountsCreated: accounts.created,
    accountsExisting: accounts.skipped,
    ordersCreated: orders.created,
    ordersExisting: orders.skipped,
  };
}
