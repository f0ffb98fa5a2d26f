import { encryptPayload, randomNonce, signPayload } from "../feishu/crypto.ts";
import type { SandboxState } from "./state.ts";
import { newId } from "./state.ts";

/** Feishu's schema-2.0 envelope for events and card callbacks delivered over HTTP. */
export function envelope(state: SandboxState, appId: string, eventType: string, event: unknown) {
  const app = state.apps.get(appId);
  return {
    schema: "2.0",
    header: {
      event_id: newId(state, "", 32).toLowerCase(),
      event_type: eventType,
      // Events give milliseconds; card callbacks (card.action.trigger) give microseconds.
      create_time: String(eventType === "card.action.trigger" ? state.clock.now() * 1000 : state.clock.now()),
      token: state.delivery.verificationToken ?? "",
      app_id: appId,
      tenant_key: app?.tenantKey ?? "",
    },
    event,
  };
}

export type DeliveryResult = {
  status: number;
  ms: number;
  /** The parsed JSON answer, when there was one. */
  body?: unknown;
  /** Feishu's error when the answer was late, non-200 or unusable (200341 timeout, 200671 non-200, 200672 bad body). */
  error?: { code: number; msg: string };
};

/**
 * Posts a payload the way Feishu does: encrypted as {encrypt} and signed with X-Lark-Signature when an
 * Encrypt Key is set, plain JSON otherwise. The answer must come within the deadline (3 s) with HTTP 200.
 */
export async function deliver(
  state: SandboxState,
  url: string,
  payload: unknown,
  opts: { kind: "event" | "callback"; api: string; deadlineMs?: number },
): Promise<DeliveryResult> {
  const deadline = opts.deadlineMs ?? 3_000;
  const key = state.delivery.encryptKey;
  const body = key
    ? JSON.stringify({ encrypt: encryptPayload(key, JSON.stringify(payload)) })
    : JSON.stringify(payload);
  const timestamp = String(Math.floor(state.clock.now() / 1000));
  const nonce = randomNonce();
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
  };
  if (key) headers["x-lark-signature"] = signPayload(timestamp, nonce, key, body);
  const started = Date.now();
  let result: DeliveryResult;
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(deadline) });
    const text = await res.text();
    const ms = Date.now() - started;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status !== 200) {
      result = {
        status: res.status,
        ms,
        body: json,
        error: { code: 200671, msg: `callback answered HTTP ${res.status}` },
      };
    } else if (ms > deadline) {
      result = {
        status: res.status,
        ms,
        body: json,
        error: { code: 200341, msg: "callback timed out (3 s)" },
      };
    } else if (text && json === undefined) {
      result = {
        status: res.status,
        ms,
        error: { code: 200672, msg: "callback answered a body that is not JSON" },
      };
    } else {
      result = { status: res.status, ms, body: json };
    }
  } catch (err) {
    const ms = Date.now() - started;
    const timedOut = (err as Error).name === "TimeoutError" || (err as Error).name === "AbortError";
    result = timedOut
      ? { status: 0, ms, error: { code: 200341, msg: "callback timed out (3 s)" } }
      : {
          status: 0,
          ms,
          error: { code: 200340, msg: `callback URL unreachable: ${(err as Error).message}` },
        };
  }
  state.callLog.push({
    at: state.clock.now(),
    api: opts.api,
    method: "POST",
    path: url,
    status: result.status,
    code: result.error?.code ?? 0,
    ms: result.ms,
    kind: opts.kind,
  });
  return result;
}
