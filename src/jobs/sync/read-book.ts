import type { SurveyAnswer, Visit } from "../../domain/types.ts";
import type { RawRecord, SearchFilter } from "../../feishu/bitable.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { BoundBase } from "../../ops/base.ts";
import { createOrderColumns, type OrderColumns } from "./order-columns.ts";
import {
  type AccountRecord,
  type ActivityContext,
  accountFromRecord,
  createInterner,
  orderFromRecord,
  surveyFromRecord,
  visitFromRecord,
} from "./row-decoders.ts";

/** Everything one sync computes from: every account row, and the orders, visits and answers read. */
export type BookSnapshot = {
  accountRows: AccountRecord[];
  orders: OrderColumns;
  visits: Visit[];
  surveys: SurveyAnswer[];
  /** records/search calls made. */
  reads: number;
};

/** Only the fields the engine looks at are asked for: less to send, decode and hold. */
const READ_KEYS: Record<"orders" | "visits" | "surveys", string[]> = {
  orders: ["orderId", "account", "accountCode", "date", "amount", "margin"],
  visits: ["account", "accountCode", "date", "type", "visitor"],
  surveys: [
    "answerId",
    "account",
    "accountCode",
    "contact",
    "date",
    "overall",
    "product",
    "service",
    "responsiveness",
    "nps",
    "comment",
  ],
};

type Reader = { base: BoundBase; tz: string; reads: number };

function fieldsOf(base: BoundBase, table: string, keys?: string[]): FieldTemplate[] {
  const all = base.table(table).template.fields;
  return keys ? all.filter((f) => keys.includes(f.key)) : all;
}

/** Pages are decoded as they arrive, so a million orders never sit in memory as raw records. */
async function readInto<T>(
  r: Reader,
  table: string,
  fields: FieldTemplate[],
  toRow: (rec: RawRecord) => T,
  into: { push(row: T): unknown },
  filter?: SearchFilter,
): Promise<void> {
  const pages = r.base.gw.searchPages(r.base.table(table).id, {
    fieldNames: fields.map((f) => f.name),
    filter,
  });
  for await (const page of pages) {
    r.reads++;
    for (const rec of page) into.push(toRow(rec));
  }
}

type Activity = Pick<BookSnapshot, "orders" | "visits" | "surveys">;

async function readActivity(
  r: Reader,
  codeOfRecord: ReadonlyMap<string, string>,
  filterFor: (table: string) => SearchFilter | undefined,
  into: Activity,
): Promise<void> {
  const f = (t: keyof typeof READ_KEYS) => fieldsOf(r.base, t, READ_KEYS[t]);
  const intern = createInterner();
  for (const code of codeOfRecord.values()) intern(code);
  const ctx: ActivityContext = { tz: r.tz, codeOfRecord, intern };
  const [orderFields, visitFields, surveyFields] = [f("orders"), f("visits"), f("surveys")];
  // One table after another: reads share one 20/s budget, so running them side by side gains nothing.
  await readInto(
    r,
    "orders",
    orderFields,
    (rec) => orderFromRecord(orderFields, rec, ctx),
    into.orders,
    filterFor("orders"),
  );
  await readInto(
    r,
    "visits",
    visitFields,
    (rec) => visitFromRecord(visitFields, rec, ctx),
    into.visits,
    filterFor("visits"),
  );
  await readInto(
    r,
    "surveys",
    surveyFields,
    (rec) => surveyFromRecord(surveyFields, rec, ctx),
    into.surveys,
    filterFor("surveys"),
  );
}

function emptySnapshot(): BookSnapshot {
  return { accountRows: [], orders: createOrderColumns(), visits: [], surveys: [], reads: 0 };
}

export async function readBook(base: BoundBase, opts: { tz: string }): Promise<BookSnapshot> {
  const r: Reader = { base, tz: opts.tz, reads: 0 };
  const snapshot = emptySnapshot();
  const accountFields = fieldsOf(base, "accounts");
  await readInto(
    r,
    "accounts",
    accountFields,
    (rec) => accountFromRecord(accountFields, rec, opts.tz),
    snapshot.accountRows,
  );
  const codeOfRecord = new Map(snapshot.accountRows.map((a) => [a.recordId, a.code]));
  await readActivity(r, codeOfRecord, () => undefined, snapshot);
  snapshot.reads = r.reads;
  return snapshot;
}

/** The search filter allows 50 conditions a group. */
const CODES_PER_SEARCH = 50;

/**
 * The rows of some accounts only (the incremental path): matched by 客户编号, so a row that names its
 * account only through the link field is seen by the next full sync, not here.
 */
export async function readAccountsBook(
  base: BoundBase,
  codes: readonly string[],
  opts: { tz: string },
): Promise<BookSnapshot> {
  const r: Reader = { base, tz: opts.tz, reads: 0 };
  const snapshot = emptySnapshot();
  const accountFields = fieldsOf(base, "accounts");
  for (let i = 0; i < codes.length; i += CODES_PER_SEARCH) {
    const chunk = codes.slice(i, i + CODES_PER_SEARCH);
    const byCode = (table: string): SearchFilter => {
      const key = table === "accounts" ? "code" : "accountCode";
      const field = base.table(table).template.fields.find((f) => f.key === key)!;
      return {
        conjunction: "or",
        conditions: chunk.map((c) => ({ field_name: field.name, operator: "is", value: [c] })),
      };
    };
    const rows: AccountRecord[] = [];
    const toAccount = (rec: RawRecord) => accountFromRecord(accountFields, rec, opts.tz);
    await readInto(r, "accounts", accountFields, toAccount, rows, byCode("accounts"));
    snapshot.accountRows.push(...rows);
    await readActivity(r, new Map(rows.map((a) => [a.recordId, a.code])), byCode, snapshot);
  }
  snapshot.reads = r.reads;
  return snapshot;
}
