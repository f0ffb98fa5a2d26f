import { describe, expect, it } from "vitest";
import { parseMapping, resolveColumns } from "../../src/import/mapping.ts";

describe("parseMapping", () => {
  it("reads the --map syntax, trimming spaces, dateFormat defaulting to auto", () => {
    expect(
      parseMapping(" customerId = Customer ID , orderId=Order ID,date=Order Date,amount=Sales "),
    ).toEqual({
      ok: true,
      value: {
        customerId: "Customer ID",
        orderId: "Order ID",
        date: "Order Date",
        amount: "Sales",
        dateFormat: "auto",
      },
    });
  });

  it("takes the optional name, margin and dateFormat", () => {
    const r = parseMapping("customerId=a,orderId=b,date=c,amount=d,customerName=e,margin=f,dateFormat=dmy");
    expect(r).toMatchObject({ ok: true, value: { customerName: "e", margin: "f", dateFormat: "dmy" } });
  });

  it("names every missing required key", () => {
    const r = parseMapping("customerId=a,date=c");
    expect(!r.ok && r.error).toMatch(/缺少必填映射 orderId.*missing required mapping amount/);
  });

  it("refuses unknown keys, listing the known ones", () => {
    const r = parseMapping("customerId=a,orderId=b,date=c,amount=d,sales=e");
    expect(!r.ok && r.error).toMatch(/unknown mapping key sales \(known: customerId, orderId/);
  });

  it("refuses an unknown dateFormat, an item without '=' and a key given twice", () => {
    expect(parseMapping("customerId=a,orderId=b,date=c,amount=d,dateFormat=us")).toMatchObject({ ok: false });
    expect(parseMapping("customerId=a,orderId")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no "="/),
    });
    expect(parseMapping("customerId=a,customerId=b")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/twice/),
    });
  });
});

describe("resolveColumns", () => {
  const mapping = {
    customerId: "Customer ID",
    orderId: "Order ID",
    date: "Order Date",
    amount: "Sales",
    dateFormat: "auto" as const,
  };

  it("finds each column's index, falling back to a case-insensitive match", () => {
    const r = resolveColumns(mapping, ["order id", "Customer ID", "Order Date", "SALES"]);
    expect(r).toEqual({ ok: true, value: { customerId: 1, orderId: 0, date: 2, amount: 3 } });
  });

  it("says which columns are missing and which headers the file has", () => {
    const r = resolveColumns({ ...mapping, amount: "Amount" }, [
      "Customer ID",
      "Order ID",
      "Order Date",
      "Sales",
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/找不到列 amount=Amount/);
    expect(!r.ok && r.error).toMatch(/available headers: “Customer ID”, “Order ID”, “Order Date”, “Sales”/);
  });
});
