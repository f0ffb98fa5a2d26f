import type { Order, SurveyAnswer, Visit } from "../../domain/types.ts";
import type { RawRecord, SearchFilter } from "../../feishu/bitable.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { BoundBase } from "../../ops/base.ts";
import {
  type AccountRecord,
  type ActivityContext,
  accountFromRecord,
  createInterner,
  orderFromRecord,
  surveyFromRecord,
  visitFromRecord,
} from "./row-decoders.ts";

/** Where the orders, visits and answers read go: a book folding them (full sync) or lists (incremental). */
export type ActivitySink = {
  addOrder(order: Order): void;
  addVisit(visit: Visit): void;
  addSurvey(survey: SurveyAnswer): void;
};

/** Rows and records/search calls, per table read. */
export type ReadCounts = {
  accountRows: number;
  orders: number;
  visits: number;
  surveys: number;
  reads: number;
};

/** The rows of some accounts, with their orders, visits and answers as lists (the incremental path). */
export type BookSnapshot = {
  accountRows: AccountRecord[];
  orders: Order[];
  visits: Visit[];
  surveys: SurveyAnswer[];
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

export type BookReader = ReturnType<typeof createBookReader>;

/**
 * Reads the book table by table, decoding each page as it arrives: a million orders never sit in
 * memory as records, and (with a folding sink) not as orders either.
 */
export function createBookReader(base: BoundBase, tz: string) {
  const counts: ReadCounts = { accountRows: 0, orders: 0, visits: 0, surveys: 0, reads: 0 };

  function fieldsOf(table: string, keys?: string[]): FieldTemplate[] {
    const all = base.table(table).template.fields;
    return keys ? all.filter((f) => keys.includes(f.key)) : all;
  }

  async function readEach<T>(
    table: string,
    fields: FieldTemplate[],
    toRow: (rec: RawRecord) => T,
    each: (row: T) => void,
    filter?: SearchFilter,
  ): Promise<number> {
    const pages = base.gw.searchPages(base.table(table).id, {
      fieldNames: fields.map((f) => f.name),
      filter,
    });
    let rows = 0;
    for await (const page of pages) {
      counts.reads++;
      rows += page.length;
      for (const rec of page) each(toRow(rec));
    }
    return rows;
  }

  async function accounts(filter?: SearchFilter): Promise<AccountRecord[]> {
    const fields = fieldsOf("accounts");
    const out: AccountRecord[] = [];
    const intern = createInterner();
    const toAccount = (rec: RawRecord) => accountFromRecord(fields, rec, tz, intern);
    counts.accountRows += await readEach("accounts", fields, toAccount, (row) => out.push(row), filter);
    return out;
  }

  /** Orders, visits and answers, one table after another: reads share one 20/s budget. */
  async function activity(
    codeOfRecord: ReadonlyMap<string, string>,
    sink: ActivitySink,
    filterFor: (table: string) => SearchFilter | undefined = () => undefined,
  ): Promise<void> {
    const f = (t: keyof typeof READ_KEYS) => fieldsOf(t, READ_KEYS[t]);
    const intern = createInterner();
    for (const code of codeOfRecord.values()) intern(code);
    const ctx: ActivityContext = { tz, codeOfRecord, intern };
    const [orderFields, visitFields, surveyFields] = [f("orders"), f("visits"), f("surveys")];
    counts.orders += await readEach(
      "orders",
      orderFields,
      (rec) => orderFromRecord(orderFields, rec, ctx),
      sink.addOrder,
      filterFor("orders"),
    );
    counts.visits += await readEach(
      "visits",
      visitFields,
      (rec) => visitFromRecord(visitFields, rec, ctx),
      sink.addVisit,
      filterFor("visits"),
    );
    counts.surveys += await readEach(
      "surveys",
      surveyFields,
      (rec) => surveyFromRecord(surveyFields, rec, ctx),
      sink.addSurvey,
      filterFor("surveys"),
    );
  }

  return { accounts, activity, counts };
}

/** Account record id → account code, for rows that name their account only through the link field. */
export function codesOfRecords(rows: readonly AccountRecord[]): Map<string, string> {
  return new Map(rows.map((a) => [a.recordId, a.code]));
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
  const reader = createBookReader(base, opts.tz);
  const snapshot: BookSnapshot = { accountRows: [], orders: [], visits: [], surveys: [], reads: 0 };
  const lists: ActivitySink = {
    addOrder: (o) => snapshot.orders.push(o),
    addVisit: (v) => snapshot.visits.push(v),
    addSurvey: (s) => snapshot.surveys.push(s),
  };
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
    const rows = await reader.accounts(byCode("accounts"));
    snapshot.accountRows.push(...rows);
    await reader.activity(codesOfRecords(rows), lists, byCode);
  }
  snapshot.reads = reader.counts.reads;
  return snapshot;
}
