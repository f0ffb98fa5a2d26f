import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { type AccountSpec, cardsTo, type ReminderWorld, startReminderWorld } from "../jobs/reminder-world.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHILD = join(ROOT, "tests/chaos/reminders-child.ts");
const AT = "2026-11-24T09:05:00+08:00";
const KILLS = 20;

/** Every demo manager has a due and an escalated account: 20 reminder cards and 3 escalation cards. */
function book(w: ReminderWorld): AccountSpec[] {
  return w.managers.flatMap((m, i) => [
    { code: `D${i}`, owner: m.open_id, nextVisitDue: "2026-11-24", visitState: "到期" as const },
    { code: `E${i}`, owner: m.open_id, nextVisitDue: "2026-11-01", visitState: "升级" as const },
  ]);
}

type Child = {
  proc: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
};

function startChild(w: ReminderWorld, db: string): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAM_CHAOS_SANDBOX: w.sandbox.url,
      KAM_CHAOS_APP_ID: w.appId,
      KAM_CHAOS_APP_SECRET: w.appSecret,
      KAM_CHAOS_APP_TOKEN: w.appToken,
      KAM_CHAOS_DB: db,
      KAM_CHAOS_AT: String(Date.parse(AT)),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const ready = new Promise<void>((resolve) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("ready")) resolve();
    });
    proc.stderr!.on("data", (d) => (out += d));
    proc.once("exit", () => resolve());
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { proc, ready, exited, output: () => out };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("reminders survive SIGKILL anywhere in the send loop", () => {
  let w: ReminderWorld;
  let dir: string;

  beforeAll(async () => {
    w = await startReminderWorld({ at: AT, rateLimits: true });
    w.addAccounts(book(w));
    // Each send takes a little while, so kills land before, during and after Feishu has the message.
    w.sandbox.state.faults.set([{ api: "im.message.create", rate: 1, codes: [], latencyMs: 25 }]);
    dir = mkdtempSync(join(tmpdir(), "kam-chaos-"));
  });
  afterAll(async () => {
    await w.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ends with exactly one card per manager and per leader: no duplicates, none missing", async () => {
    const db = join(dir, "ledger.db");
    const messages = () => w.sandbox.state.messages.size;
    const total = w.managers.length + new Set(w.managers.map((m) => m.leaderOpenId)).size;
    const killedAt: number[] = [];

    for (let round = 0; round < KILLS; round++) {
      const child = startChild(w, db);
      await child.ready;
      // A random point of the loop: after a random number of further sends, plus a random few ms.
      const target = Math.min(total, messages() + Math.floor(Math.random() * 3));
      const deadline = Date.now() + 5_000;
      while (messages() < target && child.proc.exitCode === null && Date.now() < deadline) await sleep(2);
      await sleep(Math.floor(Math.random() * 40));
      if (child.proc.exitCode === null) {
        child.proc.kill("SIGKILL");
        killedAt.push(messages());
      }
      await child.exited;
    }

    const last = startChild(w, db);
    const code = await last.exited;
    expect(code, last.output()).toBe(0);

    for (const m of w.managers) {
      const cards = cardsTo(w, m.open_id);
      expect(cards, `manager ${m.name}`).toHaveLength(1);
      expect(cards[0]!.text).toContain(`E${w.managers.indexOf(m)} 测试客户有限公司`);
    }
    for (const leader of new Set(w.managers.map((m) => m.leaderOpenId!))) {
      expect(cardsTo(w, leader), `leader ${leader}`).toHaveLength(1);
    }
    expect(messages()).toBe(total);
    // The kills really fell inside the loop, not only before or after it.
    expect(killedAt.some((n) => n > 0 && n < total)).toBe(true);

    const ledger = openSqliteLedger(db);
    const sends = [...(await ledger.sendsFor("reminder:")), ...(await ledger.sendsFor("escalation:"))];
    ledger.close();
    expect(sends).toHaveLength(total);
    expect(sends.every((s) => s.state === "sent")).toBe(true);
  }, 85_000);
});
