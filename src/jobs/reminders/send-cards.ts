import { keepReminderCard, linkReminderMessage } from "../../actions/reminder-card-store.ts";
import { buildEscalationCard } from "../../cards/escalation.ts";
import { buildReminderCard } from "../../cards/reminder.ts";
import { FeishuApiError } from "../../feishu/errors.ts";
import type { Services } from "../../services.ts";
import { sendCardOnce } from "../send-once.ts";
import type { ReminderPlan } from "./plan.ts";

export type SendOutcome = {
  sent: number;
  alreadySent: number;
  escalationsSent: number;
  escalationsAlreadySent: number;
  /** Recipients Feishu refuses for good (left the company, outside the app's availability…). */
  unreachable: { to: string; code: number }[];
  /** Failures worth another run: the run is reported failed so a rerun retries just these. */
  failed: { to: string; error: string }[];
};

/** Feishu codes after which another try cannot help (230013: outside availability or departed). */
const PERMANENT = new Set([230001, 230006, 230013, 230027]);

/**
 * Sends the plan, one keyed send per card, one after another (Feishu allows 5 messages/s to one user
 * and 50/s per app; the client paces). Every send is keyed, so a rerun sends only what is missing.
 */
export async function sendPlannedCards(services: Services, plan: ReminderPlan): Promise<SendOutcome> {
  const out: SendOutcome = {
    sent: 0,
    alreadySent: 0,
    escalationsSent: 0,
    escalationsAlreadySent: 0,
    unreachable: [],
    failed: [],
  };
  const failure = (to: string, err: unknown) => {
    if (err instanceof FeishuApiError && PERMANENT.has(err.code))
      out.unreachable.push({ to, code: err.code });
    else out.failed.push({ to, error: (err as Error).message ?? String(err) });
  };

  for (const r of plan.reminders) {
    try {
      const kept = await keepReminderCard(services.ledger, r);
      const sent = await sendCardOnce(services, {
        key: r.key,
        job: "reminders",
        receiveIdType: "open_id",
        receiveId: r.managerOpenId,
        card: buildReminderCard(kept.input),
      });
      await linkReminderMessage(services.ledger, sent.messageId, r.key);
      if (sent.status === "sent") out.sent++;
      else out.alreadySent++;
    } catch (err) {
      failure(r.managerOpenId, err);
    }
  }

  for (const e of plan.escalations) {
    try {
      const sent = await sendCardOnce(services, {
        key: e.key,
        job: "reminders",
        receiveIdType: "open_id",
        receiveId: e.leaderOpenId,
        card: buildEscalationCard(e.input),
      });
      if (sent.status === "sent") out.escalationsSent++;
      else out.escalationsAlreadySent++;
    } catch (err) {
      failure(e.leaderOpenId, err);
    }
  }
  return out;
}
