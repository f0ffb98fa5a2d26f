import { isIsoDate } from "../domain/dates.ts";
import type { IsoDate } from "../domain/types.ts";
import type { CsvTable } from "./csv.ts";
import type { YearLastOrder } from "./date-text.ts";
import { type ColumnMapping, type Outcome, resolveColumns } from "./mapping.ts";
import {
  chooseDateOrder,
  type LineContext,
  type OrderLine,
  type RejectCode,
  type Rejection,
  readOrderLine,
} from "./order-line.ts";

export type { RejectCode } from "./order-line.ts";

export type ImportedOrder = {
  orderId: string;
  accountCode: string;
  /** The customer name on the order's first line, when the file has a name column. */
  accountName?: string;
  date: IsoDate;
  amount: number;
  /** Sum of the lines' margins; absent when any line had none. */
  margin?: number;
  /** How many file lines were merged into this order. */
  lines: number;
};

export type ImportedAccount = { code: string; name: string };

export type RejectedLine = { line: number; code: RejectCode; reason: string; orderId?: string };

export type OrderImportStats = {
  /** Data records read (header excluded). */
  lines: number;
  acceptedLines: number;
  rejectedLines: number;
  orders: number;
  accounts: number;
  totalAmount: number;
  totalMargin: number;
  firstDate?: IsoDate;
  lastDate?: IsoDate;
  /** Customers whose name differs between lines; the first name seen is kept. */
  nameConflicts: number;
  dateFormat: { option: ColumnMapping["dateFormat"]; used?: YearLastOrder; note: string };
};

export type OrderImportPlan = {
  orders: ImportedOrder[];
  accounts: ImportedAccount[];
  rejected: RejectedLine[];
  stats: OrderImportStats;
};

/**
 * Turns ERP order lines into orders. Lines sharing an Order ID are merged
 * into one order (amounts and margins summed, `lines` counted); the first
 * accepted line fixes the order's customer and date, and a later line that
 * names another customer or date is rejected rather than merged. Output keeps
 * file order (orders and accounts by first appearance), so it is deterministic.
 * A problem with the file as a whole (unknown column, ambiguous dates) fails
 * the plan; a problem with one line rejects that line only.
 */
export function planOrderImport(
  table: CsvTable,
  mapping: ColumnMapping,
  options: { today: IsoDate },
): Outcome<OrderImportPlan> {
  if (!isIsoDate(options.today)) {
    return { ok: false, error: `today 应为 yyyy-mm-dd / today must be yyyy-mm-dd` };
  }
  const columns = resolveColumns(mapping, table.headers);
  if (!columns.ok) return columns;
  const dateFormat = chooseDateOrder(table.rows, columns.value.date, mapping.dateFormat);
  if (!dateFormat.ok) return dateFormat;

  const context: LineContext = {
    columns: columns.value,
    needed: Math.max(...Object.values(columns.value)) + 1,
    order: dateFormat.value.used,
    option: mapping.dateFormat,
    today: options.today,
  };

  const orders = new Map<string, ImportedOrder & { firstLine: number }>();
  const accounts = new Map<string, ImportedAccount & { named: boolean }>();
  const rejected: RejectedLine[] = [];
  let nameConflicts = 0;
  for (const record of table.rows) {
    const read = readOrderLine(record, context);
    if (!read.ok) {
      rejected.push({ line: record.line, ...read.rejection });
      continue;
    }
    const line = read.value;
    const order = orders.get(line.orderId);
    if (order) {
      const conflict = conflictWith(order, line);
      if (conflict) {
        rejected.push({ line: record.line, orderId: line.orderId, ...conflict });
        continue;
      }
      order.amount += line.amount;
      order.margin =
        order.margin === undefined || line.margin === undefined ? undefined : order.margin + line.margin;
      order.lines += 1;
    } else {
      const { margin, accountName, ...rest } = line;
      orders.set(line.orderId, {
        ...rest,
        ...(accountName ? { accountName } : {}),
        ...(margin === undefined ? {} : { margin }),
        lines: 1,
        firstLine: record.line,
      });
    }
    const account = accounts.get(line.accountCode);
    if (!account) {
      accounts.set(line.accountCode, {
        code: line.accountCode,
        name: line.accountName ?? line.accountCode,
        named: !!line.accountName,
      });
    } else if (line.accountName && !account.named) {
      Object.assign(account, { name: line.accountName, named: true });
    } else if (line.accountName && account.name !== line.accountName) nameConflicts++;
  }

  const orderList = [...orders.values()].map(({ firstLine: _, ...o }) => o);
  const dates = orderList.map((o) => o.date).sort();
  return {
    ok: true,
    value: {
      orders: orderList,
      accounts: [...accounts.values()].map(({ code, name }) => ({ code, name })),
      rejected,
      stats: {
        lines: table.rows.length,
        acceptedLines: table.rows.length - rejected.length,
        rejectedLines: rejected.length,
        orders: orderList.length,
        accounts: accounts.size,
        totalAmount: orderList.reduce((s, o) => s + o.amount, 0),
        totalMargin: orderList.reduce((s, o) => s + (o.margin ?? 0), 0),
        ...(dates.length ? { firstDate: dates[0], lastDate: dates.at(-1) } : {}),
        nameConflicts,
        dateFormat: {
          option: mapping.dateFormat,
          ...(dateFormat.value.used ? { used: dateFormat.value.used } : {}),
          note: dateFormat.value.note,
        },
      },
    },
  };
}

function conflictWith(order: ImportedOrder & { firstLine: number }, line: OrderLine): Rejection | undefined {
  if (order.accountCode !== line.accountCode) {
    return {
      code: "customer_conflict",
      reason:
        `订单 ${order.orderId} 在第 ${order.firstLine} 行属于客户 ${order.accountCode}，此行却是 ${line.accountCode} / ` +
        `order ${order.orderId} belongs to ${order.accountCode} (line ${order.firstLine}), this line says ${line.accountCode}`,
    };
  }
  if (order.date !== line.date) {
    return {
      code: "date_conflict",
      reason:
        `订单 ${order.orderId} 在第 ${order.firstLine} 行的日期是 ${order.date}，此行却是 ${line.date} / ` +
        `order ${order.orderId} is dated ${order.date} (line ${order.firstLine}), this line says ${line.date}`,
    };
  }
  return undefined;
}
