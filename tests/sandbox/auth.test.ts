import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/server.ts";
import { startSandbox } from "../../src/sandbox/server.ts";

/** The SDK logs every failed call; the failures here are the point, so keep the output clean. */
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

const APP = { appId: "cli_sandbox_auth", appSecret: "auth-secret" };
const USER = { open_id: "ou_zhaolei", name: "赵磊", email: "lei.zhao@example.com" };
const MINUTE = 60_000;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, apps: [APP] });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await post("/_sandbox/reset", {});
  await post("/_sandbox/seed/org", { users: [USER] });
  await post("/_sandbox/tokens/expire", {}); // reset keeps issued tokens; each test starts without a live one
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const login = (secret = APP.appSecret) =>
  post("/open-apis/auth/v3/tenant_access_token/internal", { app_id: APP.appId, app_secret: secret });
const advance = (ms: number) => post("/_sandbox/clock", { advanceMs: ms });

/** An SDK call made with a given token, answering Feishu's {status, code}. */
async function sendWith(token: string) {
  const client = new lark.Client({
    ...APP,
    domain: sandbox.url,
    loggerLevel: lark.LoggerLevel.error,
    logger: quiet,
    disableTokenCache: true,
  });
  const data = { receive_id: USER.open_id, msg_type: "text", content: JSON.stringify({ text: "hi" }) };
  try {
    const res = await client.im.message.create(
      { params: { receive_id_type: "open_id" }, data },
      lark.withTenantToken(token),
    );
    return { status: 200, code: res.code };
  } catch (err) {
    const res = (err as { response: { status: number; data: { code: number } } }).response;
    return { status: res.status, code: res.data.code };
  }
}

describe("tenant_access_token", () => {
  it("issues a token for two hours and gives the same one back while over 30 minutes remain", async () => {
    const first = await login();
    expect(first.body).toMatchObject({ code: 0, expire: 7200 });
    expect(first.body.tenant_access_token).toMatch(/^t-/);
    await advance(60 * MINUTE);
    const again = await login();
    expect(again.body.tenant_access_token).toBe(first.body.tenant_access_token);
    expect(again.body.expire).toBeLessThanOrEqual(3600);
  });

  it("issues a new token under 30 minutes before expiry, and the old one keeps working", async () => {
    const first = (await login()).body.tenant_access_token as string;
    await advance(91 * MINUTE);
    const renewed = await login();
    expect(renewed.body.tenant_access_token).not.toBe(first);
    expect(renewed.body.expire).toBe(7200);
    expect(await sendWith(first)).toEqual({ status: 200, code: 0 });
  });

  it("gives no token for a wrong secret", async () => {
    const res = await login("wrong");
    expect(res.body.code).not.toBe(0);
    expect(res.body.tenant_access_token).toBeUndefined();
  });

  it("lets the SDK fetch and use a token on its own", async () => {
    const client = new lark.Client({
      ...APP,
      domain: sandbox.url,
      loggerLevel: lark.LoggerLevel.error,
      logger: quiet,
      cache: new lark.DefaultCache(),
    });
    const res = await client.contact.user.get({ path: { user_id: USER.open_id } });
    expect(res.data?.user?.name).toBe(USER.name);
  });
});

describe("calls with a bad token", () => {
  it("answers 99991663 for an expired tenant token (the docs' code for it)", async () => {
    const { tenant_access_token: token, expire } = (await login()).body as {
      tenant_access_token: string;
      expire: number;
    };
    await advance(expire * 1000 + MINUTE);
    expect(await sendWith(token)).toEqual({ status: 400, code: 99991663 });
  });

  it("answers 99991663 for a token it never issued", async () => {
    expect(await sendWith("t-forged")).toEqual({ status: 400, code: 99991663 });
  });

  it("answers 99991661 when no token is sent", async () => {
    const res = await post("/open-apis/im/v1/messages?receive_id_type=open_id", { receive_id: USER.open_id });
    expect(res.body.code).toBe(99991661);
  });

  it("answers 99991663 after the control API expires every token", async () => {
    const token = (await login()).body.tenant_access_token as string;
    await post("/_sandbox/tokens/expire", {});
    expect(await sendWith(token)).toMatchObject({ code: 99991663 });
  });
});
