/**
 * RFC 4180 CSV, read leniently: quoted fields with "" escapes and embedded
 * commas and newlines; CRLF, LF or lone CR line ends; a leading BOM dropped;
 * a stray quote inside an unquoted field kept as text. Input may come in
 * chunks (state carries across chunk edges), so a file stream works too:
 * `csvRecordsFromStream(createReadStream(path, "utf8"))`.
 */

export type CsvRecord = {
  /** 1-based line of the file where this record starts (quoted newlines push later records down). */
  line: number;
  fields: string[];
  /** Set when the file ended inside a quoted field; the record holds what was read. */
  problem?: string;
};

export type CsvTable = { headers: string[]; rows: CsvRecord[] };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

type State = "fieldStart" | "unquoted" | "quoted" | "closedQuote";

export type CsvReader = {
  /** Records completed by this chunk. */
  push(chunk: string): CsvRecord[];
  /** The last record, if the text did not end with a line break. */
  end(): CsvRecord[];
};

/** A push parser: feed it chunks in order (a file stream's, say); blank lines are skipped. */
export function createCsvReader(): CsvReader {
  let state: State = "fieldStart";
  let field = "";
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let prevCr = false;
  let first = true;
  // A line holding only "" is a record with one empty field; a truly empty line is not a record.
  let quotedInRecord = false;

  const finishRecord = (out: CsvRecord[]) => {
    fields.push(field);
    if (quotedInRecord || !(fields.length === 1 && fields[0] === "")) out.push({ line: recordLine, fields });
    field = "";
    fields = [];
    quotedInRecord = false;
    state = "fieldStart";
  };

  const push = (chunk: string): CsvRecord[] => {
    const out: CsvRecord[] = [];
    let i = 0;
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
      first = false;
    }
    // Plain text is copied in runs (slice) rather than per character.
    let runStart = -1;
    const flush = (end: number) => {
      if (runStart >= 0) field += chunk.slice(runStart, end);
      runStart = -1;
    };
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      const afterCr = prevCr;
      prevCr = c === CR;
      if (c === CR || (c === LF && !afterCr)) line++;

      if (state === "quoted") {
        if (c === QUOTE) {
          flush(i);
          state = "closedQuote";
        } else if (runStart < 0) runStart = i;
        continue;
      }
      if (state === "closedQuote" && c === QUOTE) {
        field += '"';
        state = "quoted";
        continue;
      }
      if (c === COMMA) {
        flush(i);
        fields.push(field);
        field = "";
        state = "fieldStart";
      } else if (c === CR || c === LF) {
        flush(i);
        if (c === LF && afterCr) continue;
        finishRecord(out);
        recordLine = line;
      } else if (c === QUOTE && state === "fieldStart") {
        state = "quoted";
        quotedInRecord = true;
      } else {
        if (runStart < 0) runStart = i;
        state = "unquoted";
      }
    }
    flush(chunk.length);
    return out;
  };

  const end = (): CsvRecord[] => {
    if (state !== "quoted") {
      const out: CsvRecord[] = [];
      finishRecord(out);
      return out;
    }
    fields.push(field);
    const problem = `第 ${recordLine} 行开始的引号没有闭合 / unterminated quote starting on line ${recordLine}`;
    return [{ line: recordLine, fields, problem }];
  };

  return { push, end };
}

export function* csvRecords(chunks: Iterable<string>): Generator<CsvRecord> {
  const reader = createCsvReader();
  for (const chunk of chunks) yield* reader.push(chunk);
  yield* reader.end();
}

export async function* csvRecordsFromStream(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const reader = createCsvReader();
  for await (const chunk of chunks) yield* reader.push(chunk);
  yield* reader.end();
}

/** Every record of a CSV text, header included. */
export function parseCsv(text: string): CsvRecord[] {
  return [...csvRecords([text])];
}

/** The first record as (trimmed) headers, the rest as rows. */
export function csvTable(records: Iterable<CsvRecord>): CsvTable {
  const all = [...records];
  const [head, ...rows] = all;
  return { headers: (head?.fields ?? []).map((h) => h.trim()), rows };
}
