/**
 * Feishu errors as the product sees them: which API, which code, what the user can do about it.
 * Hints are Chinese first (the people reading them run a Feishu tenant), with a short English gloss.
 */
export type FeishuErrorContext = {
  appToken?: string;
  tableId?: string;
  recordCount?: number;
  chunk?: number;
  receiveId?: string;
  messageId?: string;
  userId?: string;
};

type KnownCode = { hint: string; retryable?: boolean };

/** Codes from the Open Platform docs (通用错误码, 多维表格 and 消息 error tables) with what to do about them. */
export const KNOWN_CODES: Readonly<Record<number, KnownCode>> = {
  10003: { hint: "请求参数缺失或有误，检查 App ID 是否正确（invalid parameter）" },
  10012: { hint: "获取 app_access_token 失败：检查应用凭证（get app access token failed）" },
  10013: { hint: "获取 tenant_access_token 失败：检查应用凭证（get tenant access token failed）" },
  10014: {
    hint: "应用不可用：检查应用是否已停用，以及 FEISHU_APP_ID / FEISHU_APP_SECRET（app unauthorized）",
  },
  10015: { hint: "App Secret 错误：在开发者后台核对 FEISHU_APP_SECRET（wrong app secret）" },
  99991400: { hint: "请求过于频繁，已按 x-ogw-ratelimit-reset 等待后重试（rate limited）", retryable: true },
  99991401: { hint: "IP 不在应用的 IP 白名单内：在开发者后台「安全设置」中添加本机出口 IP（IP denied）" },
  99991661: { hint: "请求缺少访问凭证：检查应用凭证配置（missing access token）" },
  99991662: { hint: "应用已停用：在开发者后台启用应用（app not in use）" },
  99991663: {
    hint: "访问凭证无效或已过期：已清除缓存并重新获取；若持续出现，检查 App ID/Secret 是否属于当前租户（invalid tenant_access_token）",
    retryable: true,
  },
  99991664: { hint: "app_access_token 无效：检查应用凭证（invalid app token）" },
  99991668: {
    hint: "访问凭证无效：已重新获取 token；若持续出现，检查应用凭证（invalid access token）",
    retryable: true,
  },
  99991672: {
    hint: "应用缺少该接口的权限：在开发者后台「权限管理」申请所需权限并发布新版本（missing API scope）",
  },
  99991673: { hint: "应用在当前租户不可用：检查应用安装与启用状态（app unavailable）" },
  99991677: { hint: "访问凭证已过期：已重新获取 token（token expired）", retryable: true },
  1254000: { hint: "请求体格式错误（wrong request JSON）" },
  1254001: { hint: "请求体内容错误（wrong request body）" },
  1254003: { hint: "多维表格 app_token 错误：检查 BITABLE_APP_TOKEN（wrong app_token）" },
  1254004: { hint: "数据表 table_id 错误：运行 kam doctor 检查表结构（wrong table_id）" },
  1254005: { hint: "视图 view_id 错误（wrong view_id）" },
  1254006: { hint: "记录 record_id 错误（wrong record_id）" },
  1254015: {
    hint: "字段类型不匹配：写入的值与该列的字段类型不符，可能有人修改了列类型；运行 kam doctor 检查（field type mismatch）",
  },
  1254024: { hint: "field_names 中有不存在的字段名：运行 kam doctor 检查列名（invalid field_names）" },
  1254030: { hint: "响应过大：减小分页大小后重试（response too large）" },
  1254036: { hint: "多维表格正在复制中，请稍后再试（base is copying）", retryable: true },
  1254037: { hint: "幂等键 client_token 格式错误，需要 UUIDv4（invalid client_token）" },
  1254040: {
    hint: "多维表格不存在或应用无权访问：检查 BITABLE_APP_TOKEN 并把应用添加为协作者（base not found）",
  },
  1254041: { hint: "数据表不存在：可能被删除或改名，运行 kam provision 重建（table not found）" },
  1254042: { hint: "视图不存在（view not found）" },
  1254043: { hint: "记录不存在：可能已被删除（record not found）" },
  1254044: { hint: "字段不存在（field not found）" },
  1254045: { hint: "字段名称不存在：可能有人改了列名，运行 kam doctor 检查（field name not found）" },
  1254060: { hint: "文本字段的值格式错误（text field conversion failed）" },
  1254061: { hint: "数字字段的值格式错误（number field conversion failed）" },
  1254062: { hint: "单选字段的值格式错误（single select conversion failed）" },
  1254063: { hint: "多选字段的值格式错误（multi select conversion failed）" },
  1254064: { hint: "日期字段的值格式错误，需要毫秒时间戳（date field conversion failed）" },
  1254065: { hint: "复选框字段的值格式错误（checkbox conversion failed）" },
  1254066: { hint: "人员字段错误：用户 ID 无效或不在应用可见范围内（user field conversion failed）" },
  1254067: { hint: "关联字段错误：关联的记录 ID 无效（link field conversion failed）" },
  1254068: { hint: "超链接字段格式错误（url field conversion failed）" },
  1254072: { hint: "电话号码格式错误（phone field conversion failed）" },
  1254074: { hint: "双向关联字段需要字符串数组（duplex link conversion failed）" },
  1254100: { hint: "数据表数量已达上限（每个多维表格最多 100 个数据表和仪表盘）（too many tables）" },
  1254103: { hint: "数据表记录数已达上限（too many records in table）" },
  1254104: { hint: "单次写入的记录数超过上限（too many records in one call）" },
  1254105: { hint: "字段数量已达上限（too many fields）" },
  1254130: { hint: "单元格内容过大（cell too large）" },
  1254290: { hint: "请求过快，已自动重试（too many requests）", retryable: true },
  1254291: { hint: "写冲突：同一数据表有并发读写，已自动重试（write conflict）", retryable: true },
  1254302: { hint: "应用缺少多维表格的高级权限：授予「可管理」权限（permission denied）" },
  1254304: { hint: "权限不足：把应用添加为多维表格协作者并授予编辑权限（permission denied）" },
  1254607: { hint: "数据未就绪或服务端计算超时，请稍后再试（data not ready）", retryable: true },
  1254608: { hint: "同一请求提交过快，已稍后重试（resubmitted too fast）", retryable: true },
  1255001: { hint: "飞书内部错误，请稍后再试（internal error）", retryable: true },
  1255002: { hint: "飞书内部错误，请稍后再试（RPC error）", retryable: true },
  1255006: { hint: "幂等键冲突：同一 client_token 用于不同内容（client token conflict）" },
  1255040: { hint: "请求超时，已自动重试（request timed out）", retryable: true },
  230001: { hint: "消息参数错误：检查接收者 ID 类型与消息内容（invalid parameter）" },
  230002: { hint: "机器人不在该群中：把应用机器人拉进群（bot not in chat）" },
  230006: { hint: "应用未启用机器人能力：在开发者后台添加「机器人」能力（bot ability off）" },
  230011: { hint: "消息已被撤回或不存在（message recalled）" },
  230013: {
    hint: "用户不在应用可用范围内（或已离职）：在开发者后台「可用范围」中添加该用户并发布版本（user outside availability）",
  },
  230018: { hint: "群设置禁止该操作，例如仅群主可发言（forbidden by chat settings）" },
  230020: { hint: "消息发送频率超限，已降速重试（frequency limit）", retryable: true },
  230022: { hint: "消息包含敏感内容（sensitive content）" },
  230025: { hint: "消息内容超过大小上限：卡片 ≤ 30 KB，文本 ≤ 150 KB（content too large）" },
  230027: { hint: "缺少权限；外部群或外部用户需先为机器人开启「对外共享」（lacking permission）" },
  230031: { hint: "消息发送已超过 14 天，无法再更新（message too old to update）" },
  40001: { hint: "通讯录接口参数错误（invalid parameter）" },
  40004: { hint: "部门不在应用的通讯录权限范围内：调整通讯录权限范围（no department authority）" },
  41012: { hint: "用户 ID 无效（invalid user id）" },
  41050: { hint: "用户不在应用的通讯录权限范围内：调整通讯录权限范围（no user authority）" },
};

/** Token errors after which a fresh tenant token is fetched and the call repeated once. */
export const TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([99991663, 99991668, 99991677]);

export function hintFor(code: number, httpStatus: number): string {
  const known = KNOWN_CODES[code];
  if (known) return known.hint;
  if (httpStatus === 429) return KNOWN_CODES[99991400]!.hint;
  if (httpStatus >= 500) return "飞书服务暂时不可用，请稍后再试（server error）";
  if (code === -2) return "飞书的应答格式无法识别：检查 FEISHU_DOMAIN 是否指向开放平台（unexpected answer）";
  if (code === -1) return "无法连接飞书：检查网络与 FEISHU_DOMAIN 设置（network error）";
  return `飞书返回错误码 ${code}，请查阅开放平台错误码说明（Feishu error ${code}）`;
}

/** A failed Feishu call after the client's own retries: what failed, where, and what to do. */
export class FeishuApiError extends Error {
  override readonly name = "FeishuApiError";
  readonly hint: string;
  readonly retryable: boolean;

  constructor(
    readonly api: string,
    /** Feishu's business code; -1 when no answer arrived (network error, timeout), -2 for an unreadable answer. */
    readonly code: number,
    readonly msg: string,
    readonly httpStatus: number,
    readonly context: FeishuErrorContext = {},
    /** x-tt-logid, which Feishu support asks for. */
    readonly logId?: string,
  ) {
    super(`${api} failed: ${code} ${msg}${context.tableId ? ` (table ${context.tableId})` : ""}`);
    this.hint = hintFor(code, httpStatus);
    this.retryable = KNOWN_CODES[code]?.retryable === true || httpStatus === 429 || httpStatus >= 500;
  }

  /** Fields for a structured log line: ids and codes only, never tokens or payloads. */
  logFields(): Record<string, unknown> {
    return {
      api: this.api,
      code: this.code,
      msg: this.msg,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      ...this.context,
      ...(this.logId ? { logId: this.logId } : {}),
    };
  }
}

type AxiosLikeError = {
  message?: string;
  code?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, string> };
};

/** Turns whatever a call produced (a thrown transport error or a body with code ≠ 0) into a FeishuApiError. */
export function toFeishuError(
  api: string,
  failure: unknown,
  context: FeishuErrorContext = {},
): FeishuApiError {
  if (failure instanceof FeishuApiError) return failure;
  const err = failure as AxiosLikeError;
  if (err && typeof err === "object" && "response" in err && err.response) {
    const body = bodyOf(err.response.data);
    return new FeishuApiError(
      api,
      body.code ?? -1,
      body.msg ?? err.message ?? "request failed",
      err.response.status ?? 0,
      context,
      err.response.headers?.["x-tt-logid"],
    );
  }
  if (failure instanceof Error) {
    // The SDK reports a refused token request (HTTP 200, code ≠ 0) as a plain Error carrying the code.
    const token = /failed to get \w+, code: (\d+), msg: (.*)$/.exec(failure.message);
    if (token) return new FeishuApiError(api, Number(token[1]), token[2] ?? "", 200, context);
    return new FeishuApiError(api, -1, failure.message, 0, context);
  }
  const body = bodyOf(failure);
  return new FeishuApiError(api, body.code ?? -1, body.msg ?? "unexpected answer", 200, context);
}

function bodyOf(data: unknown): { code?: number; msg?: string } {
  if (!data || typeof data !== "object") return {};
  const d = data as { code?: unknown; msg?: unknown };
  return {
    code: typeof d.code === "number" ? d.code : undefined,
    msg: typeof d.msg === "string" ? d.msg : undefined,
  };
}
