import type { Services } from "../services.ts";
import { dayPeriod, type Job, type JobContext, type JobSummary } from "./job.ts";

const DAY = 86_400_000;

/**
 * How long the ledger keeps what only matters for a while. Card state goes first: a card whose state is
 * gone answers every click with "expired", so no click can outlive the keys that make it run once.
 */
export const RETENTION_DAYS = {
  /** What a card's buttons act on, and what they did (Feishu patches a card for 14 days at most). */
  cardState: 60,
  /** Event ids and card-action keys seen: duplicates of anything younger are still recognised. */
  seen: 90,
  /** Sends and Bitable writes that finished (sent, written, or given up). */
  finished: 90,
} as const;

/** Small-state prefixes that belong to cards and the messages they came in. */
export const CARD_STATE_PREFIXES = [
  "reminder-card:",
  "reminder-message:",
  "greeting-card:",
  "survey-card:",
  "alert-card:",
  "digest:lists:",
  "digest:message:",
  "digest:tiers:",
  "outcome:",
  "resolution:",
  "effect:",
  "followup:",
] as const;

async function runHousekeeping(services: Services, ctx: JobContext): Promise<JobSummary> {
  const { ledger } = services;
  const before = (days: number) => ctx.now - days * DAY;
  if (ctx.dryRun)
    return { dryRun: true, retentionDays: RETENTION_DAYS, cardStatePrefixes: CARD_STATE_PREFIXES };
  let cardState = 0;
  for (const prefix of CARD_STATE_PREFIXES)
    cardState += await ledger.pruneState(prefix, before(RETENTION_DAYS.cardState));
  const seen = await ledger.pruneEvents(before(RETENTION_DAYS.seen));
  const finished = await ledger.pruneFinished(before(RETENTION_DAYS.finished));
  return { cardState, seen, finished };
}

/**
 * Keeps the ledger from growing without end: card state, seen keys and finished sends and writes past
 * their retention are deleted once a day. Accounts' notes, visit holds, policy and sync state are kept.
 */
export const housekeepingJob: Job = {
  name: "housekeeping",
  description: "清理过期的卡片状态、去重记录和已完成的发送 / prune expired ledger rows",
  schedule: "30 3 * * *",
  period: dayPeriod,
  catchUp: true,
  run: runHousekeeping,
};
