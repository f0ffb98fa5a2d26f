import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PlanAccount, planVisits, visitStateOf } from "../../src/domain/cadence.ts";
import { isWorkingDay } from "../../src/domain/calendar.ts";
import { addDays } from "../../src/domain/dates.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import type { Tier } from "../../src/domain/types.ts";
import { NOW, policyWith } from "./factories.ts";

const plan = (accounts: PlanAccount[], now = NOW, policy = DEFAULT_POLICY) =>
  planVisits({ accounts, policy, now });

describe("next visit due", () => {
  it("is the last visit plus the tier's cadence", () => {
    const [p] = plan([{ id: "C1", tier: "B", lastVisit: "2026-10-27" }]);
    expect(p!.nextVisitDue).toBe("2026-11-26");
  });

  it("moves off a holiday to the next working day", () => {
    const [p] = plan([{ id: "C1", tier: "A", lastVisit: "2026-09-17" }], "2026-09-20");
    expect(p!.cadenceDue).toBe("2026-10-08");
  });

  it("counts from the cooperation start when there has been no visit", () => {
    const [p] = plan([{ id: "C1", tier: "C", since: "2026-10-01" }]);
    expect(p!.nextVisitDue).toBe("2026-12-30");
  });

  it("counts from today when there is neither a visit nor a start date", () => {
    const [p] = plan([{ id: "C1", tier: "A" }]);
    expect(p!.nextVisitDue).toBe("2026-12-09");
  });

  it("plans an executive visit for A accounts from the last executive visit", () => {
    const [a, b] = plan([
      { id: "C1", tier: "A", lastVisit: "2026-11-20", lastExecutiveVisit: "2026-09-01" },
      { id: "C2", tier: "B", lastVisit: "2026-11-20" },
    ]);
    expect(a!.executiveDue).toBe("2026-11-30");
    expect(b!.executiveDue).toBeUndefined();
  });
});

describe("visit state", () => {
  it.each([
    [-30, "ok"],
    [-8, "ok"],
    [-7, "upcoming"],
    [-1, "upcoming"],
    [0, "due"],
    [2, "due"],
    [3, "overdue"],
    [13, "overdue"],
    [14, "escalate"],
  ] as const)("is %i days past due → %s", (days, state) => {
    expect(visitStateOf(days, DEFAULT_POLICY)).toBe(state);
  });

  it("reports days overdue from the working-day due date", () => {
    const [p] = plan([{ id: "C1", tier: "A", lastVisit: "2026-11-01" }]);
    expect(p!.cadenceDue).toBe("2026-11-16");
    expect([p!.state, p!.daysOverdue]).toEqual(["overdue", 9]);
  });
});

describe("spreading a manager's visits", () => {
  const tier = fc.constantFrom<Tier>("A", "B", "C");
  const account = fc.record({
    tier,
    owner: fc.constantFrom("ou_1", "ou_2", "ou_3"),
    lastVisitOffset: fc.integer({ min: -120, max: 0 }),
  });

  it("never puts more than the cap on one manager's day, and only on working days", () => {
    fc.assert(
      fc.property(fc.array(account, { maxLength: 120 }), fc.integer({ min: 1, max: 5 }), (rows, cap) => {
        const policy = policyWith({ maxVisitsPerManagerPerDay: cap });
        const accounts = rows.map((r, i) => ({
          id: `C${i}`,
          tier: r.tier,
          ownerId: r.owner,
          lastVisit: addDays(NOW, r.lastVisitOffset),
        }));
        const plans = plan(accounts, NOW, policy);
        const perDay = new Map<string, number>();
        for (const [i, p] of plans.entries()) {
          const key = `${accounts[i]!.ownerId} ${p.nextVisitDue}`;
          perDay.set(key, (perDay.get(key) ?? 0) + 1);
          expect(isWorkingDay(p.nextVisitDue)).toBe(true);
          expect(p.nextVisitDue >= p.cadenceDue).toBe(true);
        }
        for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it("counts visits already booked for the manager", () => {
    const accounts = [{ id: "C1", tier: "B" as const, ownerId: "ou_1", lastVisit: "2026-10-27" }];
    const [p] = planVisits({
      accounts,
      policy: DEFAULT_POLICY,
      now: NOW,
      ownerLoad: { ou_1: { "2026-11-26": 4 } },
    });
    expect(p!.nextVisitDue).toBe("2026-11-27");
  });

  it("gives the free slots to the better tier first, then by account id", () => {
    const policy = policyWith({ maxVisitsPerManagerPerDay: 1 });
    const same = { ownerId: "ou_1", lastVisit: "2026-10-27" };
    const plans = plan(
      [
        { id: "C2", tier: "C", lastVisit: "2026-08-28", ownerId: "ou_1" },
        { id: "C3", tier: "B", ...same },
        { id: "C1", tier: "B", ...same },
      ],
      NOW,
      policy,
    );
    expect(plans.map((p) => p.nextVisitDue)).toEqual(["2026-11-30", "2026-11-27", "2026-11-26"]);
  });

  it("gives the same plan whatever the input order", () => {
    fc.assert(
      fc.property(fc.array(account, { maxLength: 60 }), (rows) => {
        const accounts = rows.map((r, i) => ({
          id: `C${i}`,
          tier: r.tier,
          ownerId: r.owner,
          lastVisit: addDays(NOW, r.lastVisitOffset),
        }));
        const sorted = (ps: ReturnType<typeof plan>) =>
          [...ps].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
        expect(sorted(plan([...accounts].reverse()))).toEqual(sorted(plan(accounts)));
      }),
    );
  });
});

describe("a 下次拜访 set from a card (visit hold)", () => {
  // NOW is 2026-11-24; B cadence 30 days from the visit on 11-10 → 12-10.
  const b = { id: "C1", tier: "B" as Tier, lastVisit: "2026-11-10", ownerId: "ou_1" };

  it("keeps a snoozed day, even when the cadence would be sooner or later", () => {
    const [later] = plan([{ ...b, visitHold: { kind: "snooze", due: "2026-12-20", setOn: "2026-11-20" } }]);
    expect(later!.nextVisitDue).toBe("2026-12-20");
    const [sooner] = plan([{ ...b, visitHold: { kind: "snooze", due: "2026-11-27", setOn: "2026-11-20" } }]);
    expect(sooner!.nextVisitDue).toBe("2026-11-27");
    expect(sooner!.state).toBe("upcoming");
  });

  it("takes a follow-up date only when it is sooner than the cadence's", () => {
    const hold = (due: string) => ({ kind: "followup" as const, due, setOn: "2026-11-20" });
    expect(plan([{ ...b, visitHold: hold("2026-11-24") }])[0]!.nextVisitDue).toBe("2026-11-24");
    expect(plan([{ ...b, visitHold: hold("2027-01-20") }])[0]!.nextVisitDue).toBe("2026-12-10");
  });

  it("ends once a visit is logged on or after the day it was set", () => {
    const [p] = plan([
      {
        ...b,
        lastVisit: "2026-11-20",
        visitHold: { kind: "snooze", due: "2026-12-20", setOn: "2026-11-20" },
      },
    ]);
    expect(p!.nextVisitDue).toBe("2026-12-21");
  });

  it("is not moved by spreading, though it fills the manager's day", () => {
    const policy = policyWith({ maxVisitsPerManagerPerDay: 1 });
    const snoozed = { kind: "snooze" as const, due: "2026-12-10", setOn: "2026-11-20" };
    const [held, other] = planVisits({
      accounts: [
        { ...b, id: "C9", visitHold: snoozed },
        { ...b, id: "C1" },
      ],
      policy,
      now: NOW,
    });
    expect(held!.nextVisitDue).toBe("2026-12-10");
    expect(other!.nextVisitDue).toBe("2026-12-11");
  });
});
