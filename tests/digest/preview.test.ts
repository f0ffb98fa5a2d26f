import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleDigest } from "../../src/cards/samples.ts";
import { validateCard } from "../../src/cards/validate.ts";
import { PREVIEW_CARDS } from "../../src/cli/preview-command.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "kam-preview-"));
const kam = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/kam.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FEISHU_APP_ID: "" },
  });

describe("kam preview", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the digest's JSON and a page with its four chart containers and VChart beside it", () => {
    const r = kam("preview", "digest", "--out", dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the card passes every rule");
    const card = JSON.parse(readFileSync(join(dir, "digest.json"), "utf8"));
    expect(validateCard(card)).toEqual([]);
    const html = readFileSync(join(dir, "digest.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.match(/<div class="kam-chart" data-spec="/g)).toHaveLength(4);
    expect(html).toContain('<script src="vchart.min.js"></script>');
    expect(html).toContain(".kam-card{");
    expect(existsSync(join(dir, "vchart.min.js"))).toBe(true);
  });

  it("builds the card from --data, in the locale asked for", () => {
    const data = join(dir, "week.json");
    writeFileSync(data, JSON.stringify({ ...sampleDigest(), week: "2030-W01" }));
    const r = kam("preview", "digest", "--data", data, "--out", dir, "--locale", "en_us");
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, "digest.html"), "utf8");
    expect(html).toContain("Key-account weekly · 2030-W01");
    expect(html).toContain('lang="en"');
  });

  it("has a realistic sample for every card, each passing the card rules", () => {
    for (const [name, entry] of Object.entries(PREVIEW_CARDS)) {
      expect([name, validateCard(entry.build(entry.sample(), "zh_cn"))]).toEqual([name, []]);
    }
    expect(Object.keys(PREVIEW_CARDS).sort()).toEqual(
      [
        "alert",
        "digest",
        "escalation",
        "greeting",
        "handover",
        "reminder",
        "status",
        "survey",
        "survey-thanks",
        "visit-form",
      ].sort(),
    );
  });

  it("exits 1 and names the problem when the card breaks a rule", () => {
    const data = join(dir, "huge.json");
    const atRisk = Array.from({ length: 2 }, (_, i) => ({
      accountId: `C${i}`,
      name: "x",
      tier: "A",
      health: 1,
      reason: "y",
    }));
    writeFileSync(data, JSON.stringify({ ...sampleDigest(), atRisk, views: [], week: "W".repeat(40_000) }));
    const r = kam("preview", "digest", "--data", data, "--out", dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("[size]");
  });

  it("refuses an unknown card", () => {
    const r = kam("preview", "poster", "--out", dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("digest");
  });
});
