import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const kam = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/kam.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FEISHU_APP_ID: "" },
  });

describe("the kam command", () => {
  it("lists every command in its help", () => {
    const r = kam("--help");
    expect(r.status).toBe(0);
    for (const c of commands) expect(r.stdout).toContain(c.name);
  });

  it.each(commands.map((c) => c.name))("%s has --help", (name) => {
    const r = kam(name, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: kam ${name}`);
  });

  it("refuses an unknown command and an unknown option", () => {
    expect(kam("bogus").status).toBe(2);
    const r = kam("provision", "--frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("frobnicate");
  });
});
