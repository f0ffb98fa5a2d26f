import type { IsoDate, PreviousClassification, Tier } from "../../domain/types.ts";
import { TIERS } from "../../domain/types.ts";
import type { FieldValue } from "../../feishu/codecs.ts";
import type { Ledger } from "../../store/ledger.ts";

/**
 * Where each account stood when the current classification period began.
 *
 * The previous tier and belowBandPeriods come from the account's own cells, but those cells are what
 * the last run wrote: read them afresh on every run and a rerun the same day would count one more
 * period below the band (and downgrade after `downgradePeriods` reruns instead of periods). So the
 * first run of a period notes every account's cells here, and every run of that period (full,
 * incremental, a rerun after a crash) classifies against the same note: same inputs, same tiers,
 * nothing to write the second time.
 *
 * The period is the calendar month: with a daily sync and a 12-month window, "two periods below the
 * band" means two monthly reviews, which is what the hysteresis is for; in days it would be noise.
 */
export type Baseline = {
  period: string;
  /** Account code → [tier or "", belowBandPeriods] as the cells held at the period's first sight. */
  accounts: Record<string, [string, number]>;
  /** Accounts added since it was loaded: save it when true. */
  grown: boolean;
};

export const BASELINE_KEY = "sync:hysteresis-baseline";

export function hysteresisPeriod(day: IsoDate): string {
  return day.slice(0, 7);
}

export async function loadBaseline(ledger: Ledger, day: IsoDate): Promise<Baseline> {
  const period = hysteresisPeriod(day);
  const stored = await ledger.get<Omit<Baseline, "grown">>(BASELINE_KEY);
  if (stored && stored.period === period) return { ...stored, grown: false };
  return { period, accounts: {}, grown: false };
}

export async function saveBaseline(ledger: Ledger, baseline: Baseline): Promise<void> {
  if (!baseline.grown) return;
  await ledger.set(BASELINE_KEY, { period: baseline.period, accounts: baseline.accounts });
  baseline.grown = false;
}

function isTier(v: unknown): v is Tier {
  return TIERS.includes(v as Tier);
}

/** The classification an account is judged against this period; first sight notes its cells. */
export function previousOf(
  baseline: Baseline,
  code: string,
  held: { tier?: FieldValue; belowBandPeriods?: FieldValue },
): PreviousClassification | undefined {
  let entry = baseline.accounts[code];
  if (!entry) {
    const below = typeof held.belowBandPeriods === "number" ? held.belowBandPeriods : 0;
    entry = [isTier(held.tier) ? held.tier : "", below];
    baseline.accounts[code] = entry;
    baseline.grown = true;
  }
  const [tier, belowBandPeriods] = entry;
  return isTier(tier) ? { tier, belowBandPeriods } : undefined;
}
