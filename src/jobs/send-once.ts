import type { Card, ReceiveIdType } from "../feishu/messenger.ts";
import type { Services } from "../services.ts";

export type SendOnceResult = { status: "sent" | "already-sent"; messageId: string };

/**
 * Sends a card at most once per effect key (design rule 3): the key is the ledger row and Feishu's
 * message uuid. A claim left pending by a crash is sent again with the same uuid, which Feishu
 * de-duplicates for an hour, so a restart neither doubles nor drops the message.
 */
export async function sendCardOnce(
  services: Services,
  msg: { key: string; job: string; receiveIdType: ReceiveIdType; receiveId: string; card: Card },
): Promise<SendOnceResult> {
  const claim = await services.ledger.claimSend(msg.key, {
    at: services.clock.now(),
    target: `${msg.receiveIdType}:${msg.receiveId}`,
    job: msg.job,
  });
  if (claim.state === "sent" && claim.messageId)
    return { status: "already-sent", messageId: claim.messageId };
  try {
    const sent = await services.client.messenger.sendCard({
      receiveIdType: msg.receiveIdType,
      receiveId: msg.receiveId,
      uuid: msg.key,
      card: msg.card,
    });
    await services.ledger.markSent(msg.key, sent.messageId);
    services.metrics.counter("kam_sends_total", "Messages sent, by job.").inc({ job: msg.job });
    return { status: "sent", messageId: sent.messageId };
  } catch (err) {
    await services.ledger.markFailed(msg.key, (err as Error).message);
    throw err;
  }
}
