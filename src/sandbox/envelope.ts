import type { Context } from "hono";

/** Feishu's JSON envelope: {code, msg, data}; code 0 is success. Business errors mostly ride on HTTP 200. */
export class SandboxError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: 200 | 400 | 401 | 403 | 404 | 429 | 500 | 503 = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function ok(c: Context, data: unknown = {}) {
  c.set("code" as never, 0 as never);
  return c.json({ code: 0, msg: "success", data });
}

export function fail(c: Context, err: SandboxError) {
  c.set("code" as never, err.code as never);
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json({ code: err.code, msg: err.message, data: {} }, err.status);
}

/** Codes the sandbox answers with, named; values and wording from the Feishu docs (see feishu-contract.md). */
export const Codes = {
  rateLimited: 99991400,
  tokenMissing: 99991661,
  tokenInvalid: 99991663,
  tokenInvalidAlt: 99991668,
  appTokenInvalid: 99991664,
  tokenExpired: 99991677,
  appCredentialsInvalid: 10014,
  invalidParam: 10003,
  notFound: 404,
  bitableBadAppToken: 1254003,
  bitableBadTableId: 1254004,
  bitableBadRecordId: 1254006,
  bitableBadFieldId: 1254005,
  bitableBadClientToken: 1254037,
  bitableBaseNotFound: 1254040,
  bitableTableNotFound: 1254041,
  bitableRecordNotFound: 1254043,
  bitableFieldNotFound: 1254045,
  bitableFieldConvFail: 1254015,
  bitableTooManyRecords: 1254104,
  bitableTooManyTables: 1254100,
  bitableResponseTooLarge: 1254030,
  bitableTooFast: 1254290,
  bitableWriteConflict: 1254291,
  bitableResubmitTooFast: 1254608,
  bitableBadRequest: 1254001,
  bitableWrongRequestBody: 1254000,
  imBadParam: 230001,
  imBotNotInChat: 230002,
  imUserOutOfScope: 230013,
  imFrequencyLimit: 230020,
  imContentTooLarge: 230025,
  imMessageTooOld: 230031,
  imMessageNotFound: 230011,
  contactUserNotFound: 41050,
  bitableInternalError: 1255001,
  bitableTimeout: 1255040,
  bitableRecordLimit: 1254103,
} as const;
