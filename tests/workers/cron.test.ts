import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { allJobs } from "../../src/jobs/index.ts";
import type { Job } from "../../src/jobs/job.ts";
import { cronMatches, jobsDueAt, localMoment } from "../../src/runtime/worker-cron.ts";
import { ROOT } from "./local-worker.ts";

const TZ = "Asia/Shanghai";
const job = (name: string, schedule: string) => ({ name, schedule }) as Job;
const at = (iso: string) => Date.parse(iso);

describe("matching a Cron Trigger to the jobs' own schedules", () => {
  const jobs = [job("sync", "30 8 * * *"), job("reminders", "0 9 * * *"), job("digest", "0 9 * * 1")];
  const names = (iso: string) => jobsDueAt(jobs, at(iso), TZ).map((j) => j.name);

  it("runs the daily jobs at 01:00 UTC, which is 09:00 in Shanghai", () => {
    expect(names("2026-11-24T01:00:00Z")).toEqual(["reminders"]);
  });

  it("adds the weekly digest on Monday", () => {
    expect(names("2026-11-23T01:00:00Z")).toEqual(["reminders", "digest"]);
  });

  it("runs the sync at 00:30 UTC", () => {
    expect(names("2026-11-24T00:30:00Z")).toEqual(["sync"]);
  });

  it("runs nothing at a minute no job names", () => {
    expect(names("2026-11-24T01:01:00Z")).toEqual([]);
  });

  it("reads weekday names, ranges, steps, lists and Sunday as 7", () => {
    const tuesday9 = localMoment(at("2026-11-24T01:00:00Z"), TZ);
    const sunday9 = localMoment(at("2026-11-29T01:00:00Z"), TZ);
    expect(cronMatches("0 9 * * MON-FRI", tuesday9)).toBe(true);
    expect(cronMatches("0 9 * * SAT,SUN", tuesday9)).toBe(false);
    expect(cronMatches("*/15 8-10 * * *", tuesday9)).toBe(true);
    expect(cronMatches("0 9 * * 7", sunday9)).toBe(true);
    expect(cronMatches("0 9 * NOV *", tuesday9)).toBe(true);
  });

  it("treats two restricted day fields as either-or, as cron does", () => {
    const tuesday24 = localMoment(at("2026-11-24T01:00:00Z"), TZ);
    expect(cronMatches("0 9 1 * TUE", tuesday24)).toBe(true);
    expect(cronMatches("0 9 24 * MON", tuesday24)).toBe(true);
    expect(cronMatches("0 9 1 * MON", tuesday24)).toBe(false);
  });

  it("refuses an expression it cannot read instead of never running", () => {
    const m = localMoment(0, TZ);
    expect(() => cronMatches("0 9 * *", m)).toThrow(/five fields/);
    expect(() => cronMatches("0 25 * * *", m)).toThrow(/out of range/);
  });
});

describe("wrangler.toml's Cron Triggers", () => {
  const crons: string[] = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }).triggers.crons ?? [];
  const utc = (t: number) => localMoment(t, "UTC");

  it("stay within the Free plan's five Cron Triggers per account", () => {
    expect(crons.length).toBeLessThanOrEqual(5);
  });

  it("cover every registered job's time in a whole week, so a new job cannot silently never run", () => {
    const weekStart = at("2026-11-23T00:00:00+08:00");
    for (const j of allJobs) {
      const fires: number[] = [];
      for (let t = weekStart; t < weekStart + 7 * 86_400_000; t += 60_000) {
        if (cronMatches(j.schedule, localMoment(t, TZ))) fires.push(t);
      }
      expect(fires.length, `${j.name} never fires`).toBeGreaterThan(0);
      for (const t of fires) {
        const woken = crons.some((c) => cronMatches(c, utc(t)));
        expect(woken, `${j.name} at ${new Date(t).toISOString()}: add a trigger to wrangler.toml`).toBe(true);
      }
    }
  });
});
