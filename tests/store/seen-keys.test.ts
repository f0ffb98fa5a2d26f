import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHILD = join(ROOT, "tests/store/claim-child.ts");
const at = Date.UTC(2026, 10, 24, 1, 0);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dbFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "kam-seen-"));
  dirs.push(dir);
  return join(dir, "kam.db");
};
const rowsIn = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM seen_keys").pluck().get() as number;
  } finally {
    db.close();
  }
};

describe("dedupe claims", () => {
  it("answers each of the claims made in one turn on its own, the first of a pair new and the second seen", async () => {
    const ledger = openSqliteLedger(":memory:");
    const answers = await Promise.all([
      ledger.seenEvent("a", at),
      ledger.seenEvent("b", at),
      ledger.seenEvent("a", at),
      ledger.seenAction("a", at),
    ]);
    expect(answers).toEqual([false, false, true, false]);
  });

  it("resolves a claim only once its row is committed: another connection already sees it", async () => {
    const path = dbFile();
    const ledger = openSqliteLedger(path);
    expect(await ledger.seenEvent("evt-committed", at)).toBe(false);
    const other = new Database(path, { readonly: true });
    const row = other.prepare("SELECT at FROM seen_keys WHERE kind = 'event' AND key = ?").pluck();
    expect(row.get("evt-committed")).toBe(at);
    other.close();
    ledger.close();
  });

  it("recognises a redelivery after the process died right after its claim", () => {
    const path = dbFile();
    const child = spawnSync(process.execPath, ["--import", "tsx", CHILD, path, "evt-crash"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toBe("false\n");
    const ledger = openSqliteLedger(path);
    return expect(ledger.seenEvent("evt-crash", at)).resolves.toBe(true);
  });

  it("fails only the claim that cannot be stored, not the others of its turn", async () => {
    const ledger = openSqliteLedger(":memory:");
    const answers = await Promise.allSettled([
      ledger.seenEvent("fine-1", at),
      // A time SQLite cannot bind: the insert of this one claim throws.
      ledger.seenEvent("broken", (() => at) as unknown as number),
      ledger.seenEvent("fine-2", at),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await ledger.seenEvent("fine-2", at)).toBe(true);
  });

  it("commits the claims still waiting for the end of the turn when the ledger is closed", async () => {
    const path = dbFile();
    const ledger = openSqliteLedger(path);
    const claim = ledger.seenEvent("evt-at-close", at);
    ledger.close();
    expect(await claim).toBe(false);
    expect(await openSqliteLedger(path).seenEvent("evt-at-close", at)).toBe(true);
  });

  it("keeps every answer right while a background thread checkpoints a busy ledger", async () => {
    const path = dbFile();
    const ledger = openSqliteLedger(path, { backgroundCheckpointsAfter: 0 });
    for (let turn = 0; turn < 12; turn++) {
      const ids = Array.from({ length: 500 }, (_, i) => `evt-${turn}-${i}`);
      // Each turn also repeats an id of the turn before: it must be answered as seen.
      const answers = await Promise.all(
        [...ids, `evt-${Math.max(turn - 1, 0)}-0`].map((id) => ledger.seenEvent(id, at)),
      );
      expect(answers.slice(0, -1).every((seen) => !seen)).toBe(true);
      expect(answers.at(-1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rowsIn(path)).toBe(6_000);
    ledger.close();
    const reopened = openSqliteLedger(path);
    expect(await reopened.seenEvent("evt-11-499", at)).toBe(true);
    reopened.close();
  });
});
