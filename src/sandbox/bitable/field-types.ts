import type { FieldDef } from "../state.ts";

/** Bitable field type numbers (see the record data-structure page). */
export const FieldType = {
  text: 1,
  number: 2,
  singleSelect: 3,
  multiSelect: 4,
  date: 5,
  checkbox: 7,
  person: 11,
  phone: 13,
  url: 15,
  attachment: 17,
  singleLink: 18,
  lookup: 19,
  formula: 20,
  duplexLink: 21,
  location: 22,
  groupChat: 23,
  createdTime: 1001,
  modifiedTime: 1002,
  createdBy: 1003,
  modifiedBy: 1004,
  autoNumber: 1005,
} as const;

const DEFAULT_UI_TYPE: Record<number, string> = {
  1: "Text",
  2: "Number",
  3: "SingleSelect",
  4: "MultiSelect",
  5: "DateTime",
  7: "Checkbox",
  11: "User",
  13: "Phone",
  15: "Url",
  17: "Attachment",
  18: "SingleLink",
  19: "Lookup",
  20: "Formula",
  21: "DuplexLink",
  22: "Location",
  23: "GroupChat",
  1001: "CreatedTime",
  1002: "ModifiedTime",
  1003: "CreatedUser",
  1004: "ModifiedUser",
  1005: "AutoNumber",
};

export const KNOWN_TYPES = new Set(Object.keys(DEFAULT_UI_TYPE).map(Number));

/** Only these may be a table's first (index) field. */
export const PRIMARY_TYPES = new Set([1, 2, 5, 13, 15, 20, 22]);

/** Computed by Feishu; a write to them fails. */
export const READ_ONLY_TYPES = new Set([19, 20, 1001, 1002, 1003, 1004, 1005]);

export const DATE_TYPES = new Set([5, 1001, 1002]);
export const PERSON_TYPES = new Set([11, 1003, 1004]);
export const LINK_TYPES = new Set([18, 21]);
export const SELECT_TYPES = new Set([3, 4]);

export function defaultUiType(type: number): string {
  return DEFAULT_UI_TYPE[type] ?? "Text";
}

export type SelectOption = { id: string; name: string; color: number };

export function optionsOf(field: FieldDef): SelectOption[] {
  const raw = field.property?.options;
  return Array.isArray(raw) ? (raw as SelectOption[]) : [];
}

/** The table a link field points to (a link without table_id points at its own table). */
export function linkTarget(field: FieldDef, ownTableId: string): string {
  const id = field.property?.table_id;
  return typeof id === "string" && id ? id : ownTableId;
}

export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}
