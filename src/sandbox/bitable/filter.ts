import { Codes, SandboxError } from "../envelope.ts";
import type { FieldDef, RecordRow, TableState } from "../state.ts";
import { cellIsEmpty, cellNumber, cellSet, cellText, kindOf } from "./cells.ts";
import { dateRange } from "./date-ranges.ts";
import { DATE_TYPES } from "./field-types.ts";
import { fieldByName } from "./lookup.ts";

/** records/search `filter`: {conjunction, conditions[], children[] (one level)}. */
type Condition = { field_name?: unknown; operator?: unknown; value?: unknown };
type Group = { conjunction?: unknown; conditions?: unknown; children?: unknown };

export type RowTest = (row: RecordRow) => boolean;

const OPERATORS = new Set([
  "is",
  "isNot",
  "contains",
  "doesNotContain",
  "isEmpty",
  "isNotEmpty",
  "isGreater",
  "isGreaterEqual",
  "isLess",
  "isLessEqual",
]);
const DATE_OPERATORS = new Set(["is", "isEmpty", "isNotEmpty", "isGreater", "isLess"]);

function invalid(msg: string): SandboxError {
  return new SandboxError(Codes.bitableInvalidFilter, `InvalidFilter: ${msg}`, 200);
}

export function compileFilter(table: TableState, filter: unknown, now: number): RowTest {
  if (filter === undefined || filter === null) return () => true;
  return compileGroup(table, filter, now, 0);
}

function compileGroup(table: TableState, raw: unknown, now: number, depth: number): RowTest {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid("filter must be an object");
  const group = raw as Group;
  if (group.conjunction !== "and" && group.conjunction !== "or")
    throw invalid(`conjunction must be "and" or "or"`);
  const conditions = group.conditions ?? [];
  const children = group.children ?? [];
  if (!Array.isArray(conditions) || conditions.length > 50)
    throw invalid("conditions: an array of at most 50");
  if (!Array.isArray(children)) throw invalid("children must be an array");
  if (depth > 0 && children.length) throw invalid("children nest one level only");
  const tests = [
    ...conditions.map((c) => compileCondition(table, c as Condition, now)),
    ...children.map((g) => compileGroup(table, g, now, depth + 1)),
  ];
  if (tests.length === 0) return () => true;
  return group.conjunction === "and"
    ? (row) => tests.every((t) => t(row))
    : (row) => tests.some((t) => t(row));
}

function compileCondition(table: TableState, cond: Condition, now: number): RowTest {
  const name = typeof cond.field_name === "string" ? cond.field_name : "";
  const field = fieldByName(table, name);
  if (!field) throw invalid(`field "${name}" not found`);
  const op = String(cond.operator);
  if (op === "like" || op === "in") throw invalid(`operator ${op} is not supported yet`);
  if (!OPERATORS.has(op)) throw invalid(`unknown operator ${op}`);
  if (!Array.isArray(cond.value) || cond.value.some((v) => typeof v !== "string")) {
    throw invalid(`condition on "${name}" needs value: an array of strings ([] for isEmpty/isNotEmpty)`);
  }
  const values = cond.value as string[];
  if (values.length > 10) throw invalid("value holds at most 10 items");
  if (op === "isEmpty") return (row) => cellIsEmpty(table, field, row);
  if (op === "isNotEmpty") return (row) => !cellIsEmpty(table, field, row);
  if (DATE_TYPES.has(field.type)) return compileDate(table, field, op, values, now);
  if (values.length === 0) return () => true;
  const kind = kindOf(field);
  if (kind === "computed") throw invalid(`formula and lookup fields ("${name}") cannot be filtered`);
  if (kind === "attachment") throw invalid(`attachment field "${name}" supports only isEmpty/isNotEmpty`);
  if (kind === "checkbox") {
    if (op !== "is") throw invalid(`checkbox field "${name}" supports only is`);
    const want = values[0] === "true";
    return (row) => (row.fields.get(field.field_id) === true) === want;
  }
  if (kind === "set") return compileSet(field, op, values);
  if (kind === "number") return compileNumber(table, field, op, values[0]!);
  return compileText(field, op, values[0]!);
}

function compileSet(field: FieldDef, op: string, values: string[]): RowTest {
  if ((op === "is" || op === "isNot") && values.length !== 1) throw invalid(`${op} takes exactly one value`);
  const wanted = new Set(values);
  const equal = (row: RecordRow) => {
    const cell = cellSet(field, row);
    return cell.length === wanted.size && cell.every((v) => wanted.has(v));
  };
  const any = (row: RecordRow) => cellSet(field, row).some((v) => wanted.has(v));
  switch (op) {
    case "is":
      return equal;
    case "isNot":
      return (row) => !equal(row);
    case "contains":
      return any;
    case "doesNotContain":
      return (row) => !any(row);
    default:
      throw invalid(`operator ${op} does not apply to field "${field.field_name}"`);
  }
}

function compileNumber(table: TableState, field: FieldDef, op: string, raw: string): RowTest {
  const target = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(target)) throw invalid(`"${raw}" is not a number`);
  const cmp = (row: RecordRow, test: (n: number) => boolean) => {
    const n = cellNumber(table, field, row);
    return n !== undefined && test(n);
  };
  switch (op) {
    case "is":
      return (row) => cmp(row, (n) => n === target);
    case "isNot":
      return (row) => !cmp(row, (n) => n === target);
    case "contains":
      return (row) => cmp(row, (n) => String(n).includes(raw));
    case "doesNotContain":
      return (row) => !cmp(row, (n) => String(n).includes(raw));
    case "isGreater":
      return (row) => cmp(row, (n) => n > target);
    case "isGreaterEqual":
      return (row) => cmp(row, (n) => n >= target);
    case "isLess":
      return (row) => cmp(row, (n) => n < target);
    default:
      return (row) => cmp(row, (n) => n <= target);
  }
}

function compileText(field: FieldDef, op: string, target: string): RowTest {
  const lower = target.toLowerCase();
  const text = (row: RecordRow) => cellText(field, row);
  switch (op) {
    case "is":
      return (row) => text(row) === target;
    case "isNot":
      return (row) => text(row) !== target;
    case "contains":
      return (row) => text(row).toLowerCase().includes(lower);
    case "doesNotContain":
      return (row) => !text(row).toLowerCase().includes(lower);
    case "isGreater":
      return (row) => text(row) !== "" && text(row) > target;
    case "isGreaterEqual":
      return (row) => text(row) !== "" && text(row) >= target;
    case "isLess":
      return (row) => text(row) !== "" && text(row) < target;
    default:
      return (row) => text(row) !== "" && text(row) <= target;
  }
}

/** Dates compare by whole days in the document's time zone (Asia/Shanghai): `is` means "on that day". */
function compileDate(table: TableState, field: FieldDef, op: string, values: string[], now: number): RowTest {
  if (!DATE_OPERATORS.has(op)) throw invalid(`date field "${field.field_name}" does not support ${op}`);
  const range = dateRange(values, now);
  if (typeof range === "string") throw invalid(`date field "${field.field_name}": ${range}`);
  if (range.rangeOnly && op !== "is") throw invalid(`${values[0]} works only with is`);
  const at = (row: RecordRow) => cellNumber(table, field, row);
  if (op === "is") {
    return (row) => {
      const v = at(row);
      return v !== undefined && v >= range.start && v < range.end;
    };
  }
  if (op === "isGreater") {
    return (row) => {
      const v = at(row);
      return v !== undefined && v >= range.end;
    };
  }
  return (row) => {
    const v = at(row);
    return v !== undefined && v < range.start;
  };
}
