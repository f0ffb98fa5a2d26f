import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRecords, csvRecordsFromStream, csvTable, parseCsv } from "../../src/import/csv.ts";

function fieldsOf(text: string): string[][] {
  return parseCsv(text).map((r) => r.fields);
}

/** Writes a table the way RFC 4180 says, quoting every field that needs it. */
function writeCsv(rows: string[][], eol: string): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replaceAll('"', '""')}"` : f);
  return rows.map((r) => r.map(quote).join(",")).join(eol) + eol;
}

describe("parseCsv", () => {
  it("reads plain fields separated by commas", () => {
    expect(fieldsOf("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads quoted fields holding commas, doubled quotes and newlines", () => {
    expect(fieldsOf('name,note\n"Hon Chairs, Rounded","27"" Monitor"\n"two\nlines","x"\n')).toEqual([
      ["name", "note"],
      ["Hon Chairs, Rounded", '27" Monitor'],
      ["two\nlines", "x"],
    ]);
  });

  it("gives each record the line it starts on, counting newlines inside quotes", () => {
    const records = parseCsv('h1,h2\n"a\nb\nc",1\nnext,2\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("accepts CRLF, LF and lone CR line ends alike", () => {
    expect(fieldsOf("a,b\r\n1,2\r\n")).toEqual(fieldsOf("a,b\n1,2\n"));
    expect(fieldsOf("a,b\r1,2\r")).toEqual(fieldsOf("a,b\n1,2\n"));
    expect(parseCsv("a\r\nb\r\nc").map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("keeps CRLF inside a quoted field as data", () => {
    expect(fieldsOf('"x\r\ny",z\r\n')).toEqual([["x\r\ny", "z"]]);
  });

  it("drops a leading byte order mark", () => {
    expect(csvTable(parseCsv("\uFEFFCustomer ID,Sales\nC1,3\n")).headers).toEqual(["Customer ID", "Sales"]);
  });

  it("skips blank lines but keeps counting them", () => {
    expect(parseCsv("a\n\n\nb\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["b"] },
    ]);
  });

  it("reads a last record without a trailing newline, and empty fields", () => {
    expect(fieldsOf("a,,c\n,,")).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });

  it("flags a quote left open at the end of the file", () => {
    const [, last] = parseCsv('a,b\n1,"oops\n2,3\n');
    expect(last?.line).toBe(2);
    expect(last?.problem).toMatch(/引号.*unterminated quote/);
  });

  it("keeps stray quotes inside an unquoted field as text", () => {
    expect(fieldsOf('5" pipe,x\n')).toEqual([['5" pipe', "x"]]);
  });

  it("reads back any table written per RFC 4180, whatever the line end", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "汉", ",", '"', "\n", "\r", " ", "1") });
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }),
      );
    fc.assert(
      fc.property(table, fc.constantFrom("\n", "\r\n"), (rows, eol) => {
        expect(fieldsOf(writeCsv(rows, eol))).toEqual(rows);
      }),
    );
  });

  it("gives the same records however the text is cut into chunks", () => {
    const text = '\uFEFFid,"note"\r\n1,"a ""b""\r\nc"\r\n2,plain\r\n\r\n3,"x,y"';
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
        expect([...csvRecords(chunks)]).toEqual(parseCsv(text));
      }),
    );
  });
});

describe("csvTable", () => {
  it("takes the first record as trimmed headers and the rest as rows", () => {
    const table = csvTable(parseCsv(" Order ID ,Sales\nA-1,3\n"));
    expect(table.headers).toEqual(["Order ID", "Sales"]);
    expect(table.rows).toEqual([{ line: 2, fields: ["A-1", "3"] }]);
  });

  it("copes with an empty file", () => {
    expect(csvTable(parseCsv(""))).toEqual({ headers: [], rows: [] });
  });
});

describe("csvRecordsFromStream", () => {
  it("reads a file stream chunk by chunk", async () => {
    const { createReadStream } = await import("node:fs");
    const url = new URL("../../../shared/data/superstore-orders.csv", import.meta.url);
    const records = [];
    for await (const record of csvRecordsFromStream(
      createReadStream(url, { encoding: "utf8", highWaterMark: 4096 }),
    )) {
      records.push(record);
    }
    expect(records).toHaveLength(9_995);
    expect(records.at(-1)).toMatchObject({ line: 9_995, fields: expect.arrayContaining(["CA-2017-119914"]) });
  });
});
