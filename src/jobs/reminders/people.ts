import type { ContactUser } from "../../feishu/contacts.ts";
import type { Services } from "../../services.ts";
import type { Person } from "./plan.ts";

/** A directory lookup that gives undefined for someone the app cannot see (left, or outside its scope). */
export async function findUser(services: Services, openId: string): Promise<ContactUser | undefined> {
  try {
    return await services.client.contacts.getUser(openId);
  } catch (err) {
    services.logger.warn("contacts.user_unknown", { open_id: openId, error: (err as Error).message });
    return undefined;
  }
}

/**
 * Managers and their leaders by open_id: two batch lookups' worth of calls (50 people a call), not one
 * per person. Someone the directory does not show gets an empty name and no leader.
 */
export async function lookUpPeople(
  services: Services,
  managerOpenIds: string[],
): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  const lookUp = async (openIds: string[]) => {
    let found = new Map<string, ContactUser>();
    try {
      found = await services.client.contacts.getUsers(openIds);
    } catch (err) {
      // One refused batch must not blank everyone: ask person by person instead.
      services.logger.warn("contacts.batch_failed", {
        people: openIds.length,
        error: (err as Error).message,
      });
      for (const openId of openIds) {
        const user = await findUser(services, openId);
        if (user) found.set(openId, user);
      }
    }
    for (const openId of openIds) {
      const user = found.get(openId);
      if (!user) services.logger.warn("contacts.user_unknown", { open_id: openId });
      const person: Person = { openId, name: user?.name ?? "" };
      if (user?.leaderUserId) person.leaderOpenId = user.leaderUserId;
      people.set(openId, person);
    }
  };
  await lookUp([...new Set(managerOpenIds)]);
  const leaders = [...people.values()].flatMap((p) =>
    p.leaderOpenId && !people.has(p.leaderOpenId) ? [p.leaderOpenId] : [],
  );
  await lookUp([...new Set(leaders)]);
  return people;
}
