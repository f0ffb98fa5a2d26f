import type { ReminderCardInput } from "../cards/reminder.ts";
import type { Ledger } from "../store/ledger.ts";

/**
 * What each reminder card was built from, kept in the ledger so a card action can rebuild the card with
 * a row marked. Stored under the send key BEFORE the send and then linked to the message id, so the
 * card a user sees and the input kept for it are always the same one, even across a crash and rerun.
 */
export type StoredReminderCard = { key: string; managerOpenId: string; input: ReminderCardInput };

const cardKey = (sendKey: string) => `reminder-card:${sendKey}`;
const messageKey = (messageId: string) => `reminder-message:${messageId}`;

/** The input already kept for this send (a rerun after a crash sends that one), else `fresh`, kept now. */
export async function keepReminderCard(
  ledger: Ledger,
  fresh: StoredReminderCard,
): Promise<StoredReminderCard> {
  const kept = await ledger.get<StoredReminderCard>(cardKey(fresh.key));
  if (kept) return kept;
  await ledger.set(cardKey(fresh.key), fresh);
  return fresh;
}

export async function linkReminderMessage(ledger: Ledger, messageId: string, sendKey: string): Promise<void> {
  if ((await ledger.get<string>(messageKey(messageId))) !== sendKey)
    await ledger.set(messageKey(messageId), sendKey);
}

export async function reminderCardFor(
  ledger: Ledger,
  messageId: string,
): Promise<StoredReminderCard | undefined> {
  const sendKey = await ledger.get<string>(messageKey(messageId));
  return sendKey ? ledger.get<StoredReminderCard>(cardKey(sendKey)) : undefined;
}

// Read-modify-write of one card is serialised, so two rows handled at once both stay marked.
const queues = new Map<string, Promise<unknown>>();

/** Applies `change` to the card's input and keeps the result; undefined when the message is not a reminder card. */
export function changeReminderCard(
  ledger: Ledger,
  messageId: string,
  change: (input: ReminderCardInput) => ReminderCardInput,
): Promise<StoredReminderCard | undefined> {
  const previous = queues.get(messageId) ?? Promise.resolve();
  const next = previous.then(async () => {
    const stored = await reminderCardFor(ledger, messageId);
    if (!stored) return undefined;
    const updated = { ...stored, input: change(stored.input) };
    await ledger.set(cardKey(stored.key), updated);
    return updated;
  });
  const settled = next.catch(() => undefined);
  queues.set(messageId, settled);
  void settled.then(() => {
    if (queues.get(messageId) === settled) queues.delete(messageId);
  });
  return next;
}
