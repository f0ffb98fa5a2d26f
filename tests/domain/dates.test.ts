import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  dayOf,
  daysBetween,
  isIsoDate,
  isoOf,
  toIsoDate,
} from "../../src/domain/dates.ts";

describe("dates", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("counts the days between two dates", () => {
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2026-03-01", "2026-02-01")).toBe(-28);
  });

  it("reads the Shanghai calendar day of an instant", () => {
    expect(toIsoDate(Date.parse("2026-11-24T16:00:00Z"))).toBe("2026-11-25");
    expect(toIsoDate(Date.parse("2026-11-24T15:59:59Z"))).toBe("2026-11-24");
    expect(toIsoDate(Date.parse("2026-11-24T15:59:59Z"), 0)).toBe("2026-11-24");
  });

  it("clamps to the month's last day when adding months", () => {
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2024-02-29", -12)).toBe("2023-02-28");
    expect(addMonths("2026-11-25", -12)).toBe("2025-11-25");
  });

  it("rejects days that do not exist", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-1", "20261101", "", "2026-04-31"]) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(isIsoDate("2024-02-29")).toBe(true);
  });

  it("agrees with the platform's UTC calendar on every day", () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 80_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(isoOf(day)).toBe(iso);
        expect(dayOf(iso)).toBe(day);
      }),
    );
  });
});
