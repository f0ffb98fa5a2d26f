import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isIsoDate } from "../../src/domain/dates.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { parsePolicyRows } from "../../src/domain/policy-rows.ts";
import { demoBook } from "../../src/seed/demo-book.ts";

type Field = { key: string; type: number; options?: string[]; link?: string };
type Table = { key: string; fields: Field[] };

const template = JSON.parse(
  readFileSync(new URL("../../bitable-templates/base.json", import.meta.url), "utf8"),
) as {
  tables: Table[];
};
const TODAY = "2025-11-25";
const managers = [{ open_id: "ou_a", name: "李娜" }];
const book = demoBook({ seed: 3, accounts: 60, managers, today: TODAY, dirty: true });

/** Business keys a link field may name: accounts by code, contacts by name. */
const linkKeys: Record<string, Set<string>> = {
  accounts: new Set(book.accounts.map((a) => a.code)),
  contacts: new Set(book.contacts.map((c) => c.name)),
};

function valueFits(field: Field, value: unknown): boolean {
  switch (field.type) {
    case 1:
    case 13:
      return typeof value === "string";
    case 2:
      return typeof value === "number" && Number.isFinite(value);
    case 3:
      return typeof value === "string" && (field.options ?? []).includes(value);
    case 5:
      return isIsoDate(value);
    case 7:
      return typeof value === "boolean";
    case 11:
      return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
    case 18:
      return typeof value === "string" && (linkKeys[field.link ?? ""]?.has(value) ?? false);
    default:
      return false;
  }
}

const clean = {
  accounts: book.accounts,
  contacts: book.contacts,
  orders: book.orders,
  visits: book.visits,
  surveys: book.surveys,
  policy: book.policy,
} as Record<string, Record<string, unknown>[]>;

describe("demoBook rows against the Bitable template", () => {
  for (const [tableKey, rows] of Object.entries(clean)) {
    it(`uses only ${tableKey} field keys from the template, with values of the field's type`, () => {
      const table = template.tables.find((t) => t.key === tableKey);
      expect(table, tableKey).toBeDefined();
      const fields = new Map(table?.fields.map((f) => [f.key, f]));
      expect(rows.length).toBeGreaterThan(0);
      const misfits = rows.flatMap((row) =>
        Object.entries(row).flatMap(([key, value]) => {
          const field = fields.get(key);
          return field && valueFits(field, value) ? [] : [`${tableKey}.${key} = ${JSON.stringify(value)}`];
        }),
      );
      expect(misfits).toEqual([]);
    });
  }
});

describe("demoBook policy rows", () => {
  it("read back as the default policy without a single problem", () => {
    const { policy, problems } = parsePolicyRows(book.policy);
    expect(problems).toEqual([]);
    expect(policy).toEqual(DEFAULT_POLICY);
  });

  it("describe every setting in Chinese", () => {
    expect(book.policy.find((r) => r.key === "cadence.A")).toMatchObject({ value: "14" });
    for (const row of book.policy) expect(row.description).toMatch(/\p{Script=Han}/u);
  });
});

describe("demoBook dirty rows", () => {
  it("are left out unless asked for", () => {
    expect(demoBook({ accounts: 10, managers, today: TODAY }).dirty).toBeUndefined();
  });

  it("cover text in a number field, an unknown account, a future date and a missing owner", () => {
    const dirty = book.dirty ?? [];
    const codes = new Set(book.accounts.map((a) => a.code));
    const text = dirty.find((d) => d.expect === "amount_invalid");
    expect(typeof text?.row.amount).toBe("string");
    const unknown = dirty.find((d) => d.expect === "order_account_unknown");
    expect(codes.has(String(unknown?.row.accountCode))).toBe(false);
    expect(String(dirty.find((d) => d.expect === "order_future")?.row.date) > TODAY).toBe(true);
    const ownerless = dirty.find((d) => d.expect === "owner_missing");
    expect(ownerless?.table).toBe("accounts");
    expect(ownerless?.row).not.toHaveProperty("owner");
  });

  it("never leak into the clean tables", () => {
    expect(book.orders.some((o) => o.orderId.startsWith("SO-DIRTY"))).toBe(false);
    expect(book.accounts).toHaveLength(60);
  });
});

describe("demoBook options", () => {
  it("refuses a book without managers, saying so", () => {
    expect(() => demoBook({ managers: [], today: TODAY })).toThrow(/manager/);
  });

  it("refuses a malformed today", () => {
    expect(() => demoBook({ managers, today: "2025-13-01" })).toThrow(/today/);
  });
});
