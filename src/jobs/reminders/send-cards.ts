import { keepReminderCard, linkReminderMessage } from "../../actions/reminder-card-store.ts";
import { buildEscalationCard } from "../../cards/escalation.ts";
import { buildReminderCard } from "../../cards/reminder.ts";
import type { Services } from "../../services.ts";
import { sendFailure } from "../send-failure.ts";
import { sendCardOnce } from "../send-once.ts";
import type { PlannedEscalation, PlannedReminder, ReminderPlan } from "./plan.ts";

/** One card of the plan: the unit the job acts on (and, on Workers, queues). */
export type CardStep =
  | { kind: "reminder"; card: PlannedReminder }
  | { kind: "escalation"; card: PlannedEscalation };

export type CardOutcome = {
  kind: CardStep["kind"];
  to: string;
  /** unreachable: Feishu refuses the recipient for good (left the company, outside the app's availability…). */
  status: "sent" | "already-sent" | "unreachable" | "failed";
  code?: number;
  error?: string;
};

/**
 * Most subrequests one card costs on Workers: the kept card input (read, write), the send's claim, up to three
 * attempts of the send (the Worker's client retries), its mark, and the message link (read, write).
 */
export const CARD_COST = 9;

export function cardSteps(plan: ReminderPlan): CardStep[] {
  return [
    ...plan.reminders.map((card) => ({ kind: "reminder" as const, card })),
    ...plan.escalations.map((card) => ({ kind: "escalation" as const, card })),
  ];
}

/**
 * Sends one card, keyed (Feishu allows 5 messages/s to one user and 50/s per app; the client paces). A
 * reminder's input is kept before the send and linked to the message after it, so a card action can rebuild it.
 */
export async function sendCard(services: Services, step: CardStep): Promise<CardOutcome> {
  const to = step.kind === "reminder" ? step.card.managerOpenId : step.card.leaderOpenId;
  try {
    const sent =
      step.kind === "reminder"
        ? await sendReminder(services, step.card)
        : await sendEscalation(services, step.card);
    return { kind: step.kind, to, status: sent };
  } catch (err) {
    const failure = sendFailure(err);
    if (failure.permanent) return { kind: step.kind, to, status: "unreachable", code: failure.code };
    return { kind: step.kind, to, status: "failed", error: failure.error };
  }
}

async function sendReminder(services: Services, r: PlannedReminder) {
  const kept = await keepReminderCard(services.ledger, r);
  const sent = await sendCardOnce(services, {
    key: r.key,
    job: "reminders",
    receiveIdType: "open_id",
    receiveId: r.managerOpenId,
    card: buildReminderCard(kept.input),
  });
  await linkReminderMessage(services.ledger, sent.messageId, r.key);
  return sent.status;
}

async function sendEscalation(services: Services, e: PlannedEscalation) {
  const sent = await sendCardOnce(services, {
    key: e.key,
    job: "reminders",
    receiveIdType: "open_id",
    receiveId: e.leaderOpenId,
    card: buildEscalationCard(e.input),
  });
  return sent.status;
}

/** The run's counts from its cards' outcomes. */
export function tallyCards(outcomes: readonly CardOutcome[]) {
  const count = (kind: CardStep["kind"], status: CardOutcome["status"]) =>
    outcomes.filter((o) => o.kind === kind && o.status === status).length;
  return {
    sent: count("reminder", "sent"),
    alreadySent: count("reminder", "already-sent"),
    escalationsSent: count("escalation", "sent"),
    escalationsAlreadySent: count("escalation", "already-sent"),
    unreachable: outcomes.flatMap((o) => (o.status === "unreachable" ? [{ to: o.to, code: o.code }] : [])),
    failed: outcomes.flatMap((o) => (o.status === "failed" ? [{ to: o.to, error: o.error ?? "" }] : [])),
  };
}
