import { describe, expect, it } from "vitest";
import type { Job } from "../../src/jobs/job.ts";
import { scheduledTimePassed } from "../../src/runtime/scheduler.ts";

const job = (schedule: string): Job => ({
  name: "t",
  description: "",
  schedule,
  period: () => "p",
  catchUp: true,
  run: async () => ({}),
});
const at = (iso: string) => Date.parse(iso);
const TZ = "Asia/Shanghai";

describe("catching up a missed run at start", () => {
  it("a daily 09:00 job is due after 09:00 Shanghai and not before", () => {
    expect(scheduledTimePassed(job("0 9 * * *"), at("2026-11-25T00:59:00Z"), TZ)).toBe(false);
    expect(scheduledTimePassed(job("0 9 * * *"), at("2026-11-25T01:00:00Z"), TZ)).toBe(true);
  });

  it("a weekday job is not due on Sunday", () => {
    expect(scheduledTimePassed(job("0 9 * * 1-5"), at("2026-11-29T03:00:00Z"), TZ)).toBe(false);
  });

  it("Monday's weekly job missed on Monday is still due on Wednesday of that week", () => {
    expect(scheduledTimePassed(job("0 9 * * 1"), at("2026-11-23T00:30:00Z"), TZ)).toBe(false);
    expect(scheduledTimePassed(job("0 9 * * 1"), at("2026-11-23T01:30:00Z"), TZ)).toBe(true);
    expect(scheduledTimePassed(job("0 9 * * 1"), at("2026-11-25T00:30:00Z"), TZ)).toBe(true);
  });

  it("schedules it cannot read are not caught up", () => {
    expect(scheduledTimePassed(job("*/5 * * * *"), at("2026-11-25T05:00:00Z"), TZ)).toBe(false);
  });
});
