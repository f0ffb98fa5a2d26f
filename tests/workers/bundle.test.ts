import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltWorker, buildWorker } from "./local-worker.ts";

const MiB = 1024 * 1024;

describe("wrangler deploy --dry-run", () => {
  let built: BuiltWorker;
  let code: string;

  beforeAll(async () => {
    built = await buildWorker();
    code = readFileSync(built.scriptPath, "utf8");
    console.log(
      `Worker bundle: ${(built.bytes / 1024).toFixed(0)} KiB, ${(built.gzipBytes / 1024).toFixed(0)} KiB gzipped`,
    );
  }, 60_000);
  afterAll(() => {
    if (built) rmSync(built.dir, { recursive: true, force: true });
  });

  it("bundles the Worker without errors, offline", () => {
    expect(built.output).toContain("--dry-run: exiting now.");
    expect(built.output).not.toMatch(/✘|\[ERROR\]/);
  });

  it("stays under the Free plan's 3 MB (gzipped) Worker size limit", () => {
    expect(built.gzipBytes).toBeLessThan(3 * MiB);
  });

  it("leaves the Node-only modules out: better-sqlite3, node-cron, the Node HTTP server", () => {
    expect(code).not.toMatch(/better-sqlite3|better_sqlite3/);
    expect(code).not.toContain("node-cron");
    expect(code).not.toContain("@hono/node-server");
  });

  it("gives the SDK a __dirname at build time instead of referencing one at load", () => {
    expect(code).not.toMatch(/path\.resolve\(__dirname/);
  });
});
