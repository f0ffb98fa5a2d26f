import { describe, expect, it } from "vitest";
import {
  cardActionValueSchema,
  effectKey,
  reassignFormSchema,
  snoozeFormSchema,
} from "../../src/cards/action-values.ts";
import { callbackValues } from "./card-walk.ts";
import { everyCard } from "./factories.ts";

describe("button values", () => {
  for (const size of ["small", "large"] as const) {
    it(`parse with the shared schema and never share an effect key within a card (${size})`, () => {
      for (const [name, card] of everyCard("甲公司", size)) {
        const values = callbackValues(card);
        for (const v of values)
          expect(cardActionValueSchema.safeParse(v).success, `${name}: ${JSON.stringify(v)}`).toBe(true);
        const keys = values.map((v) => v.k);
        expect(new Set(keys).size, name).toBe(keys.length);
      }
    });
  }

  it("rejects values we never emit", () => {
    expect(cardActionValueSchema.safeParse({ action: "visit.delete", k: "x" }).success).toBe(false);
    expect(
      cardActionValueSchema.safeParse({ action: "alert.done", alertId: "a", accountId: "b" }).success,
    ).toBe(false);
  });

  it("builds effect keys as action:subject:period", () => {
    expect(effectKey("visit.log", "rec1", "2026-11-24")).toBe("visit.log:rec1:2026-11-24");
  });

  it("parses the snooze and reassign forms", () => {
    expect(snoozeFormSchema.parse({ snooze_days: "7", snooze_reason: "客户出差" })).toEqual({
      snooze_days: 7,
      snooze_reason: "客户出差",
    });
    expect(snoozeFormSchema.safeParse({ snooze_days: "5", snooze_reason: "x" }).success).toBe(false);
    expect(snoozeFormSchema.safeParse({ snooze_days: "3", snooze_reason: " " }).success).toBe(false);
    expect(reassignFormSchema.parse({ reassign_to: "ou_1" })).toEqual({
      reassign_to: "ou_1",
      reassign_reason: undefined,
    });
  });
});
