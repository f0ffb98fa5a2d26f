import { envelope } from "../delivery.ts";
import { deliverEvent } from "../event-delivery.ts";
import { sleep } from "../guard.ts";
import type { BaseState, RecordRow, SandboxState, TableState } from "../state.ts";
import { PERSON_TYPES, READ_ONLY_TYPES } from "./field-types.ts";
import type { Operator } from "./operator.ts";
import { appOperator, operatorIds, personOf } from "./operator.ts";
import { eventFieldValue } from "./render.ts";
import { tableSettled } from "./write-gate.ts";

export const RECORD_CHANGED_EVENT = "drive.file.bitable_record_changed_v1";

/** Subscriptions live in state.subscriptions as "<appId>|<file_token>" (drive/v1/files/:token/subscribe). */
export function subscriptionKey(appId: string, fileToken: string): string {
  return `${appId}|${fileToken}`;
}

export function subscribersOf(state: SandboxState, fileToken: string): string[] {
  const apps: string[] = [];
  for (const key of state.subscriptions) {
    const [appId, token] = key.split("|");
    if (token === fileToken && appId) apps.push(appId);
  }
  return apps;
}

type FieldValue = { field_id: string; field_value: string; field_identity_value?: unknown };
export type RecordAction = {
  record_id: string;
  action: "record_added" | "record_edited" | "record_deleted";
  before_value: FieldValue[];
  after_value: FieldValue[];
};

/** A row's cells as events carry them; formula, lookup and automatic fields are left out. */
export function eventValues(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  row: RecordRow,
): FieldValue[] {
  const out: FieldValue[] = [];
  for (const field of table.fields) {
    if (READ_ONLY_TYPES.has(field.type)) continue;
    const value = eventFieldValue({ state, base, table }, field, row);
    if (value === undefined) continue;
    const entry: FieldValue = { field_id: field.field_id, field_value: value };
    if (PERSON_TYPES.has(field.type))
      entry.field_identity_value = identities(state, row.fields.get(field.field_id));
    out.push(entry);
  }
  return out;
}

function identities(state: SandboxState, ids: unknown) {
  const users = (Array.isArray(ids) ? (ids as string[]) : []).map((id) => {
    const p = personOf(state, id);
    return { user_id: operatorIds(state, id), name: p.name ?? "", en_name: p.en_name ?? "", avatar_url: "" };
  });
  return { users };
}

/** For an edit, only the cells that changed appear before and after. */
export function editAction(
  recordId: string,
  before: FieldValue[],
  after: FieldValue[],
): RecordAction | undefined {
  const key = (v: FieldValue) => `${v.field_id}\u0000${v.field_value}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const changed = new Set([
    ...before.filter((v) => !afterKeys.has(key(v))).map((v) => v.field_id),
    ...after.filter((v) => !beforeKeys.has(key(v))).map((v) => v.field_id),
  ]);
  if (changed.size === 0) return undefined;
  return {
    record_id: recordId,
    action: "record_edited",
    before_value: before.filter((v) => changed.has(v.field_id)),
    after_value: after.filter((v) => changed.has(v.field_id)),
  };
}

/** Events leave once the write has answered (its table hold is over), as Feishu's arrive after the API answer. */
const AFTER_ANSWER_MS = 20;
const queues = new WeakMap<SandboxState, Map<string, Promise<unknown>>>();

/**
 * One event per write call, per subscribed app, in order per base (a chain per file token), never
 * awaited by the writer.
 */
export function emitRecordChanges(
  state: SandboxState,
  base: BaseState,
  table: TableState,
  operator: Operator,
  actions: RecordAction[],
): void {
  const apps = subscribersOf(state, base.app_token);
  const url = state.delivery.eventUrl;
  if (!actions.length || !apps.length || !url) return;
  const updateTime = Math.floor(state.clock.now() / 1000);
  let chains = queues.get(state);
  if (!chains) {
    chains = new Map();
    queues.set(state, chains);
  }
  for (const appId of apps) {
    const event = {
      file_type: "bitable",
      file_token: base.app_token,
      table_id: table.table_id,
      revision: table.revision,
      operator_id: operatorIds(state, operator.open_id),
      action_list: actions,
      subscriber_id_list: [appOperator(appId)],
      update_time: updateTime,
    };
    const payload = envelope(state, appId, RECORD_CHANGED_EVENT, event);
    const previous = chains.get(base.app_token) ?? Promise.resolve();
    const next = previous
      .then(() => tableSettled(table))
      .then(() => sleep(AFTER_ANSWER_MS))
      .then(() => deliverEvent(state, payload, RECORD_CHANGED_EVENT))
      .catch(() => undefined);
    chains.set(base.app_token, next);
  }
}

/** Whether anyone listens; writers skip building event values when no one does. */
export function hasSubscribers(state: SandboxState, base: BaseState): boolean {
  return Boolean(state.delivery.eventUrl) && subscribersOf(state, base.app_token).length > 0;
}
