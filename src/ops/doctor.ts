import type { Config } from "../config.ts";
import type { BitableGateway } from "../feishu/bitable.ts";
import type { BaseTemplate } from "../feishu/template.ts";
import { describeAction, provision } from "./provision.ts";

export type Check = { name: string; ok: boolean; detail: string; fix?: string };

const SCOPE_CODES = new Set([99991672, 99991679, 1254302, 1254304, 91403]);

/** Checks, in order, what must hold for the service to work; stops at the first broken link of the chain. */
export async function runDoctor(
  config: Config,
  gw: BitableGateway,
  template: BaseTemplate,
): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push({
    name: "配置 config",
    ok: true,
    detail: `${config.mode === "sandbox" ? "沙箱模式 sandbox" : `飞书 ${config.domainName}`} ${config.domain}, app ${config.appId}`,
  });

  const token = await checkCredentials(config);
  checks.push(token);
  if (!token.ok) return checks;

  try {
    const result = await provision(gw, template, { dryRun: true });
    checks.push({ name: "多维表格 base", ok: true, detail: `app_token ${config.appToken} 可访问 reachable` });
    if (result.actions.length === 0) {
      checks.push({
        name: "数据表与字段 tables & fields",
        ok: true,
        detail: `${template.tables.length} 个数据表与模板一致 match the template`,
      });
    }
    for (const a of result.actions) {
      checks.push({
        name: "数据表与字段 tables & fields",
        ok: false,
        detail: describeAction(a),
        fix:
          a.kind === "type-mismatch"
            ? "在多维表格里修改该字段类型 / change the field type in Bitable"
            : "运行 npx kam provision / run npx kam provision",
      });
    }
  } catch (err) {
    checks.push(baseProblem(err as Error & { code?: number }, config));
  }
  return checks;
}

async function checkCredentials(config: Config): Promise<Check> {
  const name = "凭证与连通 credentials & reachability";
  try {
    const res = await fetch(`${config.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: config.appId, app_secret: config.appSecret }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      code?: number;
      msg?: string;
      tenant_access_token?: string;
    };
    if (body.code === 0 && body.tenant_access_token)
      return { name, ok: true, detail: "tenant_access_token 获取成功 obtained" };
    return {
      name,
      ok: false,
      detail: `登录失败 login failed: code ${body.code ?? res.status} ${body.msg ?? ""}`.trim(),
      fix: "检查 FEISHU_APP_ID / FEISHU_APP_SECRET（开发者后台 → 凭证与基础信息）/ check the app id and secret",
    };
  } catch (err) {
    return {
      name,
      ok: false,
      detail: `无法连接 cannot reach ${config.domain}: ${(err as Error).message}`,
      fix:
        config.mode === "sandbox"
          ? "先运行 npm start 启动沙箱 / start the sandbox with npm start"
          : "检查网络与 FEISHU_DOMAIN / check the network and FEISHU_DOMAIN",
    };
  }
}

function baseProblem(err: Error & { code?: number }, config: Config): Check {
  const code = err.code;
  if (code !== undefined && SCOPE_CODES.has(code)) {
    return {
      name: "权限 scopes",
      ok: false,
      detail: `code ${code}: ${err.message}`,
      fix: "在开发者后台为应用开通 bitable:app 权限，并在多维表格“…→ 添加文档应用”中加入本应用 / grant bitable:app and add the app to the base",
    };
  }
  if (code === 1254040 || code === 1254003) {
    return {
      name: "多维表格 base",
      ok: false,
      detail: `app_token ${config.appToken} 不存在或无效 not found (code ${code})`,
      fix: "BITABLE_APP_TOKEN 取自多维表格链接 /base/<app_token> / take it from the base URL",
    };
  }
  return {
    name: "多维表格 base",
    ok: false,
    detail: err.message,
    fix: "查看上面的错误码说明 / see the error code above",
  };
}
