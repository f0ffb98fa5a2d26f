import { randomBytes } from "node:crypto";
import { z } from "zod";

/** Where the Open API lives: the named clouds, the sandbox, or any base URL. */
export const DOMAINS = { feishu: "https://open.feishu.cn", lark: "https://open.larksuite.com" } as const;

const EnvSchema = z.object({
  FEISHU_DOMAIN: z.string().optional(),
  FEISHU_APP_ID: z.string().min(1).optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  BITABLE_APP_TOKEN: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  KAM_DB_PATH: z.string().default("./data/kam.db"),
  KAM_ADMIN_TOKEN: z.string().optional(),
  KAM_ADMIN_IDS: z.string().optional(),
  KAM_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  TZ: z.string().default("Asia/Shanghai"),
});

export type Config = {
  mode: "sandbox" | "feishu";
  /** Base URL of the Open API, without trailing slash. */
  domain: string;
  domainName: "feishu" | "lark" | "sandbox" | "custom";
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
  appToken: string;
  port: number;
  sandboxPort: number;
  dbPath: string;
  adminToken: string;
  adminIds: string[];
  logLevel: "debug" | "info" | "warn" | "error";
  tz: string;
  /** Names of settings that were generated because the environment did not give them (sandbox mode only). */
  generated: string[];
};

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once at start. With no app id the service runs against the
 * built-in sandbox and generates whatever credentials are missing; with one, every credential is required.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(
      `配置错误 ${issue.path.join(".")}: ${issue.message} — fix it in the environment or .env`,
    );
  }
  const e = parsed.data;
  const requested = (e.FEISHU_DOMAIN ?? (e.FEISHU_APP_ID ? "feishu" : "sandbox")).trim();
  const generated: string[] = [];
  const gen = (name: string, value: string | undefined, make: () => string) => {
    if (value) return value;
    generated.push(name);
    return make();
  };

  let domain: string;
  let domainName: Config["domainName"];
  if (requested === "sandbox") {
    domainName = "sandbox";
    domain = `http://127.0.0.1:${e.SANDBOX_PORT}`;
  } else if (requested === "feishu" || requested === "lark") {
    domainName = requested;
    domain = DOMAINS[requested];
  } else if (/^https?:\/\/[^\s/]+/.test(requested)) {
    domainName = "custom";
    domain = requested.replace(/\/+$/, "");
  } else {
    throw new ConfigError(
      `配置错误 FEISHU_DOMAIN="${requested}": use feishu, lark, sandbox or a base URL such as https://open.feishu.cn`,
    );
  }

  const mode = domainName === "sandbox" ? "sandbox" : "feishu";
  if (mode === "feishu") {
    for (const name of ["FEISHU_APP_ID", "FEISHU_APP_SECRET", "BITABLE_APP_TOKEN"] as const) {
      if (!e[name]) {
        throw new ConfigError(
          `配置错误 ${name} is missing: it is required when FEISHU_DOMAIN=${requested}; unset FEISHU_APP_ID to use the sandbox`,
        );
      }
    }
    if (!e.FEISHU_ENCRYPT_KEY && !e.FEISHU_VERIFICATION_TOKEN) {
      throw new ConfigError(
        "配置错误 FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN is missing: copy them from the app's 事件与回调 page",
      );
    }
  }

  return {
    mode,
    domain,
    domainName,
    appId: gen("FEISHU_APP_ID", e.FEISHU_APP_ID, () => `cli_sandbox${hex(6)}`),
    appSecret: gen("FEISHU_APP_SECRET", e.FEISHU_APP_SECRET, () => hex(16)),
    encryptKey:
      mode === "sandbox"
        ? gen("FEISHU_ENCRYPT_KEY", e.FEISHU_ENCRYPT_KEY, () => hex(16))
        : (e.FEISHU_ENCRYPT_KEY ?? ""),
    verificationToken:
      mode === "sandbox"
        ? gen("FEISHU_VERIFICATION_TOKEN", e.FEISHU_VERIFICATION_TOKEN, () => hex(16))
        : (e.FEISHU_VERIFICATION_TOKEN ?? ""),
    appToken: gen("BITABLE_APP_TOKEN", e.BITABLE_APP_TOKEN, () => `bascnSandbox${hex(6)}`),
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT,
    dbPath: e.KAM_DB_PATH,
    adminToken: gen("KAM_ADMIN_TOKEN", e.KAM_ADMIN_TOKEN, () => hex(16)),
    adminIds: (e.KAM_ADMIN_IDS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: e.KAM_LOG_LEVEL,
    tz: e.TZ,
    generated: mode === "sandbox" ? generated : generated.filter((g) => g === "KAM_ADMIN_TOKEN"),
  };
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}
