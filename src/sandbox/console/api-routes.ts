import { Hono } from "hono";
import { z } from "zod";
import { renderField } from "../bitable/render.ts";
import { writeRecords } from "../bitable/store.ts";
import { SandboxError } from "../envelope.ts";
import type { SandboxState } from "../state.ts";
import { apiValue, cellText, editorOf, editorValue } from "./cell-values.ts";
import { actor, operatorOf } from "./people.ts";
import { JOB_NAME, runServiceJob } from "./service-jobs.ts";

const CellBody = z.object({
  appToken: z.string().min(1),
  tableId: z.string().min(1),
  recordId: z.string().min(1),
  field: z.string().min(1),
  value: z.union([z.string().max(100_000), z.boolean()]),
  operatorOpenId: z.string().optional(),
});

/** What the console's script calls: a cell edit (as a person) and running one of the service's jobs. */
export function consoleApiRoutes(state: SandboxState) {
  const app = new Hono().basePath("/console/api");

  app.post("/cell", async (c) => {
    const parsed = CellBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `invalid body: ${parsed.error.issues[0]?.message}` }, 400);
    const b = parsed.data;
    const base = state.bases.get(b.appToken);
    const table = base?.tables.get(b.tableId);
    if (!base || !table) return c.json({ error: `no table ${b.appToken}/${b.tableId}` }, 404);
    const field = table.fields.find((f) => f.field_name === b.field);
    if (!field || !editorOf(field)) return c.json({ error: `field "${b.field}" cannot be edited here` }, 400);
    // A person, never the bot: the service drops change events its own app made.
    const person = actor(state, b.operatorOpenId);
    if (!person)
      return c.json({ error: "通讯录为空 no users: seed the org first (POST /_sandbox/seed/org)" }, 409);
    try {
      writeRecords(
        state,
        b.appToken,
        b.tableId,
        [{ record_id: b.recordId, fields: { [field.field_name]: apiValue(field, b.value) } }],
        operatorOf(state, person.openId),
      );
    } catch (err) {
      if (err instanceof SandboxError) return c.json({ code: err.code, error: err.message }, 400);
      throw err;
    }
    const row = table.records.get(b.recordId);
    const value = row ? renderField({ state, base, table }, field, row, { shape: "legacy" }) : undefined;
    return c.json({
      ok: true,
      text: cellText(field, value),
      value: editorValue(field, value),
      by: person.name,
    });
  });

  app.post("/jobs/:name", async (c) => {
    const name = c.req.param("name");
    if (!JOB_NAME.test(name)) return c.json({ job: name, status: 0, error: "not a job name" }, 400);
    const link = state.delivery.service;
    if (!link) {
      return c.json(
        {
          job: name,
          status: 0,
          error: "服务未连接 no service linked: set its URL and admin token above (POST /_sandbox/service)",
        },
        409,
      );
    }
    return c.json(
      await runServiceJob(link, name, { at: state.clock.now(), force: c.req.query("force") === "1" }),
    );
  });

  return app;
}
