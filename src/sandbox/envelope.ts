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
  appCredentialsInvalid: 10015,
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
  bitableFail: 1254002,
  bitablePageSizeInvalid: 1254011,
  bitableNotSupportField: 1254012,
  bitableTableNameDuplicated: 1254013,
  bitableFieldNameDuplicated: 1254014,
  bitableInvalidSort: 1254016,
  bitableInvalidFilter: 1254018,
  bitableInvalidFieldNames: 1254024,
  bitableFieldIdNotFound: 1254044,
  bitableUserFieldConvFail: 1254066,
  bitableLinkFieldConvFail: 1254067,
  bitableUrlFieldConvFail: 1254068,
  bitablePhoneFieldConvFail: 1254072,
  bitableDuplexLinkConvFail: 1254074,
  bitableTooManyFields: 1254105,
  bitableTooLargeCell: 1254130,
  bitableClientTokenConflict: 1255006,
  fieldValidationFailed: 99992402,
  driveParamError: 1069602,
  driveDocumentNotFound: 1069604,
  driveNotSubscribed: 1069605,
  // Messaging, contacts, cards and callbacks (im/contact/interactive routes, callbacks.ts)
  imMessageRecalled: 230011,
  imNoRecallPermission: 230026,
  imNoPermission: 230027,
  imReceiveIdInvalid: 230034,
  imCardContentFailed: 230099,
  imMessageDeleted: 230110,
  chatInvalidId: 232006,
  chatOperatorNotIn: 232011,
  chatBadParam: 232001,
  contactBadParam: 40001,
  contactBadPageSize: 40011,
  contactBadPageToken: 40012,
  contactNoDeptAuthority: 40004,
  contactDeptNotFound: 40015,
  cardInvalid: 11311,
  cardRecalled: 200000,
  cardOtherApp: 200310,
  cardTokenBadFormat: 300020,
  cardTokenExpired: 300030,
  cardTokenOverused: 300040,
  cardExclusiveNeedsOpenIds: 300090,
  callbackNoUrl: 200340,
  callbackTimeout: 200341,
  callbackNon200: 200671,
  callbackBadBody: 200672,
  callbackBadCard: 200673,
  callbackV2ToV1: 200830,
} as const;
