import type { Card, ReceiveIdType } from "../feishu/messenger.ts";
import type { Services } from "../services.ts";

export type SendOnceResult = { status: "sent" | "already-sent"; messageId: string };

type Target = { key: string; job: string; receiveIdType: ReceiveIdType; receiveId: string };

/**
 * Sends a message at most once per effect key (design rule 3): the key is the ledger row and Feishu's
 * message uuid. A claim left pending by a crash is sent again with the same uuid, which Feishu
 * de-duplicates for an hour, so a restart neither doubles nor drops the message.
 */
async function sendOnce(
  services: Services,
  msg: Target,
  send: (uuid: string) => Promise<{ messageId: string }>,
): Promise<SendOnceResult> {
  const claim = await services.ledger.claimSend(msg.key, {
    at: services.clock.now(),
    target: `${msg.receiveIdType}:${msg.receiveId}`,
    job: msg.job,
  });
  if (claim.state === "sent" && claim.messageId)
    return { status: "already-sent", messageId: claim.messageId };
  try {
    const sent = await send(msg.key);
    await services.ledger.markSent(msg.key, sent.messageId);
    services.metrics.counter("kam_sends_total", "Messages sent, by job.").inc({ job: msg.job });
    return { status: "sent", messageId: sent.messageId };
  } catch (err) {
    await services.ledger.markFailed(msg.key, (err as Error).message);
    throw err;
  }
}

export function sendCardOnce(services: Services, msg: Target & { card: Card }): Promise<SendOnceResult> {
  const { receiveIdType, receiveId, card } = msg;
  return sendOnce(services, msg, (uuid) =>
    services.client.messenger.sendCard({ receiveIdType, receiveId, uuid, card }),
  );
}

/** Plain text (e.g. a greeting posted into a customer group), keyed the same way. */
export function sendTextOnce(services: Services, msg: Target & { text: string }): Promise<SendOnceResult> {
  const { receiveIdType, receiveId, text } = msg;
  return sendOnce(services, msg, (uuid) =>
    services.client.messenger.sendText({ receiveIdType, receiveId, uuid, text }),
  );
}
