import { describe, expect, it } from "vitest";
import { FeishuApiError, hintFor, toFeishuError } from "../../src/feishu/errors.ts";

describe("FeishuApiError", () => {
  it("reads code, message, status and log id from a transport error", () => {
    const err = toFeishuError(
      "bitable.record.batch_create",
      {
        message: "Request failed with status code 400",
        response: {
          status: 400,
          data: { code: 1254015, msg: "Field types do not match." },
          headers: { "x-tt-logid": "L1" },
        },
      },
      { tableId: "tbl1" },
    );
    expect(err).toMatchObject({
      api: "bitable.record.batch_create",
      code: 1254015,
      httpStatus: 400,
      logId: "L1",
    });
    expect(err.message).toContain("tbl1");
    expect(err.hint).toMatch(/^字段类型不匹配/);
    expect(err.retryable).toBe(false);
  });

  it("reads code and message from an answer with code ≠ 0", () => {
    const err = toFeishuError("im.message.create", {
      code: 230013,
      msg: "Bot has NO availability to this user.",
    });
    expect(err).toMatchObject({ code: 230013, httpStatus: 200 });
    expect(err.hint).toMatch(/^用户不在应用可用范围内/);
  });

  it("marks a failure without an answer as code -1 with a network hint", () => {
    const err = toFeishuError("contact.user.get", new Error("network error: ECONNREFUSED"));
    expect(err.code).toBe(-1);
    expect(err.hint).toMatch(/无法连接飞书/);
  });

  it("reads the code from the SDK's failed token request", () => {
    const err = toFeishuError(
      "bitable.record.search",
      new Error("failed to get tenant_access_token, code: 10015, msg: wrong app secret"),
    );
    expect(err).toMatchObject({ code: 10015, msg: "wrong app secret" });
    expect(err.hint).toMatch(/FEISHU_APP_SECRET/);
  });

  it("hints that an invalid token is refreshed", () =>
    expect(hintFor(99991663, 400)).toMatch(/^访问凭证无效/));

  it("gives unknown codes a generic hint with the code", () =>
    expect(hintFor(1234567, 200)).toContain("1234567"));

  it("counts rate limits and 5xx as retryable", () => {
    expect(new FeishuApiError("x", 99991400, "limit", 429).retryable).toBe(true);
    expect(new FeishuApiError("x", 1255040, "timeout", 504).retryable).toBe(true);
    expect(new FeishuApiError("x", 1254043, "not found", 200).retryable).toBe(false);
  });

  it("logs ids and codes, nothing else", () => {
    const err = new FeishuApiError("bitable.record.search", 1254291, "Write conflict", 200, {
      appToken: "bas",
      tableId: "tbl",
    });
    expect(err.logFields()).toEqual({
      api: "bitable.record.search",
      code: 1254291,
      msg: "Write conflict",
      httpStatus: 200,
      retryable: true,
      appToken: "bas",
      tableId: "tbl",
    });
  });
});
