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

/** Managers and their leaders by open_id (the contacts client caches, so repeats are cheap). */
export async function lookUpPeople(
  services: Services,
  managerOpenIds: string[],
): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  const add = async (openId: string) => {
    if (people.has(openId)) return people.get(openId);
    const user = await findUser(services, openId);
    const person: Person = { openId, name: user?.name ?? "" };
    if (user?.leaderUserId) person.leaderOpenId = user.leaderUserId;
    people.set(openId, person);
    return person;
  };
  for (const id of managerOpenIds) {
    const manager = await add(id);
    if (manager?.leaderOpenId) await add(manager.leaderOpenId);
  }
  return people;
}
