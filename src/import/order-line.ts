import type { IsoDate } from "../domain/types.ts";
import { parseAmountText } from "./amount-text.ts";
import type { CsvRecord } from "./csv.ts";
import { detectYearLastOrder, parseDateText, type YearLastOrder } from "./date-text.ts";
import type { ColumnIndexes, ColumnMapping, Outcome } from "./mapping.ts";

/** One ERP file line, read and checked on its own (merging into orders happens in orders.ts). */
export type OrderLine = {
  orderId: string;
  accountCode: string;
  accountName?: string;
  date: IsoDate;
  amount: number;
  margin?: number;
};

export type RejectCode =
  | "csv_malformed"
  | "columns_missing"
  | "order_id_missing"
  | "customer_id_missing"
  | "date_invalid"
  | "date_future"
  | "amount_invalid"
  | "margin_invalid"
  | "customer_conflict"
  | "date_conflict";

/** The file-wide reading of year-last dates: as set in the mapping, or settled from the whole column. */
export function chooseDateOrder(
  rows: readonly CsvRecord[],
  dateColumn: number,
  option: ColumnMapping["dateFormat"],
): Outcome<{ used?: YearLastOrder; note: string }> {
  if (option === "mdy" || option === "dmy") {
    return {
      ok: true,
      value: { used: option, note: `按指定格式 ${option} 读取 / read as ${option} as set` },
    };
  }
  if (option === "ymd") return { ok: true, value: { note: "按指定格式 ymd 读取 / read as ymd as set" } };
  const detection = detectYearLastOrder(
    rows.map((r) => ({ line: r.line, text: r.fields[dateColumn] ?? "" })),
  );
  if (!detection.ok) return detection;
  return { ok: true, value: { ...(detection.order ? { used: detection.order } : {}), note: detection.note } };
}

export type Rejection = { code: RejectCode; reason: string };

/** What every line of one file is read against. */
export type LineContext = {
  columns: ColumnIndexes;
  /** Fields a line must have to reach every mapped column. */
  needed: number;
  /** How year-last dates read in this file; undefined when none are allowed or none occur. */
  order: YearLastOrder | undefined;
  option: ColumnMapping["dateFormat"];
  today: IsoDate;
};

const YEAR_LAST_DATE = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/;

export function readOrderLine(
  record: CsvRecord,
  { columns, needed, order, option, today }: LineContext,
): { ok: true; value: OrderLine } | { ok: false; rejection: Rejection } {
  const reject = (code: RejectCode, reason: string) => ({ ok: false as const, rejection: { code, reason } });
  if (record.problem) return reject("csv_malformed", record.problem);
  if (record.fields.length < needed) {
    return reject(
      "columns_missing",
      `只有 ${record.fields.length} 列，需要 ${needed} 列 / has ${record.fields.length} columns, needs ${needed}`,
    );
  }
  const cell = (index: number | undefined) =>
    index === undefined ? undefined : (record.fields[index] ?? "").trim();
  const orderId = cell(columns.orderId) ?? "";
  if (!orderId) return reject("order_id_missing", "订单号为空 / order id is empty");
  const accountCode = cell(columns.customerId) ?? "";
  if (!accountCode) return reject("customer_id_missing", "客户编号为空 / customer id is empty");
  const dateText = cell(columns.date) ?? "";
  const date =
    option === "ymd" && YEAR_LAST_DATE.test(dateText)
      ? { ok: false as const, error: `日期“${dateText}”不是年月日格式 / "${dateText}" is not year-month-day` }
      : parseDateText(dateText, order);
  if (!date.ok) return reject("date_invalid", date.error);
  if (date.value > today) {
    return reject(
      "date_future",
      `日期 ${date.value} 晚于今天 ${today} / date ${date.value} is after today ${today}`,
    );
  }
  const amount = parseAmountText(cell(columns.amount) ?? "");
  if (!amount.ok) return reject("amount_invalid", amount.error);
  const marginText = cell(columns.margin);
  let margin: number | undefined;
  if (marginText) {
    const parsed = parseAmountText(marginText);
    if (!parsed.ok) return reject("margin_invalid", `毛利：${parsed.error}`);
    margin = parsed.value;
  }
  const accountName = cell(columns.customerName) || undefined;
  return {
    ok: true,
    value: { orderId, accountCode, accountName, date: date.value, amount: amount.value, margin },
  };
}
