import { daysInMonth, isoFromParts, isoOf } from "../domain/dates.ts";
import type { IsoDate } from "../domain/types.ts";
import type { Outcome } from "./mapping.ts";

/** How to read day-month-year dates whose year comes last (12/30/2017 vs 30/12/2017). */
export type YearLastOrder = "mdy" | "dmy";

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const EXCEL_SERIAL = /^\d{1,7}(\.\d+)?$/;
const TIME_SUFFIX = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*[AP]M)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Excel serial n is 1899-12-30 + n days from serial 61 on (Lotus's phantom
 * 1900-02-29 shifts the earlier ones). Serials below 18264 (1950-01-01) are
 * refused: in an order file a small bare number is far likelier a mistake.
 */
const EXCEL_EPOCH_DAY = -25_569;
const EXCEL_MIN_SERIAL = 18_264;
const EXCEL_MAX_SERIAL = 2_958_465;

function checked(year: number, month: number, day: number, text: string): Outcome<IsoDate> {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `日期“${text}”不存在 / "${text}" is not a real date` };
  }
  return { ok: true, value: isoFromParts(year, month, day) };
}

/**
 * Reads 2017-12-30, 2017/12/30, 2017.12.30, 20171230, 2017年12月30日, Excel
 * serials (43099) and, given `order`, 12/30/2017 or 30/12/2017. A trailing
 * time of day is ignored.
 */
export function parseDateText(raw: string, order: YearLastOrder | undefined): Outcome<IsoDate> {
  const text = raw.trim().replace(TIME_SUFFIX, "");
  if (text === "") return { ok: false, error: "日期为空 / date is empty" };
  const ymd = YEAR_FIRST.exec(text) ?? CHINESE.exec(text) ?? COMPACT.exec(text);
  if (ymd) return checked(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), raw.trim());
  const last = YEAR_LAST.exec(text);
  if (last) {
    if (!order) {
      return {
        ok: false,
        error:
          `日期“${text}”要按月/日还是日/月解析无法确定，请指定 dateFormat / ` +
          `"${text}" needs dateFormat=mdy or dmy (or auto on a file that settles it)`,
      };
    }
    const [a, b] = [Number(last[1]), Number(last[2])];
    return order === "mdy" ? checked(Number(last[3]), a, b, text) : checked(Number(last[3]), b, a, text);
  }
  if (EXCEL_SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < EXCEL_MIN_SERIAL || serial > EXCEL_MAX_SERIAL) {
      return {
        ok: false,
        error: `Excel 日期序号 ${text} 超出范围（1950 年至 9999 年） / Excel date serial ${text} is outside 1950–9999`,
      };
    }
    return { ok: true, value: isoOf(EXCEL_EPOCH_DAY + serial) };
  }
  return { ok: false, error: `无法识别的日期“${raw.trim()}” / unrecognised date "${raw.trim()}"` };
}

export type DateOrderDetection =
  | { ok: true; order?: YearLastOrder; note: string }
  | { ok: false; error: string };

/**
 * Settles M/D vs D/M for a whole column: a first part above 12 means D/M, a
 * second part above 12 means M/D. A column that shows neither, or both, is
 * ambiguous and needs an explicit dateFormat.
 */
export function detectYearLastOrder(cells: Iterable<{ line: number; text: string }>): DateOrderDetection {
  let dayFirst: { line: number; text: string } | undefined;
  let monthFirst: { line: number; text: string } | undefined;
  let sample: { line: number; text: string } | undefined;
  for (const cell of cells) {
    const m = YEAR_LAST.exec(cell.text.trim().replace(TIME_SUFFIX, ""));
    if (!m) continue;
    sample ??= cell;
    if (!dayFirst && Number(m[1]) > 12) dayFirst = cell;
    if (!monthFirst && Number(m[2]) > 12) monthFirst = cell;
  }
  if (!sample)
    return { ok: true, note: "日期均为年份在前或 Excel 序号 / all dates are year-first or Excel serials" };
  if (dayFirst && monthFirst) {
    return {
      ok: false,
      error:
        `日期列同时有日/月（第 ${dayFirst.line} 行“${dayFirst.text}”）和月/日（第 ${monthFirst.line} 行“${monthFirst.text}”）写法，请指定 dateFormat / ` +
        `the date column mixes D/M (line ${dayFirst.line}: "${dayFirst.text}") and M/D (line ${monthFirst.line}: "${monthFirst.text}"); set dateFormat`,
    };
  }
  if (dayFirst) {
    return {
      ok: true,
      order: "dmy",
      note: `第 ${dayFirst.line} 行“${dayFirst.text}”首位大于 12，按日/月/年读取 / line ${dayFirst.line} "${dayFirst.text}" starts above 12: read as D/M/Y`,
    };
  }
  if (monthFirst) {
    return {
      ok: true,
      order: "mdy",
      note: `第 ${monthFirst.line} 行“${monthFirst.text}”第二位大于 12，按月/日/年读取 / line ${monthFirst.line} "${monthFirst.text}" has a middle part above 12: read as M/D/Y`,
    };
  }
  return {
    ok: false,
    error:
      `日期列无法判断是月/日还是日/月（如第 ${sample.line} 行“${sample.text}”），请指定 dateFormat=mdy 或 dmy / ` +
      `the date column is ambiguous between M/D and D/M (e.g. line ${sample.line}: "${sample.text}"); set dateFormat=mdy or dmy`,
  };
}
