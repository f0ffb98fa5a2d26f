import { buildLowScoreAlertCard, type LowScoreAlertInput } from "../cards/alert.ts";
import type { Tier } from "../domain/types.ts";
import { decodeRecord, type FieldValue } from "../feishu/codecs.ts";
import {
  type AlertCardState,
  alertCardKey,
  personName,
  type SurveyCardMeta,
  surveyCardKey,
} from "../jobs/card-state.ts";
import { list, text } from "../jobs/read-care-book.ts";
import { sendCardOnce } from "../jobs/send-once.ts";
import { isDue, type WriteSink } from "../jobs/sink-pass.ts";
import type { LowScoreAlertPayload } from "../jobs/survey-landed.ts";
import type { Services } from "../services.ts";

/** An alert that cannot be delivered after this many tries (no owner, owner left) is given up and logged. */
const GIVE_UP_AFTER = 10;

type AccountFacts = {
  name: string;
  code: string;
  ownerId?: string;
  tier: Tier;
  risk?: number;
  riskFlags: string[];
};

/**
 * Low-score alerts, queued when a low answer lands (NPS ≤ 6 or any item ≤ 2 by default) and drained
 * within seconds: one card to the account's owner and one to the owner's leader, with what the customer
 * said, the account's tier and health, and 创建跟进 / 已处理. Sends are keyed by the answer, so a retry
 * or a restart sends neither twice.
 */
export const lowScoreAlerts: WriteSink = async (services, writes, pass) => {
  // Few per pass: each alert is two sends and a directory lookup.
  const due = writes.filter((w) => isDue(w, pass.now)).slice(0, Math.min(20, pass.budget));
  if (due.length === 0) return 0;
  const payloads = due.map((w) => w.payload as LowScoreAlertPayload);
  let accounts: Map<string, AccountFacts>;
  try {
    accounts = await readAccounts(services, [...new Set(payloads.map((p) => p.accountRecordId))]);
  } catch (err) {
    for (const w of due)
      await services.ledger.markWriteFailed(w.key, (err as Error).message, pass.retryAt(w.attempts + 1));
    return due.length;
  }
  for (const [i, w] of due.entries()) {
    const p = payloads[i]!;
    try {
      const account = accounts.get(p.accountRecordId);
      if (!account?.ownerId) throw new Error(`客户 ${p.accountCode} 没有负责人 / the account has no owner`);
      const first = await sendLowScoreAlert(services, p, account as AccountFacts & { ownerId: string });
      await services.ledger.markWritten(w.key, first);
    } catch (err) {
      const attempts = w.attempts + 1;
      const retryAt = attempts >= GIVE_UP_AFTER ? null : pass.retryAt(attempts);
      await services.ledger.markWriteFailed(w.key, (err as Error).message, retryAt);
      services.logger[retryAt === null ? "error" : "warn"]("low_score.alert_failed", {
        account: p.accountCode,
        attempts,
        error: (err as Error).message,
      });
    }
  }
  return due.length;
};

/** Sends the owner's and the leader's cards; returns the owner's message id. */
async function sendLowScoreAlert(
  services: Services,
  p: LowScoreAlertPayload,
  account: AccountFacts & { ownerId: string },
): Promise<string> {
  const alertId = p.answerKey.replace(/^survey:/, "");
  const meta = await services.ledger.get<SurveyCardMeta>(surveyCardKey(p.surveyId));
  const ownerName = meta?.ownerName ?? (await personName(services, account.ownerId, "客户经理"));
  const input: LowScoreAlertInput = {
    alertId,
    accountId: p.accountRecordId,
    accountName: account.name,
    tier: account.tier,
    health: 100 - Math.min(100, Math.max(0, account.risk ?? 0)),
    overall: p.scores.overall,
    nps: p.scores.nps,
    riskFlags: account.riskFlags,
    ownerName,
    date: p.date,
  };
  if (p.comment) input.comment = p.comment;
  if (meta?.contactName) input.contactName = meta.contactName;
  const card = buildLowScoreAlertCard(input);
  const send = (who: "owner" | "leader", openId: string) =>
    sendCardOnce(services, {
      key: `alert:${alertId}:${who}`,
      job: "low-score",
      receiveIdType: "open_id",
      receiveId: openId,
      card,
    });
  const owner = await send("owner", account.ownerId);
  const messageIds = [owner.messageId];
  const leader = await services.client.contacts
    .getUser(account.ownerId)
    .then((u) => u.leaderUserId)
    .catch(() => undefined);
  if (leader && leader !== account.ownerId) messageIds.push((await send("leader", leader)).messageId);
  const state: AlertCardState = { input, messageIds, ownerId: account.ownerId, accountCode: account.code };
  await services.ledger.set(alertCardKey(alertId), state);
  services.metrics.counter("kam_low_score_alerts_total", "Low-score alerts sent.").inc();
  return owner.messageId;
}

async function readAccounts(services: Services, recordIds: string[]): Promise<Map<string, AccountFacts>> {
  const base = await services.base();
  const { id, template } = base.table("accounts");
  const keys = ["code", "name", "owner", "tier", "risk", "riskFlags"];
  const fields = template.fields.filter((f) => keys.includes(f.key));
  const out = new Map<string, AccountFacts>();
  for (const rec of await base.gw.batchGet(id, recordIds)) {
    const v: Record<string, FieldValue> = decodeRecord(fields, rec.fields, { tz: services.config.tz }).values;
    const code = text(v.code) ?? rec.record_id;
    const tier = text(v.tier);
    const facts: AccountFacts = {
      name: text(v.name) ?? code,
      code,
      tier: tier === "A" || tier === "B" ? tier : "C",
      riskFlags: (text(v.riskFlags) ?? "")
        .split(/\n|；|;/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const owner = list(v.owner)[0];
    if (owner) facts.ownerId = owner;
    if (typeof v.risk === "number") facts.risk = v.risk;
    out.set(rec.record_id, facts);
  }
  return out;
}
