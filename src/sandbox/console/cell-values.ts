import { DATE_TYPES, FieldType, optionsOf } from "../bitable/field-types.ts";
import type { FieldDef } from "../state.ts";
import { shanghaiDate, shanghaiMidnight } from "./shanghai-time.ts";

/** How the console edits a field in place; undefined: read-only here (links, attachments, computed…). */
export type Editor = "text" | "number" | "select" | "multi" | "date" | "checkbox" | "person" | "url";

const EDITORS: Partial<Record<number, Editor>> = {
  [FieldType.text]: "text",
  [FieldType.phone]: "text",
  [FieldType.number]: "number",
  [FieldType.singleSelect]: "select",
  [FieldType.multiSelect]: "multi",
  [FieldType.date]: "date",
  [FieldType.checkbox]: "checkbox",
  [FieldType.person]: "person",
  [FieldType.url]: "url",
};

export function editorOf(field: FieldDef): Editor | undefined {
  return EDITORS[field.type];
}

export function optionNames(field: FieldDef): string[] {
  return optionsOf(field).map((o) => o.name);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as legacy reads render it (text as a string, links with text_arr), shown as one line of text. */
export function cellText(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (DATE_TYPES.has(field.type) && typeof value === "number") return shanghaiDate(value);
  if (field.type === FieldType.checkbox) return value === true ? "✓" : "";
  return plain(value);
}

function plain(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(plain).filter(Boolean).join(", ");
  if (!isObj(value)) return "";
  if (Array.isArray(value.text_arr)) return value.text_arr.map(plain).join(", ");
  if (Array.isArray(value.record_ids)) return value.record_ids.map(plain).join(", ");
  if (Array.isArray(value.link_record_ids)) return value.link_record_ids.map(plain).join(", ");
  for (const key of ["name", "text", "full_address", "link", "id"]) {
    if (typeof value[key] === "string" && value[key]) return value[key];
  }
  return JSON.stringify(value);
}

/** What the editor holds for a cell before editing: the raw form the editor round-trips. */
export function editorValue(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return "";
  switch (editorOf(field)) {
    case "person":
      return Array.isArray(value) && isObj(value[0]) ? String(value[0].id ?? "") : "";
    case "url":
      return isObj(value) && typeof value.link === "string" ? value.link : "";
    case "checkbox":
      return value === true ? "true" : "";
    default:
      return cellText(field, value);
  }
}

/**
 * The API value for what a person typed. Anything that does not convert cleanly is passed through as
 * typed, so the sandbox answers with Feishu's own error (e.g. 1254015 for text in a number field).
 */
export function apiValue(field: FieldDef, raw: string | boolean): unknown {
  if (typeof raw === "boolean") return raw;
  const text = raw.trim();
  switch (editorOf(field)) {
    case "number":
      return text === "" ? null : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
    case "multi":
      return text
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
    case "date":
      return text === "" ? null : (shanghaiMidnight(text) ?? raw);
    case "person":
      return text === "" ? null : [{ id: text }];
    case "url":
      return text === "" ? null : { link: text, text };
    case "checkbox":
      return text === "true";
    default:
      return raw;
  }
}
