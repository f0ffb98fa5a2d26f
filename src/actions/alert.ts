import { type AlertActionValue, cardActionValueSchema } from "../cards/action-values.ts";
import { type AlertOutcome, buildLowScoreAlertCard } from "../cards/alert.ts";
import { toasts } from "../cards/status.ts";
import type { CardActionContext, CardActionHandler, CardActionResult } from "../deps.ts";
import { addWorkingDays } from "../domain/calendar.ts";
import type { IsoDate } from "../domain/types.ts";
import { isoDateIn, isoMinuteIn } from "../feishu/zoned-dates.ts";
import { queueAccountPatch } from "../jobs/account-patches.ts";
import { type AlertCardState, alertCardKey, oneAtATime, personName } from "../jobs/card-state.ts";
import { kickPendingWrites } from "../jobs/pending-writes.ts";
import { holdVisit } from "../jobs/sync/visit-holds.ts";
import type { Services } from "../services.ts";
import { authorizeAccountAction } from "./authorize.ts";

/** Working days between a 创建跟进 click and the follow-up visit it asks for. */
export const FOLLOW_UP_WORKING_DAYS = 2;

/** Where the sync job can see a follow-up asked for from an alert, so its own 下次拜访 does not push it back. */
export const followUpKey = (accountCode: string) => `followup:${accountCode}`;

export type FollowUp = { due: IsoDate; alertId: string; by: string; at: number };

type Resolution = { kind: AlertOutcome["kind"]; by: string; atMs: number; due?: IsoDate };

/**
 * 创建跟进 and 已处理 on a low-score alert. The first click on either copy (the owner's or the leader's)
 * resolves the alert; later clicks are told it was handled. 创建跟进 sets the account's 下次拜访 to two
 * working days out and notes it in 风险标记, through the ledger's write queue, so it is idempotent.
 */
export function alertActions(services: Services): Record<string, CardActionHandler> {
  const handle: CardActionHandler = (ctx) => resolveAlert(services, ctx);
  return { "alert.followup": handle, "alert.done": handle };
}

async function resolveAlert(services: Services, ctx: CardActionContext): Promise<CardActionResult> {
  const parsed = cardActionValueSchema.safeParse(ctx.value);
  const value =
    parsed.success && parsed.data.action.startsWith("alert.") ? (parsed.data as AlertActionValue) : undefined;
  const state = value ? await services.ledger.get<AlertCardState>(alertCardKey(value.alertId)) : undefined;
  if (!value || !state) return { toast: toasts.expired() };
  const auth = await authorizeAccountAction(services, ctx.event.operator.open_id, state.ownerId);
  if (!auth.ok) return { toast: auth.toast };
  const key = `alert:${value.alertId}:resolved`;

  const { resolution, fresh } = await oneAtATime(services, key, async () => {
    const first = !(await services.ledger.seenAction(key, services.clock.now()));
    const kept = first ? undefined : await services.ledger.get<Resolution>(`resolution:${key}`);
    if (kept) return { resolution: kept, fresh: false };
    const now = services.clock.now();
    const r: Resolution = {
      kind: value.action === "alert.followup" ? "followup" : "done",
      by: await personName(services, ctx.event.operator.open_id, state.input.ownerName),
      atMs: now,
    };
    if (r.kind === "followup")
      r.due = addWorkingDays(isoDateIn(now, services.config.tz), FOLLOW_UP_WORKING_DAYS);
    await services.ledger.set(`resolution:${key}`, r);
    return { resolution: r, fresh: true };
  });

  if (resolution.kind === "followup" && resolution.due) {
    const followUp: FollowUp = {
      due: resolution.due,
      alertId: value.alertId,
      by: resolution.by,
      at: resolution.atMs,
    };
    await services.ledger.set(followUpKey(state.accountCode), followUp);
    await holdVisit(services.ledger, state.accountCode, {
      kind: "followup",
      due: resolution.due,
      setOn: isoDateIn(resolution.atMs, services.config.tz),
    });
    await queueAccountPatch(services, `followup:${value.alertId}`, {
      recordId: state.input.accountId,
      set: { nextVisitDue: resolution.due },
      riskLine: `已安排跟进：${resolution.due} 前回访（低分预警 ${state.input.date}，${resolution.by}）`,
    });
    kickPendingWrites(services);
  }
  const outcome: AlertOutcome = {
    kind: resolution.kind,
    by: resolution.by,
    at: isoMinuteIn(resolution.atMs, services.config.tz),
  };
  const input = { ...state.input, outcome };
  await services.ledger.set(alertCardKey(value.alertId), { ...state, input });
  const card = buildLowScoreAlertCard(input);
  // The other copy (owner's or leader's) shows the same outcome; a failed patch only leaves it stale.
  if (!fresh) return { toast: toasts.duplicate(), card };
  const others = state.messageIds.filter((id) => id !== ctx.event.context.open_message_id);
  services.background.run(`alert:${value.alertId}:sync-copies`, async () => {
    for (const id of others) await services.client.messenger.patchCard(id, card);
  });
  return { toast: resolution.kind === "followup" ? toasts.followup() : toasts.done(), card };
}
