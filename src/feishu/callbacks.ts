import { z } from "zod";
import { decryptPayload, safeEqual, signPayload } from "./crypto.ts";

/** Feishu signs with a seconds timestamp; older or newer than this is a replay or a broken clock. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export type CallbackSecrets = { encryptKey: string; verificationToken: string };

export type CallbackRequest = {
  headers: { get(name: string): string | null };
  /** The body exactly as received: the signature covers these bytes, not a re-serialisation. */
  body: string;
  secrets: CallbackSecrets;
  /** Milliseconds since the epoch. */
  now: number;
};

const EnvelopeHeaderSchema = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  create_time: z.string(),
  token: z.string(),
  app_id: z.string(),
  tenant_key: z.string(),
});

const EnvelopeSchema = z.object({
  schema: z.literal("2.0"),
  header: EnvelopeHeaderSchema,
  event: z.unknown(),
});

/** Event 1.0 (no `schema`): still delivered for old subscriptions; `uuid` is its dedupe key. */
const V1EventSchema = z.object({
  uuid: z.string().min(1),
  token: z.string(),
  ts: z.string().optional(),
  type: z.literal("event_callback"),
  event: z.looseObject({ type: z.string().min(1) }),
});

const CardActionSchema = z.object({
  operator: z.object({
    open_id: z.string(),
    user_id: z.string().optional(),
    union_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  token: z.string(),
  action: z.object({
    tag: z.string().optional(),
    value: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    name: z.string().optional(),
    timezone: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
    input_value: z.string().optional(),
    option: z.string().optional(),
    options: z.array(z.string()).optional(),
    checked: z.boolean().optional(),
  }),
  host: z.string().optional(),
  delivery_type: z.string().optional(),
  context: z.object({ open_message_id: z.string(), open_chat_id: z.string(), url: z.string().optional() }),
});

export type EnvelopeHeader = z.infer<typeof EnvelopeHeaderSchema>;
export type CardActionEvent = z.infer<typeof CardActionSchema>;

export type CheckedCallback =
  | { kind: "challenge"; challenge: string }
  | { kind: "event"; eventId: string; eventType: string; header: EnvelopeHeader | null; event: unknown }
  | { kind: "card"; eventId: string; header: EnvelopeHeader; action: CardActionEvent }
  | { kind: "reject"; status: 400 | 401; reason: string };

const reject = (status: 400 | 401, reason: string): CheckedCallback => ({ kind: "reject", status, reason });

/**
 * Checks one HTTP delivery from Feishu and says what it is. Never throws: bad input becomes a reject
 * with the status to answer. With an Encrypt Key the signature is checked before anything is decrypted;
 * the one exception is url_verification, which Feishu leaves unsigned (安全校验 "不包括请求网址校验").
 */
export function checkCallback(req: CallbackRequest): CheckedCallback {
  const outer = parseObject(req.body);
  if (!outer) return reject(400, "invalid JSON");
  const { encryptKey, verificationToken } = req.secrets;
  if (!encryptKey && !verificationToken)
    return reject(401, "no Encrypt Key or Verification Token is configured");

  let signed = false;
  if (encryptKey) {
    const signature = req.headers.get("x-lark-signature");
    if (signature !== null) {
      const problem = signatureProblem(req, encryptKey, signature);
      if (problem) return reject(401, problem);
      signed = true;
    }
  } else {
    const stale = timestampProblem(req.headers.get("x-lark-request-timestamp"), req.now, false);
    if (stale) return reject(401, stale);
  }

  let payload = outer;
  if ("encrypt" in outer) {
    if (!encryptKey) return reject(400, "encrypted body but no Encrypt Key is configured");
    if (typeof outer.encrypt !== "string") return reject(signed ? 400 : 401, "encrypt is not a string");
    const inner = decryptObject(encryptKey, outer.encrypt);
    if (!inner) return reject(signed ? 400 : 401, signed ? "undecryptable payload" : "missing signature");
    payload = inner;
  }

  if (payload.type === "url_verification") {
    if (typeof payload.challenge !== "string") return reject(400, "url_verification without a challenge");
    if (!signed && verificationToken && !tokenMatches(payload.token, verificationToken)) {
      return reject(401, "verification token mismatch");
    }
    return { kind: "challenge", challenge: payload.challenge };
  }
  if (encryptKey && !signed) return reject(401, "missing signature");
  if (!encryptKey) {
    const token = isObject(payload.header) ? payload.header.token : payload.token;
    if (!tokenMatches(token, verificationToken)) return reject(401, "verification token mismatch");
  }
  return classify(payload);
}

function classify(payload: Record<string, unknown>): CheckedCallback {
  if (!("schema" in payload)) {
    const v1 = V1EventSchema.safeParse(payload);
    if (!v1.success) return reject(400, `invalid envelope: ${firstIssue(v1.error)}`);
    return {
      kind: "event",
      eventId: v1.data.uuid,
      eventType: v1.data.event.type,
      header: null,
      event: v1.data.event,
    };
  }
  const envelope = EnvelopeSchema.safeParse(payload);
  if (!envelope.success) return reject(400, `invalid envelope: ${firstIssue(envelope.error)}`);
  const { header, event } = envelope.data;
  if (header.event_type !== "card.action.trigger") {
    return { kind: "event", eventId: header.event_id, eventType: header.event_type, header, event };
  }
  const action = CardActionSchema.safeParse(event);
  if (!action.success) return reject(400, `invalid card action: ${firstIssue(action.error)}`);
  return { kind: "card", eventId: header.event_id, header, action: action.data };
}

function signatureProblem(req: CallbackRequest, encryptKey: string, signature: string): string | undefined {
  const timestamp = req.headers.get("x-lark-request-timestamp");
  const nonce = req.headers.get("x-lark-request-nonce");
  if (timestamp === null || nonce === null) return "missing signature headers";
  if (!safeEqual(signPayload(timestamp, nonce, encryptKey, req.body), signature.toLowerCase())) {
    return "signature mismatch";
  }
  return timestampProblem(timestamp, req.now, true);
}

function timestampProblem(timestamp: string | null, now: number, required: boolean): string | undefined {
  if (timestamp === null) return required ? "missing timestamp" : undefined;
  if (!/^\d{1,12}$/.test(timestamp)) return "malformed timestamp";
  return Math.abs(now - Number(timestamp) * 1000) > TIMESTAMP_TOLERANCE_MS ? "stale timestamp" : undefined;
}

function tokenMatches(token: unknown, expected: string): boolean {
  return typeof token === "string" && expected !== "" && safeEqual(token, expected);
}

function decryptObject(encryptKey: string, encrypted: string): Record<string, unknown> | undefined {
  try {
    return parseObject(decryptPayload(encryptKey, encrypted));
  } catch {
    return undefined;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown";
}
