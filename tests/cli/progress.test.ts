import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.ts";

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
}

describe("progress output", () => {
  it("redraws one bar in place on a terminal", () => {
    const { chunks, stream } = fakeStream(true);
    let t = 0;
    const p = createProgress("写入 orders", { stream, intervalMs: 100, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t += 150;
      p.update(i * 100, 1000);
    }
    p.done();
    expect(chunks.every((c) => c.startsWith("\r"))).toBe(true);
    expect(chunks.at(-1)).toContain("1000/1000 100%");
    expect(chunks.at(-1)!.endsWith("\n")).toBe(true);
  });

  it("prints plain periodic lines when not a terminal", () => {
    const { chunks, stream } = fakeStream(false);
    let t = 0;
    const p = createProgress("写入 orders", { stream, intervalMs: 2_000, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t += 500;
      p.update(i * 100, 1000);
    }
    p.done("ok");
    expect(chunks.some((c) => c.includes("\r"))).toBe(false);
    expect(chunks.filter((c) => c.startsWith("写入 orders:")).length).toBe(3);
    expect(chunks.at(-1)).toBe("ok\n");
  });
});
