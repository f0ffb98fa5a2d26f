import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeRecord,
  decodeValue,
  encodeFields,
  encodeValue,
  FieldEncodeError,
  type FieldRef,
} from "../../src/feishu/codecs.ts";
import { startOfDayIn } from "../../src/feishu/zoned-dates.ts";

const field = (type: number, key = "k", name = "字段"): FieldRef => ({ key, name, type });
const read = (type: number, raw: unknown) => decodeValue(type, raw);
const value = (type: number, raw: unknown) => {
  const d = read(type, raw);
  if (!d.ok) throw new Error(d.message);
  return d.value;
};
const write = (type: number, v: unknown) => encodeValue(field(type), v);

// 2024-03-01 00:00 in Shanghai.
const MARCH_1 = Date.UTC(2024, 1, 29, 16);

describe("text (1)", () => {
  it("reads a plain string", () => expect(value(1, "你好")).toBe("你好"));
  it("joins text, mention and url segments", () =>
    expect(
      value(1, [
        { type: "text", text: "见 " },
        { type: "mention", text: "@张三", token: "ou_1" },
        { type: "url", text: "文档", link: "https://x" },
      ]),
    ).toBe("见 @张三文档"));
  it("reads an empty cell as null", () => expect(value(1, undefined)).toBeNull());
  it("turns an unreadable object into a problem", () => expect(read(1, { weird: true }).ok).toBe(false));
  it("writes a string", () => expect(write(1, "abc")).toBe("abc"));
  it("refuses to write a number", () => expect(() => write(1, 3)).toThrow(FieldEncodeError));
});

describe("number (2)", () => {
  it("reads a number", () => expect(value(2, 12.5)).toBe(12.5));
  it("reads a numeric string", () => expect(value(2, " 42 ")).toBe(42));
  it("reads digits typed as text segments", () => expect(value(2, [{ type: "text", text: "7" }])).toBe(7));
  it("makes text in a number field a problem", () => {
    const d = read(2, "about ten");
    expect(d).toEqual({ ok: false, message: expect.stringContaining("不是数字") });
  });
  it("writes a finite number", () => expect(write(2, 3)).toBe(3));
  it("refuses NaN", () => expect(() => write(2, Number.NaN)).toThrow(FieldEncodeError));
});

describe("selects (3, 4)", () => {
  it("reads a single option", () => expect(value(3, "A")).toBe("A"));
  it("reads a one-element list as a single option", () => expect(value(3, ["A"])).toBe("A"));
  it("makes several options in a single select a problem", () => expect(read(3, ["A", "B"]).ok).toBe(false));
  it("reads multi select as a list", () => expect(value(4, ["制造", "零售"])).toEqual(["制造", "零售"]));
  it("reads an empty multi select as []", () => expect(value(4, undefined)).toEqual([]));
  it("writes a list of options", () => expect(write(4, ["a"])).toEqual(["a"]));
});

describe("date (5)", () => {
  it("reads ms as the calendar day in Shanghai", () => expect(value(5, MARCH_1)).toBe("2024-03-01"));
  it("reads ms given as a string", () => expect(value(5, String(MARCH_1 + 3_600_000))).toBe("2024-03-01"));
  it("keeps a late-evening UTC instant on the next Shanghai day", () =>
    expect(value(5, Date.UTC(2024, 2, 1, 20))).toBe("2024-03-02"));
  it("makes a typed-in word a problem", () => expect(read(5, "next week").ok).toBe(false));
  it("writes a calendar day as Shanghai midnight", () => expect(write(5, "2024-03-01")).toBe(MARCH_1));
  it("writes ms unchanged", () => expect(write(5, MARCH_1)).toBe(MARCH_1));
  it("refuses an impossible day", () => expect(() => write(5, "2024-02-30")).toThrow(FieldEncodeError));
  it("honours another time zone", () =>
    expect(decodeValue(5, Date.UTC(2024, 2, 1, 20), { tz: "America/New_York" })).toEqual({
      ok: true,
      value: "2024-03-01",
    }));
});

describe("checkbox (7), phone (13), url (15)", () => {
  it("reads a boolean", () => expect(value(7, true)).toBe(true));
  it("reads an empty checkbox as false", () => expect(value(7, undefined)).toBe(false));
  it("makes a non-boolean a problem", () => expect(read(7, "yes").ok).toBe(false));
  it("reads a phone as a string", () => expect(value(13, "+8613800000000")).toBe("+8613800000000"));
  it("reads a url object", () =>
    expect(value(15, { link: "https://a", text: "A" })).toEqual({ link: "https://a", text: "A" }));
  it("reads a url segment", () =>
    expect(value(15, [{ type: "url", text: "A", link: "https://a" }])).toEqual({
      link: "https://a",
      text: "A",
    }));
  it("writes a url with its link as text when none is given", () =>
    expect(write(15, { link: "https://a" })).toEqual({ link: "https://a", text: "https://a" }));
});

describe("person (11)", () => {
  it("reads people as open_ids", () =>
    expect(value(11, [{ id: "ou_1", name: "张三", en_name: "Zhang", email: "z@x" }, { id: "ou_2" }])).toEqual(
      ["ou_1", "ou_2"],
    ));
  it("writes open_ids as [{id}]", () => expect(write(11, ["ou_1"])).toEqual([{ id: "ou_1" }]));
  it("writes a single open_id as a one-person list", () =>
    expect(write(11, "ou_1")).toEqual([{ id: "ou_1" }]));
});

describe("links (18, 21)", () => {
  it("reads {link_record_ids} (search, batch_get)", () =>
    expect(value(18, { link_record_ids: ["rec1", "rec2"] })).toEqual(["rec1", "rec2"]));
  it("reads the older [{record_ids, text_arr}] shape (list, get)", () =>
    expect(
      value(21, [{ record_ids: ["rec1"], table_id: "tbl", text: "A", text_arr: ["A"], type: "text" }]),
    ).toEqual(["rec1"]));
  it("reads a bare list of ids", () => expect(value(18, ["rec1"])).toEqual(["rec1"]));
  it("makes text-only link cells a problem", () => expect(read(18, [{ text_arr: ["A"] }]).ok).toBe(false));
  it("writes record ids", () => expect(write(18, ["rec1"])).toEqual(["rec1"]));
});

describe("computed fields (19, 20, 1001, 1002)", () => {
  it("reads a text formula", () =>
    expect(value(20, { type: 1, value: [{ type: "text", text: "✅ 正常" }] })).toBe("✅ 正常"));
  it("reads a number formula", () => expect(value(20, { type: 2, value: [3.5] })).toBe(3.5));
  it("reads a date lookup as a day", () =>
    expect(value(19, { type: 5, value: [MARCH_1] })).toBe("2024-03-01"));
  it("reads a multi-valued lookup as a list", () =>
    expect(value(19, { type: 2, value: [1, 2] })).toEqual(["1", "2"]));
  it("reads a plain formula value", () => expect(value(20, 9)).toBe(9));
  it("reads created and modified times as ms", () => expect(value(1002, MARCH_1)).toBe(MARCH_1));
  it.each([19, 20, 1001, 1002, 1005])("refuses to write type %i", (type) =>
    expect(() => write(type, "x")).toThrow(/read-only/),
  );
});

describe("records", () => {
  const template: FieldRef[] = [
    field(1, "name", "客户名称"),
    field(2, "score", "价值分"),
    field(5, "since", "合作开始"),
    field(11, "owner", "负责人"),
    field(18, "account", "客户"),
  ];

  it("decodes by key and turns a wrong type into a problem for that field only", () => {
    const { values, problems } = decodeRecord(template, {
      客户名称: [{ type: "text", text: "华为" }],
      价值分: "很高",
      合作开始: MARCH_1,
      负责人: [{ id: "ou_1", name: "张三" }],
    });
    expect(values).toEqual({ name: "华为", score: null, since: "2024-03-01", owner: ["ou_1"], account: [] });
    expect(problems).toEqual([{ field: "价值分", key: "score", message: expect.stringContaining("很高") }]);
  });

  it("encodes by key into fields by name, skipping undefined and clearing with null", () => {
    expect(
      encodeFields(template, {
        name: "华为",
        score: null,
        since: "2024-03-01",
        owner: ["ou_1"],
        account: undefined,
      }),
    ).toEqual({
      客户名称: "华为",
      价值分: null,
      合作开始: MARCH_1,
      负责人: [{ id: "ou_1" }],
    });
  });

  it("never throws while decoding, whatever the cells hold", () => {
    const types = [1, 2, 3, 4, 5, 7, 11, 13, 15, 17, 18, 19, 20, 21, 22, 23, 1001, 1002, 1003, 1004, 1005];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.anything({ withBigInt: true }), (type, raw) => {
        const { values, problems } = decodeRecord([field(type)], { 字段: raw });
        expect(problems.length === 0 || problems[0]!.key === "k").toBe(true);
        expect("k" in values).toBe(true);
      }),
    );
  });
});

describe("round trips: what we write, we read back", () => {
  const day = fc
    .date({
      min: new Date("1950-01-01T00:00:00Z"),
      max: new Date("2099-12-31T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const cases: [number, fc.Arbitrary<unknown>][] = [
    [1, fc.string({ minLength: 1 })],
    [2, fc.double({ noNaN: true, noDefaultInfinity: true })],
    [3, fc.string({ minLength: 1 })],
    [4, fc.array(fc.string({ minLength: 1 }))],
    [5, day],
    [7, fc.boolean()],
    [11, fc.array(fc.string({ minLength: 1 }).map((s) => `ou_${s}`))],
    [13, fc.stringMatching(/^\+?\d{1,20}$/)],
    [18, fc.array(fc.string({ minLength: 1 }).map((s) => `rec${s}`))],
  ];

  it.each(cases)("type %i", (type, arb) => {
    fc.assert(
      fc.property(arb, (v) => {
        // A person reads back as [{id, name…}]; a link as {link_record_ids}: the shapes Feishu answers.
        const written = write(type, v);
        const answered =
          type === 11
            ? written
            : type === 18
              ? { link_record_ids: written }
              : type === 1
                ? [{ type: "text", text: written }]
                : written;
        expect(value(type, answered)).toEqual(v);
      }),
    );
  });

  it("a date written in any zone reads back as the same day there", () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom("Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin"),
        (d, tz) => {
          expect(decodeValue(5, startOfDayIn(d, tz), { tz })).toEqual({ ok: true, value: d });
        },
      ),
    );
  });
});
