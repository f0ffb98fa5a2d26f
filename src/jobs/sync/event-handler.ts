import { z } from "zod";
import type { EventHandler } from "../../deps.ts";
import { callFeishu } from "../../feishu/call.ts";
import type { FieldTemplate } from "../../feishu/template.ts";
import type { Services } from "../../services.ts";
import { applyTouched } from "./incremental.ts";
import {
  addTouched,
  emptyTouched,
  isEmptyTouched,
  mergeTouched,
  ownOperatorId,
  RECORD_CHANGED_EVENT,
  RecordChangedSchema,
  type TableView,
} from "./record-events.ts";
import { syncMemory } from "./sync-memory.ts";

export type SyncEventOptions = {
  /** Quiet time after the last event before recomputing: a person editing a row sends several. */
  debounceMs?: number;
  /** Recompute at the latest this long after the first event of a busy stretch. */
  maxWaitMs?: number;
};

/**
 * The runtime's `onEvent` for Bitable record changes: collects what the events touch, waits for a
 * quiet moment (debounce), then recomputes those accounts (incremental.ts) and writes back. Our own
 * write-back comes back as events too; record-events.ts drops those, so nothing loops.
 */
export function createSyncEventHandler(services: Services, opts: SyncEventOptions = {}): EventHandler {
  const debounceMs = opts.debounceMs ?? 2_000;
  const maxWaitMs = opts.maxWaitMs ?? 10_000;
  const memory = syncMemory(services);
  memory.incremental = true;
  const log = services.logger.child({ component: "sync.events" });
  const views = tableViews(services);
  let pending = emptyTouched();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt = 0;

  const flush = () => {
    timer = undefined;
    const touched = pending;
    pending = emptyTouched();
    if (touched.echoes) log.debug("sync.echoes_dropped", { actions: touched.echoes });
    if (isEmptyTouched(touched)) return;
    services.background.track(
      "sync:incremental",
      memory
        .exclusive(() => applyTouched(services, touched))
        .then((outcome) => log.info("sync.incremental", { ...outcome })),
    );
  };

  return async (type, event) => {
    if (type !== RECORD_CHANGED_EVENT) return false;
    const parsed = RecordChangedSchema.safeParse(event);
    if (!parsed.success) {
      log.warn("sync.event_unreadable", { issue: parsed.error.issues[0]?.message });
      return true;
    }
    if (parsed.data.file_token !== services.config.appToken) return true;
    const table = (await views()).get(parsed.data.table_id);
    if (!table) return true;
    const ctx = {
      table,
      ownOperator: ownOperatorId(services.config.appId),
      echoes: memory.echoes,
      tz: services.config.tz,
    };
    const touched = emptyTouched();
    addTouched(parsed.data, ctx, touched);
    mergeTouched(pending, touched);
    const now = Date.now();
    if (!timer) firstAt = now;
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now)));
    // A pending recompute does not keep a stopping process alive; the next full sync catches up.
    timer.unref?.();
    return true;
  };
}

/** Tables by table_id with their fields by field_id (events name both by id); listed once. */
function tableViews(services: Services): () => Promise<Map<string, TableView>> {
  let views: Promise<Map<string, TableView>> | undefined;
  return () => {
    views ??= (async () => {
      const base = await services.base();
      const out = new Map<string, TableView>();
      for (const table of base.template.tables) {
        const { id } = base.table(table.key);
        const byName = new Map<string, FieldTemplate>(table.fields.map((f) => [f.name, f]));
        const fieldsById = new Map<string, FieldTemplate>();
        for (const f of await base.gw.listFields(id)) {
          const known = byName.get(f.field_name);
          if (known) fieldsById.set(f.field_id, known);
        }
        out.set(id, { key: table.key, fieldsById });
      }
      return out;
    })().catch((err) => {
      views = undefined;
      throw err;
    });
    return views;
  };
}

/**
 * Asks Feishu to deliver the base's record changes to this app (drive/v1/files/:token/subscribe).
 * The runtime calls it once the base exists; subscribing again is harmless.
 */
export async function subscribeBaseEvents(services: Services): Promise<void> {
  const { client, config } = services;
  await callFeishu(client, "drive.file.subscribe", { appToken: config.appToken }, z.unknown(), () =>
    client.sdk.drive.file.subscribe({
      path: { file_token: config.appToken },
      params: { file_type: "bitable" },
    }),
  );
  services.logger.info("sync.subscribed", { app_token: config.appToken });
}
