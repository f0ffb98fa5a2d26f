import type { OrderRows } from "../../domain/order-stats.ts";
import type { Order } from "../../domain/types.ts";

/**
 * A million orders as columns: about 50 bytes an order (the id string, two shared strings, two
 * unboxed numbers) instead of about 150 as objects. The engine asks for one order at a time
 * (`OrderRows.at`) and the object it gets is garbage as soon as it has been counted.
 */
export type OrderColumns = OrderRows & { push(order: Order): void };

export function createOrderColumns(): OrderColumns {
  const ids: string[] = [];
  const accountIds: string[] = [];
  const dates: string[] = [];
  const amounts: number[] = [];
  const margins: number[] = [];
  // 1 = the order has a margin (possibly NaN: unreadable), 0 = none was given.
  const hasMargin: number[] = [];
  return {
    get length() {
      return ids.length;
    },
    push(order) {
      ids.push(order.id);
      accountIds.push(order.accountId);
      dates.push(order.date);
      amounts.push(order.amount);
      margins.push(order.margin ?? 0);
      hasMargin.push(order.margin === undefined ? 0 : 1);
    },
    at(i) {
      if (!(i >= 0 && i < ids.length)) return undefined;
      return {
        id: ids[i]!,
        accountId: accountIds[i]!,
        date: dates[i]!,
        amount: amounts[i]!,
        margin: hasMargin[i] ? margins[i] : undefined,
      };
    },
  };
}
