import type { LowScoreAlertInput } from "../cards/alert.ts";
import type { GreetingCardInput } from "../cards/greeting.ts";
import type { Services } from "../services.ts";

/**
 * What a sent card was built from, kept in the ledger's kv so a click can rebuild the card in place
 * (a callback carries only the button's value) and a late answer can still be thanked by name.
 */
export type GreetingCardState = {
  input: GreetingCardInput;
  ownerId: string;
  /** 客户编号 by account record id, for the care log. */
  accountCodes: Record<string, string>;
};

export type SurveyCardMeta = {
  accountName: string;
  contactName?: string;
  ownerId?: string;
  ownerName?: string;
};

export type AlertCardState = {
  input: LowScoreAlertInput;
  /** The owner's and the leader's copies: a click on one updates the other. */
  messageIds: string[];
  ownerId: string;
  accountCode: string;
};

export const greetingCardKey = (messageId: string) => `greeting-card:${messageId}`;
export const surveyCardKey = (surveyId: string) => `survey-card:${surveyId}`;
export const alertCardKey = (alertId: string) => `alert-card:${alertId}`;

const locks = new WeakMap<Services, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` after every earlier call with the same key has finished (in this process): two rows clicked
 * at once on one card must not each rebuild it from the state before the other's change.
 */
export function oneAtATime<T>(services: Services, key: string, fn: () => Promise<T>): Promise<T> {
  let chains = locks.get(services);
  if (!chains) {
    chains = new Map();
    locks.set(services, chains);
  }
  const before = chains.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => {});
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return run;
}

/** A person's display name, or `fallback` when the directory cannot say (departed, outside the app's scope). */
export async function personName(services: Services, openId: string, fallback = openId): Promise<string> {
  try {
    const user = await services.client.contacts.getUser(openId);
    return user.name || fallback;
  } catch {
    return fallback;
  }
}

/** Owners' display names, 50 a directory call; someone the directory does not show is left out. */
export async function ownerNames(services: Services, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  try {
    const users = await services.client.contacts.getUsers(unique);
    return new Map([...users].flatMap(([id, u]) => (u.name ? [[id, u.name] as const] : [])));
  } catch (err) {
    services.logger.warn("contacts.batch_failed", { people: unique.length, error: (err as Error).message });
    const names = await Promise.all(unique.map((id) => personName(services, id, "")));
    return new Map(unique.flatMap((id, i) => (names[i] ? [[id, names[i]] as const] : [])));
  }
}
