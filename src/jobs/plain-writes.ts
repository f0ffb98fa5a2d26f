import { z } from "zod";
import { errorText } from "../background.ts";
import { FeishuApiError } from "../feishu/errors.ts";
import type { Services } from "../services.ts";
import type { PendingWrite } from "../store/ledger.ts";
import { isDue, type WriteSink } from "./sink-pass.ts";

/** A write refused for a reason a retry cannot fix (unknown table, a field rejected) is given up after this many. */
const GIVE_UP_AFTER = 8;
/** One write after another (writes to a table stay serial), so few per pass. */
const PER_PASS = 50;

/**
 * Any queued write without a sink of its own: create `{fields}` (client_token from the key, so a repeat
 * after a crash or a lost answer lands once), update `{record_id, fields}`, delete `{record_id}`. `table`
 * is a table id (`tbl…`) or a template table key. A passing failure (rate limit, conflict, 5xx, no
 * answer) is retried until the write lands; a malformed payload is given up at once.
 */
export const plainWrites: WriteSink = async (services, writes, pass) => {
  const log = services.logger.child({ component: "pending-writes" });
  const due = writes.filter((w) => isDue(w, pass.now)).slice(0, Math.min(PER_PASS, pass.budget));
  for (const w of due) {
    try {
      await services.ledger.markWritten(w.key, await performWrite(services, w));
    } catch (err) {
      const attempts = w.attempts + 1;
      const again = isTransient(err) || (!(err instanceof BadPayload) && attempts < GIVE_UP_AFTER);
      const retryAt = again ? pass.retryAt(attempts) : null;
      await services.ledger.markWriteFailed(w.key, errorText(err), retryAt);
      const fields = { key: w.key, table: w.table, op: w.op, attempts, ...codeOf(err) };
      if (retryAt === null) log.error("write.gave_up", { ...fields, error: errorText(err) });
      else log.warn("write.retry_later", { ...fields, retry_at: retryAt });
    }
  }
  return due.length;
};

const CreatePayload = z.object({ fields: z.record(z.string(), z.unknown()) });
const UpdatePayload = z.object({ record_id: z.string().min(1), fields: z.record(z.string(), z.unknown()) });
const DeletePayload = z.object({ record_id: z.string().min(1) });

/** Performs one write; returns the record id it created or changed. */
async function performWrite(services: Services, w: PendingWrite): Promise<string> {
  // A table id needs no bound base, so these writes land even before provisioning has run.
  const gw = services.client.bitable(services.config.appToken);
  const tableId = w.table.startsWith("tbl") ? w.table : (await services.base()).table(w.table).id;
  switch (w.op) {
    case "create": {
      const { fields } = parse(CreatePayload, w);
      return (await gw.createOne(tableId, fields, { idempotencyKey: w.key })).record_id;
    }
    case "update": {
      const { record_id, fields } = parse(UpdatePayload, w);
      await gw.batchUpdate(tableId, [{ record_id, fields }]);
      return record_id;
    }
    case "delete": {
      const { record_id } = parse(DeletePayload, w);
      await gw.batchDelete(tableId, [record_id]);
      return record_id;
    }
  }
}

class BadPayload extends Error {}

function parse<T>(schema: z.ZodType<T>, w: PendingWrite): T {
  const parsed = schema.safeParse(w.payload);
  if (!parsed.success)
    throw new BadPayload(
      `pending write ${w.key}: ${w.op} payload is malformed (${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

/** Worth retrying until it lands: Feishu said so (rate limit, conflict, 5xx) or no answer came at all. */
function isTransient(err: unknown): boolean {
  return err instanceof FeishuApiError && (err.retryable || err.code === -1);
}

function codeOf(err: unknown): { code?: number } {
  return err instanceof FeishuApiError ? { code: err.code } : {};
}
