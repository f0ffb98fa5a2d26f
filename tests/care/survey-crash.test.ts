import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteLedger } from "../../src/store/sqlite.ts";
import { freePort } from "../support/ports.ts";
import {
  type CareWorld,
  ENCRYPT_KEY,
  pointDeliveriesAt,
  startCareWorld,
  VERIFICATION_TOKEN,
} from "./care-world.ts";
import { messagesTo, waitFor } from "./sandbox-clicks.ts";
import {
  acknowledged,
  addSurveyedAccounts,
  answerRows,
  FAULTS,
  type Submitted,
  submissions,
  submitAll,
} from "./survey-load.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHILD = join(ROOT, "tests/care/survey-service-child.ts");
const AT = "2026-06-22T10:00:00+08:00";
const ADMIN_TOKEN = "care-crash-admin";
const DISTINCT = 1_000;
const AGAIN = 200;
const KILL_AFTER = 600;

type Child = { proc: ChildProcess; url: Promise<string>; exited: Promise<unknown> };

function startChild(w: CareWorld, db: string, port: number): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAM_CARE_SANDBOX: w.sandbox.url,
      KAM_CARE_APP_ID: w.appId,
      KAM_CARE_APP_SECRET: w.appSecret,
      KAM_CARE_APP_TOKEN: w.appToken,
      KAM_CARE_ENCRYPT_KEY: ENCRYPT_KEY,
      KAM_CARE_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      KAM_CARE_ADMIN_TOKEN: ADMIN_TOKEN,
      KAM_CARE_DB: db,
      KAM_CARE_PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = new Promise<string>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on("data", (d) => (out += d));
    proc.once("exit", (code) => reject(new Error(`service child exited (${code}) before ready:\n${out}`)));
  });
  url.catch(() => {});
  return { proc, url, exited: new Promise((r) => proc.once("exit", r)) };
}

describe("no survey answer is lost or doubled when the service is killed mid-way", () => {
  let w: CareWorld;
  let dir: string;
  let child: Child | undefined;

  beforeAll(async () => {
    w = await startCareWorld({ at: AT });
    addSurveyedAccounts(w, 50, w.managers[0]!.open_id);
    dir = mkdtempSync(join(tmpdir(), "kam-care-crash-"));
  }, 30_000);
  afterAll(async () => {
    if (child && child.proc.exitCode === null) {
      child.proc.kill("SIGKILL");
      await child.exited;
    }
    await w?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("SIGKILLs the service while answers are being written, restarts it, and ends with exactly 1,000 rows", async () => {
    const db = join(dir, "ledger.db");
    const port = await freePort();
    child = startChild(w, db, port);
    const url = await child.url;
    await pointDeliveriesAt(w, url);
    const run = await fetch(`${url}/admin/jobs/surveys`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(run.status).toBe(202);
    await waitFor(
      () => [...w.chats.values()].every((c) => messagesTo(w, c).length === 1),
      15_000,
      "50 survey cards",
    );

    w.sandbox.state.faults.set(FAULTS(2_000));
    const started = Date.now();
    let restarted: Promise<void> | undefined;
    let ackedBeforeKill: string[] = [];
    let openAtKill: unknown;
    const results: Submitted[] = await submitAll(w, submissions(w, DISTINCT, AGAIN), {
      concurrency: 16,
      gate: () => restarted,
      onEach: (soFar) => {
        if (soFar.length !== KILL_AFTER || restarted) return;
        ackedBeforeKill = soFar.filter(acknowledged).map((r) => r.respondent);
        const first = child!;
        restarted = (async () => {
          first.proc.kill("SIGKILL");
          await first.exited;
          const left = openSqliteLedger(db);
          openAtKill = await left.get("pending-writes:open:surveys");
          left.close();
          child = startChild(w, db, port);
          expect(await child.url).toBe(url);
        })();
      },
    });
    await restarted;
    // The kill interrupted a batch of answers on its way to Bitable: the restarted drain resent exactly it.
    expect(openAtKill).toMatchObject({ keys: expect.any(Array) });
    // Clicks in flight when the service died failed visibly; people click again.
    const failed = results.filter((r) => !acknowledged(r));
    const retried = await submitAll(w, failed, { concurrency: 8 });
    expect(retried.filter((r) => !acknowledged(r))).toEqual([]);

    const ledger = openSqliteLedger(db);
    try {
      await waitFor(
        async () => (await ledger.pendingWrites(1, Number.MAX_SAFE_INTEGER)).length === 0,
        80_000,
        "the restarted service to drain its queue",
      );
    } finally {
      ledger.close();
    }
    const rows = answerRows(w);
    expect(rows.size).toBe(DISTINCT);
    expect([...rows.values()].filter((n) => n > 1)).toEqual([]);
    const landed = new Set([...rows.keys()].map((id) => id.slice(id.lastIndexOf(":") + 1)));
    expect(ackedBeforeKill.length).toBeGreaterThan(0);
    expect(ackedBeforeKill.filter((r) => !landed.has(r))).toEqual([]);
    console.info(
      `crash test: killed after ${KILL_AFTER} answers (${ackedBeforeKill.length} acknowledged), ${failed.length} clicks failed while down and were resubmitted; all ${DISTINCT} rows after ${Date.now() - started} ms`,
    );
  }, 90_000);
});
