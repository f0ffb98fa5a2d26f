import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CareWorld, ENCRYPT_KEY, startCareWorld, VERIFICATION_TOKEN } from "./care-world.ts";
import { messagesTo } from "./sandbox-clicks.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("kam run <job>", () => {
  let w: CareWorld;
  let dir: string;
  let owner: string;

  const kam = (...args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const env = { ...process.env };
      for (const k of Object.keys(env)) if (k.startsWith("FEISHU_") || k.startsWith("KAM_")) delete env[k];
      const child = spawn(process.execPath, ["bin/kam.js", "run", ...args], {
        cwd: ROOT,
        env: {
          ...env,
          FEISHU_DOMAIN: w.sandbox.url,
          FEISHU_APP_ID: w.appId,
          FEISHU_APP_SECRET: w.appSecret,
          BITABLE_APP_TOKEN: w.appToken,
          FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
          FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
          KAM_DB_PATH: join(dir, "kam.db"),
          KAM_LOG_LEVEL: "error",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      child.once("exit", (code) => resolve({ code, out }));
    });

  beforeAll(async () => {
    w = await startCareWorld({ at: "2026-02-14T09:00:00+08:00" });
    dir = mkdtempSync(join(tmpdir(), "kam-run-"));
    owner = w.managers[0]!.open_id;
    w.addAccounts([{ code: "A1", name: "恒瑞精密制造有限公司", owner, tier: "A" }]);
    w.addContacts([{ name: "王强", account: "A1", title: "采购总监", decisionMaker: true }]);
  }, 30_000);
  afterAll(async () => {
    await w.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the plan of a dry run and sends nothing", async () => {
    const { code, out } = await kam("greetings", "--date", "2026-02-14", "--dry-run");
    expect(code, out).toBe(0);
    expect(out).toContain("预览 dry run");
    expect(out).toContain("春节 2026-02-17");
    expect(out).toContain("王强（恒瑞精密制造有限公司，A）：王总您好");
    expect(messagesTo(w, owner)).toHaveLength(0);
  }, 20_000);

  it("runs the job for the day, then skips it unless forced, sending nothing twice", async () => {
    const first = await kam("greetings", "--date", "2026-02-14");
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain("sent: 1");
    expect(messagesTo(w, owner)).toHaveLength(1);
    const again = await kam("greetings", "--date", "2026-02-14");
    expect(again.out).toContain("跳过 skipped");
    const forced = await kam("greetings", "--date", "2026-02-14", "--force");
    expect(forced.out).toContain("alreadySent: 1");
    expect(messagesTo(w, owner)).toHaveLength(1);
  }, 30_000);

  it("names the jobs it knows when given another", async () => {
    const { code, out } = await kam("nosuchjob");
    expect(code).toBe(2);
    expect(out).toMatch(/unknown job: nosuchjob — one of .*greetings.*surveys/);
  }, 20_000);
});
