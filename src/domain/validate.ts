import { dayOf } from "./dates.ts";
import type { Account, Order, Problem, ProblemCode } from "./types.ts";

/**
 * Row checks for the sync job. An order with any problem is skipped by the
 * engine; an account problem only disables what it breaks (no owner: no
 * per-manager spreading; bad rating: counted as missing in the score). Override
 * problems are reported by tiering, which is where a pin is read.
 * Table and field names are the stable keys of bitable-templates/base.json.
 */

export type OrderDefect = Extract<
  ProblemCode,
  "order_account_unknown" | "order_date_invalid" | "order_future" | "amount_invalid" | "amount_negative"
>;

/** The first rule an order breaks, without allocating: the engine runs this per order. */
export function orderDefect(
  order: Order,
  nowDay: number,
  known: (accountId: string) => boolean,
): OrderDefect | undefined {
  if (!known(order.accountId)) return "order_account_unknown";
  return orderValueDefect(order, dayOf(order.date), nowDay);
}

/** `orderDefect` for an order whose account is known and whose date is already read (`dayOf`). */
export function orderValueDefect(order: Order, day: number, nowDay: number): OrderDefect | undefined {
  if (Number.isNaN(day)) return "order_date_invalid";
  if (day > nowDay) return "order_future";
  const amount = order.amount;
  if (typeof amount !== "number" || !Number.isFinite(amount)) return "amount_invalid";
  if (amount < 0) return "amount_negative";
  return undefined;
}

const ORDER_WORDS: Record<OrderDefect, { field: string; zh: string; en: string }> = {
  order_account_unknown: { field: "accountCode", zh: "客户编号不存在", en: "refers to an unknown account" },
  order_date_invalid: { field: "date", zh: "下单日期无效", en: "order date is not a valid yyyy-mm-dd day" },
  order_future: { field: "date", zh: "下单日期晚于今天", en: "order is dated in the future" },
  amount_invalid: { field: "amount", zh: "金额不是数字", en: "amount is not a number" },
  amount_negative: { field: "amount", zh: "金额为负数", en: "amount is negative" },
};

export function orderProblem(order: Order, code: OrderDefect | "margin_invalid"): Problem {
  const words =
    code === "margin_invalid"
      ? { field: "margin", zh: "毛利不是数字，已忽略", en: "margin is not a number, ignored" }
      : ORDER_WORDS[code];
  const shown = code === "order_account_unknown" ? `“${order.accountId}”` : "";
  return {
    accountId: order.accountId,
    rowId: order.id,
    table: "orders",
    field: words.field,
    code,
    message: `订单 ${order.id}：${words.zh}${shown} / order ${order.id}: ${words.en} ${shown}`.trimEnd(),
  };
}

export function marginIsBroken(order: Order): boolean {
  return order.margin !== undefined && (typeof order.margin !== "number" || !Number.isFinite(order.margin));
}

export function checkOrder(
  order: Order,
  context: { now: string; knownAccountIds: ReadonlySet<string> },
): Problem[] {
  const defect = orderDefect(order, dayOf(context.now), (id) => context.knownAccountIds.has(id));
  const problems = defect ? [orderProblem(order, defect)] : [];
  if (marginIsBroken(order)) problems.push(orderProblem(order, "margin_invalid"));
  return problems;
}

const RATING_FIELDS = ["strategicFit", "potential"] as const;

function isRating(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}

function accountProblem(account: Account, code: ProblemCode, field: string, zh: string, en: string): Problem {
  const id = typeof account.id === "string" ? account.id.trim() : "";
  const shown = id || account.name || "?";
  return {
    accountId: id || undefined,
    rowId: account.recordId,
    table: "accounts",
    field,
    code,
    message: `客户 ${shown}：${zh} / account ${shown}: ${en}`,
  };
}

/**
 * Problems with an account row. The engine runs this per account: no closures
 * inside, as tsx (esbuild keepNames) makes each one cost a defineProperty.
 */
export function checkAccount(account: Account, context: { now: string }): Problem[] {
  const problems: Problem[] = [];
  if (typeof account.id !== "string" || !account.id.trim()) {
    problems.push(
      accountProblem(account, "account_id_missing", "code", "缺少客户编号", "account code is missing"),
    );
  }
  if (!account.ownerId) {
    problems.push(
      accountProblem(account, "owner_missing", "owner", "未设置负责人", "no account manager (owner) set"),
    );
  }
  if (account.since !== undefined) {
    const since = dayOf(account.since);
    if (Number.isNaN(since)) {
      const p = accountProblem(
        account,
        "since_invalid",
        "since",
        "合作开始日期无效",
        "cooperation start is not a valid date",
      );
      problems.push(p);
    } else if (since > dayOf(context.now)) {
      const p = accountProblem(
        account,
        "since_invalid",
        "since",
        "合作开始日期晚于今天",
        "cooperation starts in the future",
      );
      problems.push(p);
    }
  }
  for (const field of RATING_FIELDS) {
    const value = account[field];
    if (value !== undefined && !isRating(value)) {
      const zh = field === "potential" ? "潜力评估" : "战略匹配";
      problems.push(
        accountProblem(
          account,
          "rating_invalid",
          field,
          `${zh}应为 1–5 的整数`,
          `${field} must be a whole number 1–5`,
        ),
      );
    }
  }
  return problems;
}
