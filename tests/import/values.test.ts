import { describe, expect, it } from "vitest";
import { parseAmountText } from "../../src/import/amount-text.ts";
import { detectYearLastOrder, parseDateText } from "../../src/import/date-text.ts";

const date = (text: string, order?: "mdy" | "dmy") => {
  const r = parseDateText(text, order);
  return r.ok ? r.value : `error: ${r.error}`;
};
const amount = (text: string) => {
  const r = parseAmountText(text);
  return r.ok ? r.value : `error: ${r.error}`;
};

describe("parseDateText", () => {
  it("reads year-first dates with dashes, slashes or dots", () => {
    expect(date("2017-12-30")).toBe("2017-12-30");
    expect(date("2017/12/30")).toBe("2017-12-30");
    expect(date("2017.1.5")).toBe("2017-01-05");
  });

  it("reads compact and Chinese dates", () => {
    expect(date("20171230")).toBe("2017-12-30");
    expect(date("2017年12月30日")).toBe("2017-12-30");
    expect(date("2017年1月5日")).toBe("2017-01-05");
  });

  it("reads year-last dates in the order it is told", () => {
    expect(date("12/30/2017", "mdy")).toBe("2017-12-30");
    expect(date("30/12/2017", "dmy")).toBe("2017-12-30");
    expect(date("3/4/2017", "mdy")).toBe("2017-03-04");
    expect(date("3/4/2017", "dmy")).toBe("2017-04-03");
  });

  it("refuses a year-last date when nobody settled the order", () => {
    expect(date("3/4/2017")).toMatch(/dateFormat/);
  });

  it("reads Excel serial numbers, time of day ignored", () => {
    expect(date("43099")).toBe("2017-12-30");
    expect(date("43099.75")).toBe("2017-12-30");
    expect(date("18264")).toBe("1950-01-01");
    expect(date("42")).toMatch(/^error: Excel/);
  });

  it("ignores a trailing time of day", () => {
    expect(date("2017-12-30 14:05:00")).toBe("2017-12-30");
    expect(date("2017-12-30T14:05:00Z")).toBe("2017-12-30");
    expect(date("12/30/2017 2:05 PM", "mdy")).toBe("2017-12-30");
  });

  it("refuses days that do not exist and text that is not a date", () => {
    expect(date("2017-02-29")).toMatch(/不存在/);
    expect(date("2016-02-29")).toBe("2016-02-29");
    expect(date("12/30/2017", "dmy")).toMatch(/^error/);
    expect(date("下周一")).toMatch(/无法识别.*unrecognised/);
    expect(date(" ")).toMatch(/为空/);
  });
});

describe("detectYearLastOrder", () => {
  const cells = (...texts: string[]) => texts.map((text, i) => ({ line: i + 2, text }));

  it("settles on D/M/Y when a first part is above 12, naming the line", () => {
    const r = detectYearLastOrder(cells("1/2/2017", "30/12/2017"));
    expect(r).toMatchObject({ ok: true, order: "dmy" });
    expect(r.ok && r.note).toMatch(/第 3 行/);
  });

  it("settles on M/D/Y when a middle part is above 12", () => {
    expect(detectYearLastOrder(cells("1/2/2017", "12/30/2017"))).toMatchObject({ ok: true, order: "mdy" });
  });

  it("calls a column ambiguous when no part is above 12, with an example", () => {
    const r = detectYearLastOrder(cells("1/2/2017", "3/4/2017"));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/第 2 行“1\/2\/2017”.*ambiguous/);
  });

  it("calls a column that mixes both conventions out", () => {
    const r = detectYearLastOrder(cells("30/1/2017", "1/30/2017"));
    expect(!r.ok && r.error).toMatch(/mixes D\/M \(line 2.*M\/D \(line 3/);
  });

  it("needs no decision when every date is year-first", () => {
    const r = detectYearLastOrder(cells("2017-01-02", "20170304", "43099"));
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.order).toBeUndefined();
  });
});

describe("parseAmountText", () => {
  it("reads plain, grouped and signed numbers", () => {
    expect(amount("1234.5")).toBe(1234.5);
    expect(amount("1,234.50")).toBe(1234.5);
    expect(amount("1,234,567")).toBe(1234567);
    expect(amount("-3.2")).toBe(-3.2);
    expect(amount("+7")).toBe(7);
    expect(amount(".5")).toBe(0.5);
    expect(amount("1.5E+3")).toBe(1500);
  });

  it("drops currency signs and words", () => {
    expect(amount("¥1234.5")).toBe(1234.5);
    expect(amount("￥1,234.5")).toBe(1234.5);
    expect(amount("$ 99")).toBe(99);
    expect(amount("RMB 12")).toBe(12);
    expect(amount("300元")).toBe(300);
    expect(amount("-¥3.2")).toBe(-3.2);
    expect(amount("¥-3.2")).toBe(-3.2);
  });

  it("reads accounting and trailing-minus negatives", () => {
    expect(amount("(3.20)")).toBe(-3.2);
    expect(amount("(¥1,000)")).toBe(-1000);
    expect(amount("3.20-")).toBe(-3.2);
    expect(amount("-0")).toBe(0);
  });

  it("folds full-width digits", () => {
    expect(amount("１２３４．５")).toBe(1234.5);
  });

  it("refuses text, doubled signs and commas that do not group thousands", () => {
    for (const bad of ["abc", "一万二", "12,3OO.00", "12,34", "1.2.3", "(-3)", "--3", "3-4", "¥", "N/A"]) {
      expect(amount(bad), bad).toMatch(/不是金额.*is not an amount/);
    }
    expect(amount("")).toMatch(/金额为空/);
  });
});
