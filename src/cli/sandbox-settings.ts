import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Config } from "../config.ts";

/**
 * In sandbox mode, settings the environment did not give are generated once and kept in a local,
 * gitignored file, so `npm start` and later `npx kam …` commands agree on the app and the base.
 */
const KEYS = [
  "FEISHU_APP_ID",
  "FEISHU_APP_SECRET",
  "FEISHU_ENCRYPT_KEY",
  "FEISHU_VERIFICATION_TOKEN",
  "BITABLE_APP_TOKEN",
  "KAM_ADMIN_TOKEN",
] as const;

export function sandboxSettingsPath(env: Record<string, string | undefined>): string {
  return env.KAM_SANDBOX_SETTINGS ?? "./data/sandbox.json";
}

export function readSandboxSettings(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).filter(([k, v]) => KEYS.includes(k as never) && typeof v === "string"),
    ) as Record<string, string>;
  } catch {
    return {};
  }
}

export function writeSandboxSettings(path: string, config: Config): void {
  const values: Record<string, string> = {
    FEISHU_APP_ID: config.appId,
    FEISHU_APP_SECRET: config.appSecret,
    FEISHU_ENCRYPT_KEY: config.encryptKey,
    FEISHU_VERIFICATION_TOKEN: config.verificationToken,
    BITABLE_APP_TOKEN: config.appToken,
    KAM_ADMIN_TOKEN: config.adminToken,
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
}
