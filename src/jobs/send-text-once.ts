import type { ReceiveIdType } from "../feishu/messenger.ts";
import type { Services } from "../services.ts";
import type { SendOnceResult } from "./send-once.ts";

/** sendCardOnce for plain text (a greeting posted into a customer group): keyed, at most once. */
export async function sendTextOnce(
  services: Services,
  msg: { key: string; job: string; receiveIdType: ReceiveIdType; receiveId: string; text: string },
): Promise<SendOnceResult> {
  const claim = await services.ledger.claimSend(msg.key, {
    at: services.clock.now(),
    target: `${msg.receiveIdType}:${msg.receiveId}`,
    job: msg.job,
  });
  if (claim.state === "sent" && claim.messageId)
    return { status: "already-sent", messageId: claim.messageId };
  try {
    const sent = await services.client.messenger.sendText({
      receiveIdType: msg.receiveIdType,
      receiveId: msg.receiveId,
      uuid: msg.key,
      text: msg.text,
    });
    await services.ledger.markSent(msg.key, sent.messageId);
    services.metrics.counter("kam_sends_total", "Messages sent, by job.").inc({ job: msg.job });
    return { status: "sent", messageId: sent.messageId };
  } catch (err) {
    await services.ledger.markFailed(msg.key, (err as Error).message);
    throw err;
  }
}
