import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("npm start on a fresh checkout (sandbox mode)", () => {
  let child: ChildProcess;
  let output = "";
  let port = 0;
  let sandboxPort = 0;
  let dir = "";
  let started = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kam-start-"));
    port = await freePort();
    sandboxPort = await freePort();
    started = Date.now();
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("FEISHU_") || k === "BITABLE_APP_TOKEN") delete env[k];
    child = spawn(process.execPath, ["bin/kam.js", "serve"], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: String(port),
        SANDBOX_PORT: String(sandboxPort),
        KAM_DB_PATH: join(dir, "kam.db"),
        KAM_SANDBOX_SETTINGS: join(dir, "sandbox.json"),
        KAM_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers /healthz within 20 s of start", async () => {
    let status = 0;
    while (Date.now() - started < 20_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
        status = res.status;
        if (status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status, output).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 25_000);

  it("prints the sandbox console URL and the health URL", async () => {
    for (let i = 0; i < 50 && !output.includes("/healthz"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain(`http://127.0.0.1:${sandboxPort}/`);
    expect(output).toContain(`http://127.0.0.1:${port}/healthz`);
  });

  it("provisions and seeds the demo base in the sandbox", async () => {
    for (let i = 0; i < 300 && !/demo book ready|demo seeding failed/.test(output); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toMatch(/demo book ready/);
    const res = await fetch(`http://127.0.0.1:${sandboxPort}/_sandbox/bases`);
    const body = (await res.json()) as { items: { tables: { name: string; records: number }[] }[] };
    const tables = body.items.flatMap((b) => b.tables);
    expect(tables.find((t) => t.name === "客户")?.records).toBe(300);
    expect(tables.find((t) => t.name === "订单")?.records).toBeGreaterThan(1000);
  }, 40_000);

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(code).toBe(0);
  });
});
