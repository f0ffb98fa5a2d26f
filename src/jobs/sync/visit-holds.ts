import type { VisitHold } from "../../domain/types.ts";
import type { Ledger } from "../../store/ledger.ts";

/**
 * 下次拜访 dates people set from cards (推迟 on a reminder, 创建跟进 on a low-score alert), by account
 * code. The card writes the date into Bitable at once; the hold tells the daily sync not to put the
 * cadence's date back over it until a visit is logged (see domain/cadence.ts).
 */
export type VisitHolds = ReadonlyMap<string, VisitHold>;

const PREFIX = "visit-hold:";

export function visitHoldKey(accountCode: string): string {
  return `${PREFIX}${accountCode}`;
}

/** The latest hold wins: a snooze after a follow-up (or the other way round) replaces it. */
export async function holdVisit(ledger: Ledger, accountCode: string, hold: VisitHold): Promise<void> {
  await ledger.set(visitHoldKey(accountCode), hold);
}

/**
 * The holds of some accounts (an incremental recompute), or every hold (a full sync). One set days ago still
 * counts while no visit has been logged since.
 */
export async function loadVisitHolds(ledger: Ledger, codes?: readonly string[]): Promise<VisitHolds> {
  const entries = codes
    ? await Promise.all(
        codes.map(async (code): Promise<[string, VisitHold | undefined]> => {
          const key = visitHoldKey(code);
          return [key, await ledger.get<VisitHold>(key)];
        }),
      )
    : await ledger.entries<VisitHold>(PREFIX);
  const holds = new Map<string, VisitHold>();
  for (const [key, hold] of entries) {
    if (hold && typeof hold.due === "string" && typeof hold.setOn === "string")
      holds.set(key.slice(PREFIX.length), hold);
  }
  return holds;
}
