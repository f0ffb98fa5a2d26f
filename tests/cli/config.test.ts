import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("configuration", () => {
  it("runs on the sandbox with generated credentials when no app id is set", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("sandbox");
    expect(c.domain).toBe("http://127.0.0.1:3001");
    expect(c.port).toBe(3000);
    expect(c.tz).toBe("Asia/Shanghai");
    expect(c.generated).toEqual(
      expect.arrayContaining([
        "FEISHU_APP_ID",
        "FEISHU_APP_SECRET",
        "FEISHU_ENCRYPT_KEY",
        "BITABLE_APP_TOKEN",
      ]),
    );
  });

  it("uses the sandbox credentials given in the environment", () => {
    const c = loadConfig({
      FEISHU_DOMAIN: "sandbox",
      FEISHU_APP_ID: "cli_x",
      FEISHU_APP_SECRET: "s",
      SANDBOX_PORT: "4001",
    });
    expect(c.mode).toBe("sandbox");
    expect(c.appId).toBe("cli_x");
    expect(c.domain).toBe("http://127.0.0.1:4001");
    expect(c.generated).not.toContain("FEISHU_APP_ID");
  });

  it("defaults to Feishu when an app id is set, and then needs every credential", () => {
    expect(() => loadConfig({ FEISHU_APP_ID: "cli_x" })).toThrow(/FEISHU_APP_SECRET is missing/);
    expect(() =>
      loadConfig({ FEISHU_APP_ID: "cli_x", FEISHU_APP_SECRET: "s", BITABLE_APP_TOKEN: "b" }),
    ).toThrow(/FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN/);
    const c = loadConfig({
      FEISHU_APP_ID: "cli_x",
      FEISHU_APP_SECRET: "s",
      BITABLE_APP_TOKEN: "b",
      FEISHU_ENCRYPT_KEY: "k",
    });
    expect(c.domain).toBe("https://open.feishu.cn");
  });

  it("accepts lark and any base URL", () => {
    const base = {
      FEISHU_APP_ID: "a",
      FEISHU_APP_SECRET: "s",
      BITABLE_APP_TOKEN: "b",
      FEISHU_VERIFICATION_TOKEN: "v",
    };
    expect(loadConfig({ ...base, FEISHU_DOMAIN: "lark" }).domain).toBe("https://open.larksuite.com");
    expect(loadConfig({ ...base, FEISHU_DOMAIN: "https://feishu.example.com/" }).domain).toBe(
      "https://feishu.example.com",
    );
  });

  it("rejects a wrong setting with one line naming it", () => {
    expect(() => loadConfig({ FEISHU_DOMAIN: "ftp://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "seventy" })).toThrow(/PORT/);
    try {
      loadConfig({ PORT: "99999" });
    } catch (err) {
      expect((err as Error).message.split("\n")).toHaveLength(1);
    }
  });
});

describe("sandbox settings kept between commands", () => {
  it("stays in sandbox mode when the saved settings hold an app id", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { configWithSandboxSettings } = await import("../../src/cli/context.ts");
    const path = join(mkdtempSync(join(tmpdir(), "kam-settings-")), "sandbox.json");
    const first = configWithSandboxSettings({ KAM_SANDBOX_SETTINGS: path });
    const second = configWithSandboxSettings({ KAM_SANDBOX_SETTINGS: path });
    expect(second.mode).toBe("sandbox");
    expect(second.appId).toBe(first.appId);
    expect(second.appToken).toBe(first.appToken);
    expect(second.generated).toEqual([]);
  });
});
