import { describe, expect, it } from "vitest";
import { checkAccount, checkOrder } from "../../src/domain/validate.ts";
import { anAccount, anOrder, NOW } from "./factories.ts";

const context = { now: NOW, knownAccountIds: new Set(["C1"]) };
const orderCodes = (order: Parameters<typeof checkOrder>[0]) => checkOrder(order, context).map((p) => p.code);

describe("checkOrder", () => {
  it("accepts a plain order", () => {
    expect(checkOrder(anOrder("C1", "2026-11-25", 10, { margin: 2 }), context)).toEqual([]);
  });

  it("reports an order for an account that does not exist", () => {
    const [problem] = checkOrder(anOrder("C404", "2026-11-01", 10), context);
    expect(problem).toMatchObject({ code: "order_account_unknown", table: "orders", field: "accountCode" });
    expect(problem!.message).toContain("客户编号不存在");
  });

  it("reports an order dated after today", () => {
    expect(orderCodes(anOrder("C1", "2026-11-26", 10))).toEqual(["order_future"]);
  });

  it("reports an unreadable date", () => {
    expect(orderCodes(anOrder("C1", "2026-02-30", 10))).toEqual(["order_date_invalid"]);
  });

  it("reports an amount that is not a number, and a negative one", () => {
    expect(orderCodes(anOrder("C1", "2026-11-01", Number.NaN))).toEqual(["amount_invalid"]);
    expect(orderCodes(anOrder("C1", "2026-11-01", "12" as unknown as number))).toEqual(["amount_invalid"]);
    expect(orderCodes(anOrder("C1", "2026-11-01", -1))).toEqual(["amount_negative"]);
  });

  it("reports a margin that is not a number", () => {
    expect(orderCodes(anOrder("C1", "2026-11-01", 5, { margin: Number.NaN }))).toEqual(["margin_invalid"]);
  });

  it("names the order row in Chinese first", () => {
    const [problem] = checkOrder({ ...anOrder("C1", "2026-11-01", Number.NaN), id: "recO1" }, context);
    expect(problem).toMatchObject({ rowId: "recO1", accountId: "C1", field: "amount" });
    expect(problem!.message).toBe("订单 recO1：金额不是数字 / order recO1: amount is not a number");
  });
});

describe("checkAccount", () => {
  it("accepts a complete account", () => {
    expect(
      checkAccount(anAccount("C1", { since: "2020-01-01", strategicFit: 3, potential: 5 }), context),
    ).toEqual([]);
  });

  it("reports a missing owner", () => {
    const [problem] = checkAccount(anAccount("C1", { ownerId: undefined }), context);
    expect(problem).toMatchObject({ code: "owner_missing", accountId: "C1", field: "owner" });
    expect(problem!.message).toBe("客户 C1：未设置负责人 / account C1: no account manager (owner) set");
  });

  it("reports ratings outside 1–5 and a start date in the future", () => {
    const problems = checkAccount(
      anAccount("C1", { strategicFit: 7, potential: 0, since: "2027-01-01" }),
      context,
    );
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["since_invalid", "since"],
      ["rating_invalid", "strategicFit"],
      ["rating_invalid", "potential"],
    ]);
  });

  it("reports a missing account code", () => {
    expect(checkAccount(anAccount(""), context).map((p) => p.code)).toEqual(["account_id_missing"]);
  });
});
