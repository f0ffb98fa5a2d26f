import { z } from "zod";
import { decodeValue, type FieldValue } from "../../feishu/codecs.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { EchoMemo } from "./echo-memo.ts";

export const RECORD_CHANGED_EVENT = "drive.file.bitable_record_changed_v1";

const Cell = z.looseObject({ field_id: z.string(), field_value: z.string().nullish() });
const Action = z.looseObject({
  record_id: z.string(),
  action: z.string(),
  before_value: z.array(Cell).nullish(),
  after_value: z.array(Cell).nullish(),
});
export const RecordChangedSchema = z.looseObject({
  file_token: z.string(),
  table_id: z.string(),
  operator_id: z.looseObject({ open_id: z.string().optional() }).nullish(),
  action_list: z.array(Action).nullish(),
});
export type RecordChanged = z.infer<typeof RecordChangedSchema>;

/** What a run of change events asks the sync to recompute. */
export type Touched = {
  /** Why the whole book must be recomputed (an account added or removed, 设置 edited), if it must. */
  full?: string;
  /** Account rows whose inputs (or computed cells, edited by a person) changed. */
  accountRecords: Set<string>;
  /** Account codes read straight from the events' cells. */
  codes: Set<string>;
  /** Order / visit / answer rows whose account the event did not name, by table key. */
  lookups: Map<string, Set<string>>;
  /** Actions recognised as our own writes coming back. */
  echoes: number;
};

export function emptyTouched(): Touched {
  return { accountRecords: new Set(), codes: new Set(), lookups: new Map(), echoes: 0 };
}

/** A table as events name it: its template key and fields by field_id. */
export type TableView = { key: string; fieldsById: ReadonlyMap<string, FieldTemplate> };

/**
 * The sandbox names an app's own API writes `ou_bot_<appId>`; Feishu's documentation does not say what
 * it sends, so the after-value check (EchoMemo) is what recognises our writes there.
 */
export function ownOperatorId(appId: string): string {
  return `ou_bot_${appId}`;
}

const ACTIVITY = new Set(["orders", "visits", "surveys"]);

function cellValue(field: FieldTemplate, raw: string | null | undefined, tz: string): FieldValue {
  if (raw === null || raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  const decoded = decodeValue(field.type, parsed, { tz });
  return decoded.ok ? decoded.value : null;
}

/**
 * Adds what one event touches to `into`. No loops: our own write-back changes only computed cells of
 * 客户 (and 等级变更, which nothing reads), and such an edit is dropped when our app made it or when
 * every new value is what we wrote. A person overwriting a computed cell does count: the recompute
 * puts the right value back.
 */
export function addTouched(
  event: RecordChanged,
  ctx: { table: TableView; ownOperator: string; echoes: EchoMemo; tz: string },
  into: Touched,
): void {
  const { key, fieldsById } = ctx.table;
  if (key === "policy") {
    into.full ??= "设置 changed";
    return;
  }
  const byUs = event.operator_id?.open_id === ctx.ownOperator;
  for (const action of event.action_list ?? []) {
    const cells = [...(action.before_value ?? []), ...(action.after_value ?? [])];
    if (key === "accounts") {
      if (action.action !== "record_edited") {
        into.full ??= "account added or removed";
        continue;
      }
      const fields = cells.map((c) => fieldsById.get(c.field_id)).filter((f) => f !== undefined);
      if (fields.some((f) => f.key === "code")) into.full ??= "account code changed";
      else if (fields.some((f) => !f.computed)) into.accountRecords.add(action.record_id);
      else if (byUs || isOwnWrite(action, ctx)) into.echoes++;
      else into.accountRecords.add(action.record_id);
      continue;
    }
    if (!ACTIVITY.has(key)) continue;
    let named = false;
    for (const cell of cells) {
      const field = fieldsById.get(cell.field_id);
      if (field?.key !== "accountCode") continue;
      const code = cellValue(field, cell.field_value, ctx.tz);
      if (typeof code === "string" && code.trim()) into.codes.add(code.trim());
      named = true;
    }
    if (!named) {
      const ids = into.lookups.get(key) ?? new Set<string>();
      ids.add(action.record_id);
      into.lookups.set(key, ids);
    }
  }
}

/** Every changed cell now holds what we last wrote there (a cell missing after the edit was cleared). */
function isOwnWrite(
  action: z.infer<typeof Action>,
  ctx: { table: TableView; echoes: EchoMemo; tz: string },
): boolean {
  const after = new Map((action.after_value ?? []).map((c) => [c.field_id, c.field_value]));
  const changed = new Set([...(action.before_value ?? []).map((c) => c.field_id), ...after.keys()]);
  return [...changed].every((id) => {
    const field = ctx.table.fieldsById.get(id);
    return !field || ctx.echoes.isEcho(action.record_id, field, cellValue(field, after.get(id), ctx.tz));
  });
}

export function mergeTouched(into: Touched, more: Touched): void {
  into.full ??= more.full;
  for (const id of more.accountRecords) into.accountRecords.add(id);
  for (const code of more.codes) into.codes.add(code);
  for (const [table, ids] of more.lookups) {
    const set = into.lookups.get(table) ?? new Set<string>();
    for (const id of ids) set.add(id);
    into.lookups.set(table, set);
  }
  into.echoes += more.echoes;
}

export function isEmptyTouched(t: Touched): boolean {
  return !t.full && !t.accountRecords.size && !t.codes.size && !t.lookups.size;
}
