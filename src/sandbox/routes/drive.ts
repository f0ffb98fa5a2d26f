import { Hono } from "hono";
import { subscriptionKey } from "../bitable/change-events.ts";
import { Codes, fail, ok, SandboxError } from "../envelope.ts";
import type { SandboxContext, SandboxEnv } from "../guard.ts";
import { guard } from "../guard.ts";
import type { SandboxState } from "../state.ts";

const FILES = "/open-apis/drive/v1/files/:file_token";

/**
 * Drive event subscriptions for Bitable bases: subscribe (1000/min & 50/s), delete_subscribe and
 * get_subscribe (10/min). Only file_type=bitable is served; a subscribed base's record changes are
 * delivered as drive.file.bitable_record_changed_v1 (see bitable/change-events.ts).
 */
export function driveRoutes(state: SandboxState) {
  const app = new Hono<SandboxEnv>();
  app.onError((err, c) => (err instanceof SandboxError ? fail(c, err) : Promise.reject(err)));
  const spec = (name: string, limit: { perSecond?: number; perMinute?: number }) =>
    guard(state, { name: `drive.file.${name}`, limit });

  app.post(`${FILES}/subscribe`, spec("subscribe", { perMinute: 1000, perSecond: 50 }), (c) => {
    state.subscriptions.add(subscriptionKey(c.get("appId"), subscribedBase(state, c)));
    return ok(c, {});
  });

  app.delete(`${FILES}/delete_subscribe`, spec("deleteSubscribe", { perMinute: 10 }), (c) => {
    const key = subscriptionKey(c.get("appId"), subscribedBase(state, c));
    if (!state.subscriptions.delete(key))
      throw new SandboxError(Codes.driveNotSubscribed, "Unsubscribe", 400);
    return ok(c, {});
  });

  app.get(`${FILES}/get_subscribe`, spec("getSubscribe", { perMinute: 10 }), (c) => {
    const key = subscriptionKey(c.get("appId"), subscribedBase(state, c));
    return ok(c, { is_subscribe: state.subscriptions.has(key) });
  });

  return app;
}

function subscribedBase(state: SandboxState, c: SandboxContext): string {
  const fileType = c.req.query("file_type");
  if (!fileType) throw new SandboxError(Codes.driveParamError, "param error: file_type is required", 400);
  const token = c.req.param("file_token") ?? "";
  if (fileType !== "bitable" || !state.bases.has(token)) {
    throw new SandboxError(Codes.driveDocumentNotFound, "document not found", 400);
  }
  return token;
}
